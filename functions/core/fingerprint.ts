import { COMPREHEND_ENGINE } from "./analyze/comprehend-requests.js";
import type { TranslateUsage } from "./document.js";
import type { PipelineSettings } from "./settings.js";
import { sha256Hex } from "./sha256.js";

/** Bump when the fingerprint's inputs change meaning: every document then counts as stale. */
const FINGERPRINT_VERSION = "1";

/** Hex digits kept: 64 bits tell configurations apart; the full hash would only add noise. */
const FINGERPRINT_HEX_DIGITS = 16;

/** How an article was (or would now be) translated: what `usage.translate` records. */
export type TranslationProfile = Pick<TranslateUsage, "engine" | "glossary" | "options">;

export interface FingerprintInput {
  readonly settings: PipelineSettings;
  readonly translation: TranslationProfile;
  /** The analyser's engine id (`amazon-comprehend`, `builtin`). */
  readonly analyzer: string;
}

/**
 * The one definition of "the configuration that shaped this document": every setting that
 * changes what an enriched document says or whether it is produced, the translation engine with
 * its glossary (content hash) and options, and the analyser. Stamped into
 * `producer.fingerprint`; `depeche replay` re-runs documents whose fingerprint differs from the
 * one the current configuration gives. A new setting that shapes documents belongs here.
 */
export function documentFingerprint(input: FingerprintInput): string {
  const { settings, translation } = input;
  const options = Object.entries(translation.options ?? {})
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  // JSON of an array: unambiguous field boundaries, stable order.
  const identity = JSON.stringify([
    FINGERPRINT_VERSION,
    settings.sourceLanguage,
    settings.targetLanguage,
    settings.maxObjectBytes,
    settings.maxTranslateBytes,
    settings.translateChunkBytes,
    settings.summarySentences,
    translation.engine,
    translation.glossary?.sha256 ?? null,
    options,
    input.analyzer,
    // Comprehend's English entities from targeted sentiment (the default since issue 20) name
    // other things than BatchDetectEntities did: documents made before differ. The old way
    // ("detect-entities") adds nothing, so its documents keep their fingerprint.
    ...(input.analyzer === COMPREHEND_ENGINE && settings.comprehendEntities !== "detect-entities"
      ? [["entities", settings.comprehendEntities]]
      : []),
    // The generative summariser and its budgets shape the summary; the extractive default adds
    // nothing, so documents made before summarisers were settings keep their fingerprint.
    ...(settings.summarizer === "extractive"
      ? []
      : [
          [
            settings.summarizer,
            settings.bedrockModelId ?? null,
            settings.summaryInputTokens,
            settings.summaryOutputTokens,
          ],
        ]),
  ]);
  return sha256Hex(identity).slice(0, FINGERPRINT_HEX_DIGITS);
}
