import type { LanguagePair, TranslationOptions } from "../ports.js";
import type { PipelineSettings } from "../settings.js";

/**
 * Target languages Amazon Translate applies formality to (customizing-translations-formality);
 * English is not one, so fr→en never sends it.
 */
export const FORMALITY_TARGETS: readonly string[] = [
  "nl",
  "fr",
  "fr-CA",
  "de",
  "hi",
  "it",
  "ja",
  "ko",
  "pt-PT",
  "es",
  "es-MX",
];

/** The Translate options of the settings that the service applies to this pair. */
export function amazonTranslationOptions(
  settings: Pick<
    PipelineSettings,
    "translateProfanity" | "translateBrevity" | "translateFormality"
  >,
  pair: LanguagePair,
): TranslationOptions {
  const formality = settings.translateFormality;
  return {
    ...(settings.translateProfanity === "mask" ? { profanity: "mask" as const } : {}),
    ...(settings.translateBrevity === "on" ? { brevity: "on" as const } : {}),
    ...(formality !== "default" && FORMALITY_TARGETS.includes(pair.target) ? { formality } : {}),
  };
}
