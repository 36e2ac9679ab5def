/**
 * The Amazon `TextAnalyzer`: Comprehend's BatchDetectKeyPhrases, BatchDetectEntities and
 * BatchDetectSentiment on the English text.
 *
 * 1. The title and paragraphs are packed into documents of ≤ 5,000 UTF-8 bytes (the per-document
 *    limit of every Batch* operation, key phrases and entities included), split on sentence
 *    boundaries, never inside a character (`packDocuments`).
 * 2. Each feature sends the documents in batches of ≤ 25 (the Batch* limit), the three features
 *    concurrently.
 * 3. A batch call that fails with throttling or a 5xx is retried with capped exponential backoff;
 *    documents in the response's `ErrorList` are re-sent alone, with the same bound. A document
 *    that still fails ends the analysis with `TransientError` naming it; one that can never
 *    succeed (size, language, invalid request) with `InputError`. No document is dropped.
 * 4. Results are merged across documents: key phrases and entities by `mergePhraseMentions` /
 *    `mergeEntityMentions`, sentiment by `aggregateSentiment` (weights = document bytes).
 */
import {
  BatchDetectEntitiesCommand,
  type BatchDetectEntitiesItemResult,
  BatchDetectKeyPhrasesCommand,
  type BatchDetectKeyPhrasesItemResult,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentItemResult,
  type BatchItemError,
  type ComprehendClient,
  type LanguageCode,
} from "@aws-sdk/client-comprehend";
import {
  COMPREHEND_MAX_BATCH_DOCUMENTS,
  COMPREHEND_MAX_DOCUMENT_BYTES,
  comprehendDocuments,
} from "../../core/analyze/comprehend-requests.js";
import {
  type EntityMention,
  MAX_KEY_PHRASES,
  mergePhraseMentions,
  type PhraseMention,
  rankEntities,
  salientScore,
} from "../../core/analyze/merge.js";
import {
  aggregateSentiment,
  NEUTRAL_SENTIMENT,
  type WeightedSentiment,
} from "../../core/analyze/sentiment.js";
import { EntityTypeSchema } from "../../core/document.js";
import { asError, InputError, TransientError } from "../../core/errors.js";
import type {
  AnalysisInput,
  AnalysisOutput,
  Entity,
  EntityType,
  KeyPhrase,
  TextAnalyzer,
} from "../../core/ports.js";
import { comprehendUnitsFor } from "../../core/pricing.js";
import { characterCount, utf8Bytes } from "../../core/text/measure.js";
import { cappedBackoffMs, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, sleep } from "./backoff.js";

export { COMPREHEND_MAX_BATCH_DOCUMENTS, COMPREHEND_MAX_DOCUMENT_BYTES };

/**
 * Attempts per batch call and per failed document, first try included. With the default
 * backoff that is ~0.2 + 0.4 + 0.8 s ≈ 1.4 s of waiting at most per batch: well inside the
 * analyze Lambda's timeout, and enough for a throttling burst to pass.
 */
const DEFAULT_MAX_ATTEMPTS = 4;

/** Languages Comprehend analyses for key phrases, entities and sentiment (all three). */
const SUPPORTED_LANGUAGES: ReadonlySet<string> = new Set<LanguageCode>([
  "ar",
  "de",
  "en",
  "es",
  "fr",
  "hi",
  "it",
  "ja",
  "ko",
  "pt",
  "zh",
  "zh-TW",
]);

/** Exceptions a later attempt can succeed after (throttling, server-side faults, timeouts). */
const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "InternalServerException",
  "ServiceUnavailableException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
]);

/** Exceptions about the request itself: resending the same text cannot succeed. */
const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  "TextSizeLimitExceededException",
  "BatchSizeLimitExceededException",
  "InvalidRequestException",
  "UnsupportedLanguageException",
]);

/**
 * ErrorList codes about the document itself. Comprehend does not enumerate its item error codes;
 * anything else (INTERNAL_SERVER_ERROR, throttling) is treated as transient and retried.
 */
const PERMANENT_ITEM_ERROR = /SIZE_LIMIT|UNSUPPORTED_LANGUAGE|INVALID/iu;

/** Comprehend's entity types are ours, one for one; anything new maps to OTHER. */
const ENTITY_TYPES: ReadonlySet<string> = new Set<EntityType>(EntityTypeSchema.options);

function isLanguageCode(value: string): value is LanguageCode {
  return SUPPORTED_LANGUAGES.has(value);
}

function isEntityType(value: string | undefined): value is EntityType {
  return value !== undefined && ENTITY_TYPES.has(value);
}

export interface ComprehendAnalyzerOptions {
  /** Largest document sent, in UTF-8 bytes; at most `COMPREHEND_MAX_DOCUMENT_BYTES`. */
  readonly maxDocumentBytes?: number;
  /** Documents per Batch* call; at most `COMPREHEND_MAX_BATCH_DOCUMENTS`. */
  readonly batchSize?: number;
  /** Attempts per call and per failed document, first try included. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Waits between attempts; tests pass a fake that records the delays. */
  readonly sleep?: (ms: number) => Promise<void>;
}

type Feature = "keyPhrases" | "entities" | "sentiment";

interface BatchResponse<R> {
  readonly ResultList?: R[] | undefined;
  readonly ErrorList?: BatchItemError[] | undefined;
}

interface Usage {
  billedCharacters: number;
  requests: number;
  units: number;
}

interface Failure {
  readonly document: number;
  readonly code: string;
  readonly message: string;
}

function errorName(error: unknown): string {
  const value = asError(error);
  const code: unknown = Reflect.get(value, "code");
  return typeof code === "string" && RETRYABLE_ERRORS.has(code) ? code : value.name;
}

function isRetryable(error: unknown): boolean {
  if (RETRYABLE_ERRORS.has(errorName(error))) return true;
  if (typeof error !== "object" || error === null) return false;
  const metadata: unknown = Reflect.get(error, "$metadata");
  const status: unknown =
    typeof metadata === "object" && metadata !== null
      ? Reflect.get(metadata, "httpStatusCode")
      : undefined;
  return typeof status === "number" && (status >= 500 || status === 429);
}

function clamp(value: number | undefined, fallback: number, max: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1) throw new RangeError(`invalid option ${chosen}`);
  return Math.min(chosen, max);
}

export class ComprehendAnalyzer implements TextAnalyzer {
  readonly engine = "amazon-comprehend";

  private readonly maxDocumentBytes: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: ComprehendClient,
    options: ComprehendAnalyzerOptions = {},
  ) {
    this.maxDocumentBytes = clamp(
      options.maxDocumentBytes,
      COMPREHEND_MAX_DOCUMENT_BYTES,
      COMPREHEND_MAX_DOCUMENT_BYTES,
    );
    this.batchSize = clamp(
      options.batchSize,
      COMPREHEND_MAX_BATCH_DOCUMENTS,
      COMPREHEND_MAX_BATCH_DOCUMENTS,
    );
    this.maxAttempts = clamp(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, Number.MAX_SAFE_INTEGER);
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.sleep = options.sleep ?? sleep;
  }

  async analyze(input: AnalysisInput): Promise<AnalysisOutput> {
    const language = input.language;
    if (!isLanguageCode(language)) {
      throw new InputError(
        "UNSUPPORTED_LANGUAGE",
        `Amazon Comprehend does not analyse "${language}"`,
      );
    }
    const documents = comprehendDocuments(input, this.maxDocumentBytes);
    const usage: Usage = { billedCharacters: 0, requests: 0, units: 0 };
    if (documents.length === 0) {
      return { keyPhrases: [], entities: [], sentiment: NEUTRAL_SENTIMENT, usage };
    }

    const [phraseResults, entityResults, sentimentResults] = await Promise.all([
      this.detect<BatchDetectKeyPhrasesItemResult>("keyPhrases", documents, usage, (TextList) =>
        this.client.send(new BatchDetectKeyPhrasesCommand({ TextList, LanguageCode: language })),
      ),
      this.detect<BatchDetectEntitiesItemResult>("entities", documents, usage, (TextList) =>
        this.client.send(new BatchDetectEntitiesCommand({ TextList, LanguageCode: language })),
      ),
      this.detect<BatchDetectSentimentItemResult>("sentiment", documents, usage, (TextList) =>
        this.client.send(new BatchDetectSentimentCommand({ TextList, LanguageCode: language })),
      ),
    ]);

    return {
      keyPhrases: keyPhrasesOf(phraseResults),
      entities: entitiesOf(entityResults),
      sentiment: aggregateSentiment(
        sentimentResults.map(
          (result, i): WeightedSentiment => ({
            scores: {
              positive: result.SentimentScore?.Positive ?? 0,
              negative: result.SentimentScore?.Negative ?? 0,
              neutral: result.SentimentScore?.Neutral ?? 0,
              mixed: result.SentimentScore?.Mixed ?? 0,
            },
            weight: utf8Bytes(documents[i] ?? ""),
          }),
        ),
      ),
      usage,
    };
  }

  /**
   * Runs one feature over all documents in batches; returns one result per document, in
   * document order, or throws (see the module comment for the retry rules).
   */
  private async detect<R extends { Index?: number | undefined }>(
    feature: Feature,
    documents: readonly string[],
    usage: Usage,
    send: (texts: string[]) => Promise<BatchResponse<R>>,
  ): Promise<R[]> {
    const results = new Map<number, R>();
    for (let start = 0; start < documents.length; start += this.batchSize) {
      let pending = documents
        .slice(start, start + this.batchSize)
        .map((_, offset) => start + offset);
      for (let round = 1; pending.length > 0; round += 1) {
        const batch = pending;
        const response = await this.call(feature, usage, () =>
          send(batch.map((document) => documents[document] ?? "")),
        );
        const failures = this.collect(feature, batch, response, results, documents, usage);
        if (failures.length === 0) break;
        const permanent = failures.find((f) => PERMANENT_ITEM_ERROR.test(f.code));
        if (permanent !== undefined) {
          throw new InputError("ANALYSIS_FAILED", describe(feature, permanent, round));
        }
        const first = failures[0];
        if (round >= this.maxAttempts && first !== undefined) {
          throw new TransientError(describe(feature, first, round));
        }
        await this.sleep(cappedBackoffMs(round, this.baseDelayMs, this.maxDelayMs));
        pending = failures.map((f) => f.document);
      }
    }
    return documents.map((_, document) => {
      const result = results.get(document);
      // Unreachable: every document either has a result or made `detect` throw.
      if (result === undefined) throw new Error(`${feature}: no result for document ${document}`);
      return result;
    });
  }

  /** Files each result under its document; returns the documents that failed in this call. */
  private collect<R extends { Index?: number | undefined }>(
    feature: Feature,
    batch: readonly number[],
    response: BatchResponse<R>,
    results: Map<number, R>,
    documents: readonly string[],
    usage: Usage,
  ): Failure[] {
    const answered = new Set<number>();
    for (const result of response.ResultList ?? []) {
      const document = result.Index === undefined ? undefined : batch[result.Index];
      if (document === undefined) continue;
      answered.add(document);
      results.set(document, result);
      const chars = characterCount(documents[document] ?? "");
      usage.billedCharacters += chars;
      usage.units += comprehendUnitsFor(chars);
    }
    const failures: Failure[] = [];
    for (const error of response.ErrorList ?? []) {
      const document = error.Index === undefined ? undefined : batch[error.Index];
      if (document === undefined || answered.has(document)) continue;
      answered.add(document);
      failures.push({
        document,
        code: error.ErrorCode ?? "UNKNOWN",
        message: error.ErrorMessage ?? "no message",
      });
    }
    // A document in neither list was silently lost by the service: resend it like a failure.
    for (const document of batch) {
      if (!answered.has(document)) {
        failures.push({ document, code: "MISSING_RESULT", message: `no ${feature} result` });
      }
    }
    return failures;
  }

  /** One Batch* call, retried on throttling and server faults. */
  private async call<T>(feature: Feature, usage: Usage, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      usage.requests += 1;
      try {
        return await request();
      } catch (error: unknown) {
        const name = errorName(error);
        if (PERMANENT_ERRORS.has(name)) {
          const code =
            name === "UnsupportedLanguageException" ? "UNSUPPORTED_LANGUAGE" : "ANALYSIS_FAILED";
          throw new InputError(code, `Comprehend ${feature}: ${name}: ${asError(error).message}`);
        }
        if (!isRetryable(error)) throw error;
        if (attempt >= this.maxAttempts) {
          throw new TransientError(
            `Comprehend ${feature}: ${name} after ${attempt} attempts: ${asError(error).message}`,
            { cause: error },
          );
        }
        await this.sleep(cappedBackoffMs(attempt, this.baseDelayMs, this.maxDelayMs));
      }
    }
  }
}

function describe(feature: Feature, failure: Failure, attempts: number): string {
  return (
    `Comprehend ${feature}: document ${failure.document} failed with ${failure.code} ` +
    `after ${attempts} attempt(s): ${failure.message}`
  );
}

/** Offset of a document's mentions: documents are in article order, mentions in text order. */
const POSITION_STRIDE = 1_000_000;

function keyPhrasesOf(results: readonly BatchDetectKeyPhrasesItemResult[]): KeyPhrase[] {
  const mentions: PhraseMention[] = results.flatMap((result, document) =>
    (result.KeyPhrases ?? []).flatMap((phrase) =>
      phrase.Text === undefined
        ? []
        : [
            {
              text: phrase.Text,
              score: phrase.Score ?? 0,
              position: document * POSITION_STRIDE + (phrase.BeginOffset ?? 0),
            },
          ],
    ),
  );
  return mergePhraseMentions(mentions)
    .map((phrase) => ({
      text: phrase.text,
      score: salientScore(phrase.score, phrase.mentions),
      first: phrase.firstPosition,
    }))
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .slice(0, MAX_KEY_PHRASES)
    .map(({ text, score }) => ({ text, score }));
}

function entitiesOf(results: readonly BatchDetectEntitiesItemResult[]): Entity[] {
  const mentions: EntityMention[] = results.flatMap((result, document) =>
    (result.Entities ?? []).flatMap((entity) =>
      entity.Text === undefined
        ? []
        : [
            {
              text: entity.Text,
              type: isEntityType(entity.Type) ? entity.Type : "OTHER",
              score: entity.Score ?? 0,
              position: document * POSITION_STRIDE + (entity.BeginOffset ?? 0),
            },
          ],
    ),
  );
  return rankEntities(mentions);
}
