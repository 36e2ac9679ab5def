import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { ServiceCallCounter } from "../adapters/aws/service-calls.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import { createStageHandler } from "../handlers/stage-handler.js";
import { translateDefinition } from "../handlers/translate-definition.js";
import { amazonTranslatorFromEnvironment } from "./amazon-translator.js";
import { readEnvironment } from "./environment.js";
import { stageObservability } from "./observability.js";

// Composition root of the translate Lambda: clean/<name>.json → english/<name>.json.
const env = readEnvironment();
const { logger, tracer, metrics, instrument } = stageObservability("translate");
const store = new S3ArticleStore(tracer.captureAWSv3Client(new S3Client({})), env.bucket);
const calls = new ServiceCallCounter();
const translator = amazonTranslatorFromEnvironment(env, {
  capture: (client) => tracer.captureAWSv3Client(client),
  calls,
});

export const handler = instrument(
  createStageHandler({
    bucket: env.bucket,
    store,
    maxReceiveCount: env.settings.maxReceiveCount,
    log: logger,
    metrics,
    serviceCalls: calls,
    definition: translateDefinition(
      { translator, cache: storeTranslationCache(store) },
      env.settings,
    ),
  }),
);
