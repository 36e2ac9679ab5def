import type { Glossary } from "./translate/glossary.js";

/**
 * The seams of the core. Adapters in `functions/adapters/aws` and `functions/adapters/local`
 * implement them; handlers and the CLI choose which ones to pass in.
 */

/** An object read from the article store, with the identity needed for idempotency. */
export interface StoredObject {
  readonly bytes: Uint8Array;
  /** The store's entity tag, unquoted (S3: MD5 of the body for single-part uploads). */
  readonly etag: string;
  readonly size: number;
  readonly contentType?: string | undefined;
}

export interface ReadOptions {
  /** Refuse (throw `InputError("TOO_LARGE")`) before buffering a body larger than this. */
  readonly maxBytes?: number;
}

export interface WriteOptions {
  readonly contentType?: string;
}

/** Blob storage keyed by path-like keys (`incoming/…`, `enriched/…`). One bucket or folder. */
export interface ArticleStore {
  /** Resolves `undefined` when the key does not exist. */
  get(key: string, options?: ReadOptions): Promise<StoredObject | undefined>;
  /** Identity of the current object without its body; `undefined` when the key does not exist. */
  head(key: string): Promise<{ readonly etag: string; readonly size: number } | undefined>;
  put(key: string, body: Uint8Array | string, options?: WriteOptions): Promise<void>;
  delete(key: string): Promise<void>;
}

/** An object as a listing names it: enough to decide whether to read it. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** Unquoted entity tag. */
  readonly etag: string;
}

/** Lists the objects under a key prefix, in key order (S3 ListObjectsV2, a folder walk). */
export interface ObjectLister {
  list(prefix: string): AsyncIterable<ListedObject>;
}

export interface LanguagePair {
  readonly source: string;
  readonly target: string;
}

export interface TranslationOutput {
  /** One translated paragraph per input paragraph, same order. */
  readonly paragraphs: readonly string[];
  /** Characters sent to a billed service (0 for offline engines). */
  readonly billedCharacters: number;
  /** Requests made to the engine. */
  readonly requests: number;
}

/**
 * Service options that change what an engine returns (Amazon Translate's `Settings`), as the
 * engine applied them. Part of the translation-cache key and of `usage.translate`.
 */
export interface TranslationOptions {
  readonly profanity?: "mask" | undefined;
  readonly brevity?: "on" | undefined;
  readonly formality?: "formal" | "informal" | undefined;
}

/** Translates whole paragraphs; the adapter owns request sizing for its engine. */
export interface Translator {
  /** Stable engine id; part of the translation-cache key. */
  readonly engine: string;
  /** The user's glossary the engine applies to every request, if any. */
  readonly glossary?: Glossary | undefined;
  /** Options applied to every request (empty or absent: the engine's defaults). */
  readonly options?: TranslationOptions | undefined;
  translate(paragraphs: readonly string[], pair: LanguagePair): Promise<TranslationOutput>;
}

export type EntityType =
  | "PERSON"
  | "LOCATION"
  | "ORGANIZATION"
  | "COMMERCIAL_ITEM"
  | "EVENT"
  | "DATE"
  | "QUANTITY"
  | "TITLE"
  | "OTHER";

export type SentimentLabel = "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED";

export interface SentimentScores {
  readonly positive: number;
  readonly negative: number;
  readonly neutral: number;
  readonly mixed: number;
}

export interface KeyPhrase {
  readonly text: string;
  readonly score: number;
}

export interface Entity {
  readonly text: string;
  readonly type: EntityType;
  readonly score: number;
}

export interface AnalysisInput {
  readonly title: string | null;
  readonly paragraphs: readonly string[];
  /** ISO 639-1 code of the text (always "en" in this pipeline). */
  readonly language: string;
}

export interface AnalysisOutput {
  readonly keyPhrases: readonly KeyPhrase[];
  readonly entities: readonly Entity[];
  readonly sentiment: { readonly label: SentimentLabel; readonly scores: SentimentScores };
  readonly usage: {
    /** Characters sent to a billed service (0 for offline engines). */
    readonly billedCharacters: number;
    readonly requests: number;
    /** Comprehend bills 100-character units with a 3-unit minimum per document and feature. */
    readonly units: number;
  };
}

/** Key phrases, entities and sentiment of an English text. */
export interface TextAnalyzer {
  readonly engine: string;
  analyze(input: AnalysisInput): Promise<AnalysisOutput>;
}
