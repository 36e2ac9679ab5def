import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import type { Stage } from "../core/keys.js";
import {
  createStageHandler,
  type ServiceCalls,
  type SqsHandler,
  type StageDefinition,
} from "../handlers/stage-handler.js";
import { type LambdaEnvironment, readEnvironment } from "./environment.js";
import { stageObservability } from "./observability.js";
import type { XRayTracer } from "./xray-tracer.js";

/**
 * What every stage Lambda's composition root starts from: its settings, its Powertools, the
 * bucket behind a traced S3 client, and `handler`, which wires a stage definition into the
 * shell with them. Each root then only builds what is its own (Translate, Comprehend, ...).
 */
export interface StageLambda {
  readonly env: LambdaEnvironment;
  readonly tracer: XRayTracer;
  readonly store: S3ArticleStore;
  handler<Input>(definition: StageDefinition<Input>, serviceCalls?: ServiceCalls): SqsHandler;
}

export function stageLambda(stage: Stage): StageLambda {
  const env = readEnvironment();
  const { logger, tracer, metrics, instrument } = stageObservability(stage);
  const store = new S3ArticleStore(tracer.captureAWSv3Client(new S3Client({})), env.bucket);
  return {
    env,
    tracer,
    store,
    handler: (definition, serviceCalls) =>
      instrument(
        createStageHandler({
          bucket: env.bucket,
          store,
          maxReceiveCount: env.settings.maxReceiveCount,
          log: logger,
          metrics,
          definition,
          ...(serviceCalls === undefined ? {} : { serviceCalls }),
        }),
      ),
  };
}
