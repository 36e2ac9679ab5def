import type { TargetType } from "./analyze/target-entities.js";
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
  /**
   * Conditional write (S3 `If-Match`): write only if the current object's ETag is this one;
   * otherwise (changed or deleted since) throw `PreconditionFailedError` and write nothing.
   */
  readonly ifMatch?: string;
  /** Conditional create (S3 `If-None-Match: *`): write only if the key does not exist yet. */
  readonly ifNoneMatch?: "*";
  /** User metadata stored with the object (S3 `x-amz-meta-*`); keys lower-case. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What a HEAD answers: the object's identity and metadata, without its body. */
export interface ObjectHead {
  readonly etag: string;
  readonly size: number;
  /** The user metadata written with the object (empty when none). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Blob storage keyed by path-like keys (`incoming/…`, `enriched/…`). One bucket or folder. */
export interface ArticleStore {
  /** Resolves `undefined` when the key does not exist. */
  get(key: string, options?: ReadOptions): Promise<StoredObject | undefined>;
  /** Identity of the current object without its body; `undefined` when the key does not exist. */
  head(key: string): Promise<ObjectHead | undefined>;
  /** Throws `PreconditionFailedError` when a condition in `options` does not hold. */
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

/**
 * Where an engine saw something: `block` is `null` for the title, else an index into
 * `AnalysisInput.paragraphs`; `start`/`end` are UTF-16 offsets into that block
 * (`block.slice(start, end)`).
 */
export interface RawSpan {
  readonly block: number | null;
  readonly start: number;
  readonly end: number;
}

/** One occurrence of a name, as the engine typed and scored it. */
export interface RawEntityMention extends RawSpan {
  /** The words as the engine reported them ("M. Lavrov", "Turkey's"). */
  readonly text: string;
  readonly type: EntityType;
  /** Engine confidence, 0..1. */
  readonly score: number;
}

/** One occurrence of a noun phrase. */
export interface RawPhraseMention extends RawSpan {
  readonly text: string;
  /** Engine confidence, 0..1 (the offline engine reports 1). */
  readonly score: number;
}

/** Sentiment of one part of the text (a Comprehend document, an offline sentence). */
export interface RawSentimentPart extends RawSpan {
  readonly scores: SentimentScores;
}

/**
 * Sentiment towards one mention (Comprehend targeted sentiment). Mentions the engine resolved
 * to the same thing ("Peskov" … "he") share a `group` number.
 */
export interface RawTargetMention extends RawSpan {
  readonly text: string;
  readonly group: number;
  /** What the engine says the mention is ("PERSON", "ATTRIBUTE", "PERSONAL_TITLE"…). */
  readonly type: TargetType;
  /** Engine confidence that the mention is an entity of that type, 0..1. */
  readonly score: number;
  readonly scores: SentimentScores;
}

export interface AnalyzeUsage {
  /** Characters sent to a billed service (0 for offline engines). */
  readonly billedCharacters: number;
  readonly requests: number;
  /** Comprehend bills 100-character units with a 3-unit minimum per document and feature. */
  readonly units: number;
}

/**
 * What an engine saw in one article, unranked and unmerged: the core (`buildAnalysis`) merges,
 * ranks and aggregates it the same way for every engine.
 */
export interface RawAnalysis {
  /**
   * Named mentions; `null` when the engine found them through its targeted sentiment, whose
   * mentions the core reads entities from (`entitiesFromTargets`).
   */
  readonly entities: readonly RawEntityMention[] | null;
  readonly keyPhrases: readonly RawPhraseMention[];
  /** Parts covering the text; the document sentiment is their size-weighted mean. */
  readonly sentiment: readonly RawSentimentPart[];
  /** Per-mention sentiment when the engine has it, `null` when it does not (offline). */
  readonly targets: readonly RawTargetMention[] | null;
  readonly usage: AnalyzeUsage;
}

/**
 * Mentions, phrases and sentiment of English texts. Takes several articles at once, so an
 * engine with batch APIs can fill its batches across articles; returns one `RawAnalysis` per
 * input, same order.
 */
export interface TextAnalyzer {
  readonly engine: string;
  analyze(inputs: readonly AnalysisInput[]): Promise<RawAnalysis[]>;
  /**
   * The same, with one outcome per input: an engine that shares requests across articles
   * (Comprehend's batches) fails only the articles whose documents failed. Optional: without
   * it, a failed `analyze` fails every input.
   */
  analyzeEach?(inputs: readonly AnalysisInput[]): Promise<(RawAnalysis | Error)[]>;
}

/** What the core sends a generative summariser (built by `core/summarize/prompt.ts`). */
export interface CompletionRequest {
  readonly system: string;
  readonly user: string;
  /** The model stops after this many output tokens. */
  readonly maxOutputTokens: number;
}

export interface Completion {
  readonly text: string;
  /** Why the model stopped, as the service says it ("end_turn", "max_tokens", "content_filtered"…). */
  readonly stopReason: string;
  /** Tokens as the service counted (and bills) them. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Requests made, retries included. */
  readonly requests: number;
}

/**
 * A generative model behind the summary step (Amazon Bedrock). The core writes the prompt and
 * judges the answer; the adapter only carries them to the service and back.
 */
export interface Summarizer {
  readonly engine: string;
  readonly modelId: string;
  complete(request: CompletionRequest): Promise<Completion>;
}
