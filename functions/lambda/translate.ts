import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import { createStageHandler } from "../handlers/stage-handler.js";
import { translateDefinition } from "../handlers/translate-definition.js";
import { amazonTranslatorFromEnvironment } from "./amazon-translator.js";
import { readEnvironment } from "./environment.js";

// Composition root of the translate Lambda: clean/<name>.json → english/<name>.json.
const env = readEnvironment();
const store = new S3ArticleStore(new S3Client({}), env.bucket);
const translator = amazonTranslatorFromEnvironment(env);

export const handler = createStageHandler({
  bucket: env.bucket,
  store,
  maxReceiveCount: env.settings.maxReceiveCount,
  log: new Logger(),
  definition: translateDefinition(
    { translator, cache: storeTranslationCache(store) },
    env.settings,
  ),
});
