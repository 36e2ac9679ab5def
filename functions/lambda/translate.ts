import { ServiceCallCounter } from "../adapters/aws/service-calls.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import { translateDefinition } from "../handlers/translate-definition.js";
import { amazonTranslatorFromEnvironment } from "./amazon-translator.js";
import { stageLambda } from "./stage-lambda.js";

// Composition root of the translate Lambda: clean/<name>.json → english/<name>.json.
const { env, tracer, store, handler: stageHandler } = stageLambda("translate");
const calls = new ServiceCallCounter();
const translator = amazonTranslatorFromEnvironment(env, {
  capture: (client) => tracer.captureAWSv3Client(client),
  calls,
});

export const handler = stageHandler(
  translateDefinition({ translator, cache: storeTranslationCache(store) }, env.settings),
  calls,
);
