import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { cleanDefinition } from "../handlers/clean-definition.js";
import { createStageHandler } from "../handlers/stage-handler.js";
import { readEnvironment } from "./environment.js";
import { stageObservability } from "./observability.js";

// Composition root of the clean Lambda: incoming/<name> → clean/<name>.json.
const env = readEnvironment();
const { logger, tracer, metrics, instrument } = stageObservability("clean");
const store = new S3ArticleStore(tracer.captureAWSv3Client(new S3Client({})), env.bucket);

export const handler = instrument(
  createStageHandler({
    bucket: env.bucket,
    store,
    maxReceiveCount: env.settings.maxReceiveCount,
    log: logger,
    metrics,
    definition: cleanDefinition(env.bucket, env.settings),
  }),
);
