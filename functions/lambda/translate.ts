import { readFileSync } from "node:fs";
import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import { TranslateClient } from "@aws-sdk/client-translate";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import {
  AmazonTranslator,
  amazonTranslationOptions,
} from "../adapters/aws/translate-translator.js";
import { parseGlossary } from "../core/translate/glossary.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import { createStageHandler } from "../handlers/stage-handler.js";
import { translateDefinition } from "../handlers/translate-definition.js";
import { BUNDLED_GLOSSARY_FILE, readEnvironment } from "./environment.js";

// Composition root of the translate Lambda: clean/<name>.json → english/<name>.json.
const env = readEnvironment();
const store = new S3ArticleStore(new S3Client({}), env.bucket);
const pair = { source: env.settings.sourceLanguage, target: env.settings.targetLanguage };
// The stack's glossary, bundled with the code: its terms key the translation cache.
const terminology =
  env.terminologyName === undefined
    ? undefined
    : {
        name: env.terminologyName,
        glossary: parseGlossary(
          readFileSync(new URL(`./${BUNDLED_GLOSSARY_FILE}`, import.meta.url), "utf8"),
          {
            file: BUNDLED_GLOSSARY_FILE,
            name: env.glossaryName,
            sourceLanguage: pair.source,
            targetLanguage: pair.target,
          },
        ),
      };
const translator = new AmazonTranslator(
  // The adapter retries throttling and 5xx itself, with bounded backoff.
  new TranslateClient({ maxAttempts: 1 }),
  {
    chunkBytes: env.settings.translateChunkBytes,
    terminology,
    options: amazonTranslationOptions(env.settings, pair),
  },
);

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
