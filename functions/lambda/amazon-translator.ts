import { readFileSync } from "node:fs";
import { TranslateClient } from "@aws-sdk/client-translate";
import { SERVICE_RETRY, type ServiceCallCounter } from "../adapters/aws/service-calls.js";
import {
  AmazonTranslator,
  amazonTranslationOptions,
} from "../adapters/aws/translate-translator.js";
import { parseGlossary } from "../core/translate/glossary.js";
import { BUNDLED_GLOSSARY_FILE, type LambdaEnvironment } from "./environment.js";

/**
 * The Amazon translator of a Lambda that translates (the translate stage and the replay), built
 * one way from its environment: the stack's glossary is bundled with the code (its terms key the
 * translation cache) and named as the Translate terminology of every request.
 */
export function amazonTranslatorFromEnvironment(
  env: LambdaEnvironment,
  observe: {
    /** Wraps the client (the stage tracer's `captureAWSv3Client`: X-Ray subsegments). */
    readonly capture?: (client: TranslateClient) => TranslateClient;
    /** Counts requests and SDK retries for the stage's metrics. */
    readonly calls?: ServiceCallCounter;
  } = {},
): AmazonTranslator {
  const pair = { source: env.settings.sourceLanguage, target: env.settings.targetLanguage };
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
  return new AmazonTranslator(
    // Throttling and 5xx are retried by the SDK's adaptive retry strategy.
    (observe.capture ?? ((client) => client))(new TranslateClient({ ...SERVICE_RETRY })),
    {
      chunkBytes: env.settings.translateChunkBytes,
      requestConcurrency: env.settings.serviceRequestConcurrency,
      calls: observe.calls,
      terminology,
      options: amazonTranslationOptions(env.settings, pair),
    },
  );
}
