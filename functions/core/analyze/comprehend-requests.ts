import { comprehendUnitsFor } from "../pricing.js";
import type { PipelineSettings } from "../settings.js";
import { characterCount } from "../text/measure.js";
import { type PackedDocument, packDocumentsMapped } from "./chunk.js";

/** Batch* operations reject a document over 5,000 UTF-8 bytes (TextSizeLimitExceededException). */
export const COMPREHEND_MAX_DOCUMENT_BYTES = 5_000;

/** Batch* operations reject more than 25 documents (BatchSizeLimitExceededException). */
export const COMPREHEND_MAX_BATCH_DOCUMENTS = 25;

/** Targeted sentiment is English-only (DetectTargetedSentiment, "Supported languages"). */
export const TARGETED_SENTIMENT_LANGUAGES: ReadonlySet<string> = new Set(["en"]);

export type ComprehendFeature = "keyPhrases" | "entities" | "sentiment" | "targetedSentiment";

/** The engine id the Amazon analyser records in `usage.analyze.engine`. */
export const COMPREHEND_ENGINE = "amazon-comprehend";

/** The `comprehendEntities` setting: where English entities come from. */
export type EntitySource = PipelineSettings["comprehendEntities"];

/**
 * The Comprehend features sent for every document of an article, each billed separately at the
 * same unit price. Where targeted sentiment exists (English) its mentions also give the entities
 * (`entitiesFromTargets`) unless `entities` asks for BatchDetectEntities as well: three requests
 * per batch of documents instead of four, and a quarter less Comprehend spend. Elsewhere
 * BatchDetectEntities gives them and there is no targeted sentiment.
 */
export function comprehendFeaturesFor(
  language: string,
  entities: EntitySource = "targeted-sentiment",
): readonly ComprehendFeature[] {
  if (!TARGETED_SENTIMENT_LANGUAGES.has(language)) return ["keyPhrases", "entities", "sentiment"];
  return entities === "detect-entities"
    ? ["keyPhrases", "entities", "sentiment", "targetedSentiment"]
    : ["keyPhrases", "sentiment", "targetedSentiment"];
}

/**
 * What the analyze stage sends under these settings: its text is in `targetLanguage`. The stack
 * grants these operations, `depeche estimate` prices them, the bench counts them.
 */
export function comprehendFeatures(
  settings: Pick<PipelineSettings, "targetLanguage" | "comprehendEntities">,
): readonly ComprehendFeature[] {
  return comprehendFeaturesFor(settings.targetLanguage, settings.comprehendEntities);
}

/** The Batch* operation of each feature (also its IAM action, `comprehend:<operation>`). */
export const COMPREHEND_OPERATIONS: Readonly<Record<ComprehendFeature, string>> = {
  keyPhrases: "BatchDetectKeyPhrases",
  entities: "BatchDetectEntities",
  sentiment: "BatchDetectSentiment",
  targetedSentiment: "BatchDetectTargetedSentiment",
};

/**
 * The documents the Amazon analyser sends for an article (title first, then paragraphs), each of
 * ≤ `maxBytes` UTF-8 bytes: the adapter sends exactly these, and `depeche estimate` prices them.
 */
export function comprehendDocuments(
  article: { readonly title: string | null; readonly paragraphs: readonly string[] },
  maxBytes: number = COMPREHEND_MAX_DOCUMENT_BYTES,
): string[] {
  return comprehendPackedDocuments(article, maxBytes).map((d) => d.text);
}

/**
 * `comprehendDocuments` with each document's map back to its blocks: block 0 is the title,
 * block i + 1 paragraph i.
 */
export function comprehendPackedDocuments(
  article: { readonly title: string | null; readonly paragraphs: readonly string[] },
  maxBytes: number = COMPREHEND_MAX_DOCUMENT_BYTES,
): PackedDocument[] {
  return packDocumentsMapped([article.title ?? "", ...article.paragraphs], maxBytes);
}

/** Units billed when each of `features` answers every document on the first try. */
export function comprehendUnitsOf(
  documents: readonly string[],
  features: readonly ComprehendFeature[],
): number {
  const perFeature = documents.reduce(
    (sum, document) => sum + comprehendUnitsFor(characterCount(document)),
    0,
  );
  return features.length * perFeature;
}
