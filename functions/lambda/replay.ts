import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { ComprehendAnalyzer } from "../adapters/aws/comprehend-analyzer.js";
import { EventSourceSpendGuard } from "../adapters/aws/event-source-guard.js";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { SERVICE_RETRY } from "../adapters/aws/service-calls.js";
import { summarizerFor } from "../adapters/aws/summarizer-on-demand.js";
import { DIMENSION, METRIC_NAMESPACE, SERVICE_NAME } from "../core/metrics.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import {
  createReplayRunner,
  type ReplayItemResult,
  replayItemOf,
} from "../handlers/replay-item.js";
import { amazonTranslatorFromEnvironment } from "./amazon-translator.js";
import { readEnvironment } from "./environment.js";

// Composition root of the replay Lambda: one object of a replay state machine's map run.
const env = readEnvironment();
const mappingId = process.env.TRANSLATE_EVENT_SOURCE_MAPPING;
if (mappingId === undefined || mappingId === "") {
  throw new Error("Environment variable TRANSLATE_EVENT_SOURCE_MAPPING is required");
}
/** The archive bucket the deployer named, if any: the only other bucket items may come from. */
const archiveBucket = process.env.REPLAY_SOURCE_BUCKET;
const s3 = new S3Client({});
const pipeline = new S3ArticleStore(s3, env.bucket);
const archive = archiveBucket ? new S3ArticleStore(s3, archiveBucket) : undefined;
const log = new Logger();
const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: SERVICE_NAME });

const run = createReplayRunner({
  pipelineBucket: env.bucket,
  pipeline,
  sourceStore: (bucket) => {
    if (bucket === env.bucket) return pipeline;
    if (archive !== undefined && bucket === archiveBucket) return archive;
    throw new Error(`bucket ${bucket} is neither the pipeline bucket nor the replay source bucket`);
  },
  deps: {
    translator: amazonTranslatorFromEnvironment(env),
    analyzer: new ComprehendAnalyzer(new ComprehendClient({ ...SERVICE_RETRY }), {
      requestConcurrency: env.settings.serviceRequestConcurrency,
      entities: env.settings.comprehendEntities,
    }),
    summarizer: await summarizerFor(env.settings),
    cache: storeTranslationCache(pipeline),
  },
  settings: env.settings,
  spendGuard: new EventSourceSpendGuard(new LambdaClient({}), mappingId),
  log,
});

/** The characters a replay bills count toward the same daily ceiling as the translate stage's. */
function publish(result: ReplayItemResult): void {
  if (result.translateCharacters === 0) return;
  metrics.addDimension(DIMENSION.stage, "translate");
  metrics.addMetric("TranslateCharactersBilled", MetricUnit.Count, result.translateCharacters);
  metrics.publishStoredMetrics();
}

export const handler = async (event: unknown): Promise<ReplayItemResult> => {
  const result = await run(replayItemOf(event, env.settings.maxReceiveCount));
  log.info("replayed", { ...result });
  publish(result);
  return result;
};
