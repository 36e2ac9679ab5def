/**
 * Every tunable number of the pipeline, named, with the reason for its value. Handlers and the
 * CLI may override them (stack props → environment → `PipelineSettings`); the core reads them
 * only from the object it is given.
 */
export interface PipelineSettings {
  /** Largest object the clean stage reads. */
  readonly maxObjectBytes: number;
  /** Largest cleaned text (UTF-8 bytes) sent to translation. */
  readonly maxTranslateBytes: number;
  /** Request size for Amazon Translate, in UTF-8 bytes. */
  readonly translateChunkBytes: number;
  readonly sourceLanguage: string;
  readonly targetLanguage: string;
  /** Sentences in the extractive summary. */
  readonly summarySentences: number;
}

/**
 * 5 MiB: a long feature article as HTML is ~300 KB; 5 MiB leaves room for inline scripts and
 * styles while keeping a 512 MB Lambda far from memory pressure.
 */
export const DEFAULT_MAX_OBJECT_BYTES = 5 * 1024 * 1024;

/**
 * 100 KB of clean text ≈ 15,000 words, three times the longest news feature; beyond that the
 * input is almost surely a dump, not an article, and translating it would cost > $1.50.
 */
export const DEFAULT_MAX_TRANSLATE_BYTES = 100_000;

/**
 * Amazon Translate rejects a TranslateText request over 10,000 UTF-8 bytes; 9,000 leaves room for
 * the paragraph separators and any normalisation the service applies.
 */
export const DEFAULT_TRANSLATE_CHUNK_BYTES = 9_000;

/** Hard ceiling for `translateChunkBytes`: Amazon Translate's documented request limit. */
export const TRANSLATE_REQUEST_LIMIT_BYTES = 10_000;

/** Three sentences read in about ten seconds. */
export const DEFAULT_SUMMARY_SENTENCES = 3;

export const DEFAULT_SETTINGS: PipelineSettings = {
  maxObjectBytes: DEFAULT_MAX_OBJECT_BYTES,
  maxTranslateBytes: DEFAULT_MAX_TRANSLATE_BYTES,
  translateChunkBytes: DEFAULT_TRANSLATE_CHUNK_BYTES,
  sourceLanguage: "fr",
  targetLanguage: "en",
  summarySentences: DEFAULT_SUMMARY_SENTENCES,
};

/**
 * Bound for reading a stage document (`clean/…json`, `english/…json`): it carries the French and
 * the English text, each at most `maxTranslateBytes`, JSON-escaped; 4× plus 64 KiB of metadata
 * covers both with room for escapes.
 */
export function stageDocumentMaxBytes(settings: PipelineSettings): number {
  return 4 * settings.maxTranslateBytes + 64 * 1024;
}
