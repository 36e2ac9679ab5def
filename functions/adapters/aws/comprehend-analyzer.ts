/**
 * The Amazon `TextAnalyzer`: the Comprehend features of `comprehendFeaturesFor` on every
 * document: BatchDetectKeyPhrases, BatchDetectSentiment, and for English
 * BatchDetectTargetedSentiment, whose typed mentions the core also reads the entities from
 * (`entities: "detect-entities"` adds BatchDetectEntities for them; other languages, which
 * targeted sentiment does not read, get BatchDetectEntities instead). It reports what Comprehend
 * saw and where; naming, merging and ranking are the core's (`buildAnalysis`).
 *
 * 1. Each article's title and paragraphs are packed into documents of ≤ 5,000 UTF-8 bytes (the
 *    per-document limit of every Batch* operation), split on sentence boundaries, never inside a
 *    character (`packDocumentsMapped`). Documents never mix articles, but one batch of ≤ 25 may
 *    hold documents of several articles (`analyze` takes a list).
 * 2. Each feature sends the documents in batches of ≤ 25 (the Batch* limit), up to
 *    `requestConcurrency` batches at once (the `serviceRequestConcurrency` setting), the
 *    features concurrently.
 * 3. Throttling, 5xx and timeouts of a batch call are the SDK's to retry (its retry strategy,
 *    `SERVICE_RETRY`, set on the client); what is left is what the SDK cannot see: documents in
 *    a successful response's `ErrorList` are re-sent, alone, a bounded number of rounds. A
 *    document that still fails ends its own article (`analyzeEach`; the other articles of the
 *    batch keep their results) with `TransientError` naming it; one that can never succeed
 *    (size, language, invalid request) with `InputError`. No document is dropped.
 *    Every HTTP request the SDK made (`$metadata.attempts`) counts in `requests`.
 * 4. Offsets in a document are mapped back to the paragraph (or title) they were cut from.
 * Usage per article: characters and 100-character units (3 minimum) of each of its documents,
 * per feature; a request counts for every article that had a document in it.
 */
import {
  BatchDetectEntitiesCommand,
  type BatchDetectEntitiesItemResult,
  BatchDetectKeyPhrasesCommand,
  type BatchDetectKeyPhrasesItemResult,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentItemResult,
  BatchDetectTargetedSentimentCommand,
  type BatchDetectTargetedSentimentItemResult,
  type BatchItemError,
  type ComprehendClient,
  type LanguageCode,
} from "@aws-sdk/client-comprehend";
import { type PackedDocument, paragraphSpanOf } from "../../core/analyze/chunk.js";
import {
  COMPREHEND_ENGINE,
  COMPREHEND_MAX_BATCH_DOCUMENTS,
  COMPREHEND_MAX_DOCUMENT_BYTES,
  type ComprehendFeature,
  comprehendFeaturesFor,
  comprehendPackedDocuments,
  type EntitySource,
} from "../../core/analyze/comprehend-requests.js";
import { targetTypeOf } from "../../core/analyze/target-entities.js";
import { mapBounded } from "../../core/bounded-map.js";
import { asError, InputError, TransientError } from "../../core/errors.js";
import type {
  AnalysisInput,
  EntityType,
  RawAnalysis,
  RawEntityMention,
  RawPhraseMention,
  RawSentimentPart,
  RawSpan,
  RawTargetMention,
  SentimentScores,
  TextAnalyzer,
} from "../../core/ports.js";
import { comprehendUnitsFor } from "../../core/pricing.js";
import {
  DEFAULT_SERVICE_REQUEST_CONCURRENCY,
  MAX_SERVICE_REQUEST_CONCURRENCY,
} from "../../core/settings.js";
import { EntityTypeSchema } from "../../core/stage-documents.js";
import { characterCount } from "../../core/text/measure.js";
import { attemptsOf, type ServiceCallCounter } from "./service-calls.js";

export { COMPREHEND_MAX_BATCH_DOCUMENTS, COMPREHEND_MAX_DOCUMENT_BYTES };

/**
 * Rounds of sending a document that came back in an `ErrorList`, first try included. With the
 * delays below that is ~0.2 + 0.4 + 0.8 s ≈ 1.4 s of waiting at most per batch: well inside the
 * analyze Lambda's timeout, and enough for a throttling burst to pass.
 */
const DEFAULT_ITEM_ROUNDS = 4;

/** First wait before re-sending `ErrorList` documents, doubled each round. */
const ITEM_RETRY_BASE_DELAY_MS = 200;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  /** Batches of one feature in flight at once; at most `MAX_SERVICE_REQUEST_CONCURRENCY`. */
  readonly requestConcurrency?: number;
  /** Rounds of sending an `ErrorList` document, first try included. */
  readonly itemRounds?: number;
  /** Waits between `ErrorList` rounds; tests pass a fake that records the delays. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Also counts every request and SDK retry here (the Lambda's per-article metrics read it). */
  readonly calls?: ServiceCallCounter;
  /** Where English entities come from (the `comprehendEntities` setting). */
  readonly entities?: EntitySource;
}

/** One packed document and the article it belongs to. */
interface ArticleDocument {
  readonly article: number;
  /** Blocks of the article: index 0 is the title (block `null`), then paragraphs. */
  readonly packed: PackedDocument;
}

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
  readonly engine = COMPREHEND_ENGINE;

  private readonly maxDocumentBytes: number;
  private readonly batchSize: number;
  private readonly requestConcurrency: number;
  private readonly itemRounds: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly calls: ServiceCallCounter | undefined;
  private readonly entitySource: EntitySource;

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
    this.requestConcurrency = clamp(
      options.requestConcurrency,
      DEFAULT_SERVICE_REQUEST_CONCURRENCY,
      MAX_SERVICE_REQUEST_CONCURRENCY,
    );
    this.itemRounds = clamp(options.itemRounds, DEFAULT_ITEM_ROUNDS, Number.MAX_SAFE_INTEGER);
    this.sleep = options.sleep ?? wait;
    this.calls = options.calls;
    this.entitySource = options.entities ?? "targeted-sentiment";
  }

  /** Every article's analysis, or the first article's failure (see `analyzeEach`). */
  async analyze(inputs: readonly AnalysisInput[]): Promise<RawAnalysis[]> {
    const outcomes = await this.analyzeEach(inputs);
    const failed = outcomes.find((outcome) => outcome instanceof Error);
    if (failed !== undefined) throw failed;
    return outcomes as RawAnalysis[];
  }

  /**
   * One outcome per article, same order: its analysis, or the error that ended it. The articles
   * share Batch* requests (documents of several articles in one batch of ≤ 25), but a document
   * that fails — in a batch call the SDK gave up on, or in an `ErrorList` after its re-sends —
   * fails only the article it was cut from.
   */
  async analyzeEach(inputs: readonly AnalysisInput[]): Promise<(RawAnalysis | Error)[]> {
    const failures: (Error | undefined)[] = inputs.map((input) =>
      isLanguageCode(input.language)
        ? undefined
        : new InputError(
            "UNSUPPORTED_LANGUAGE",
            `Amazon Comprehend does not analyse "${input.language}"`,
          ),
    );
    const fail = (article: number, error: Error): void => {
      // An error no delivery can fix outweighs one a later delivery may not hit.
      const known = failures[article];
      if (known === undefined || (!(known instanceof InputError) && error instanceof InputError)) {
        failures[article] = error;
      }
    };
    const usages: Usage[] = inputs.map(() => ({ billedCharacters: 0, requests: 0, units: 0 }));
    const results = inputs.map(
      (): {
        entities: RawEntityMention[] | null;
        keyPhrases: RawPhraseMention[];
        sentiment: RawSentimentPart[];
        targets: RawTargetMention[] | null;
      } => ({ entities: [], keyPhrases: [], sentiment: [], targets: null }),
    );
    // One language per call: group articles by language (in this pipeline, all "en").
    for (const language of new Set(inputs.map((input) => input.language))) {
      if (!isLanguageCode(language)) continue;
      const documents: ArticleDocument[] = inputs.flatMap((input, article) =>
        input.language !== language || failures[article] !== undefined
          ? []
          : comprehendPackedDocuments(input, this.maxDocumentBytes).map((packed) => ({
              article,
              packed,
            })),
      );
      const features = comprehendFeaturesFor(language, this.entitySource);
      const targeted = features.includes("targetedSentiment");
      const named = features.includes("entities");
      for (const [article, input] of inputs.entries()) {
        const result = results[article];
        if (result === undefined || input.language !== language) continue;
        if (targeted) result.targets = [];
        // Without BatchDetectEntities the core names entities from the targeted mentions.
        if (!named) result.entities = null;
      }
      if (documents.length === 0) continue;
      const texts = documents.map((d) => d.packed.text);
      const articleOf = documents.map((d) => d.article);
      const [phrases, entities, sentiments, targets] = await Promise.all([
        this.detect<BatchDetectKeyPhrasesItemResult>(
          "keyPhrases",
          texts,
          articleOf,
          usages,
          (TextList) =>
            this.client.send(
              new BatchDetectKeyPhrasesCommand({ TextList, LanguageCode: language }),
            ),
        ),
        named
          ? this.detect<BatchDetectEntitiesItemResult>(
              "entities",
              texts,
              articleOf,
              usages,
              (TextList) =>
                this.client.send(
                  new BatchDetectEntitiesCommand({ TextList, LanguageCode: language }),
                ),
            )
          : Promise.resolve(undefined),
        this.detect<BatchDetectSentimentItemResult>(
          "sentiment",
          texts,
          articleOf,
          usages,
          (TextList) =>
            this.client.send(new BatchDetectSentimentCommand({ TextList, LanguageCode: language })),
        ),
        targeted
          ? this.detect<BatchDetectTargetedSentimentItemResult>(
              "targetedSentiment",
              texts,
              articleOf,
              usages,
              (TextList) =>
                this.client.send(
                  new BatchDetectTargetedSentimentCommand({ TextList, LanguageCode: language }),
                ),
            )
          : Promise.resolve(undefined),
      ]);
      documents.forEach((document, i) => {
        for (const outcome of [phrases[i], entities?.[i], sentiments[i], targets?.[i]]) {
          if (outcome instanceof Error) fail(document.article, outcome);
        }
      });
      documents.forEach((document, i) => {
        const result = results[document.article];
        if (result === undefined || failures[document.article] !== undefined) return;
        const ok = <R>(outcome: R | Error | undefined): R | undefined =>
          outcome instanceof Error ? undefined : outcome;
        const at = (
          begin: number | undefined,
          end: number | undefined,
          text: string | undefined,
        ): RawSpan | undefined => spanIn(document.packed, begin, end, text);
        for (const phrase of ok(phrases[i])?.KeyPhrases ?? []) {
          const span = at(phrase.BeginOffset, phrase.EndOffset, phrase.Text);
          if (span && phrase.Text) {
            result.keyPhrases.push({ ...span, text: phrase.Text, score: phrase.Score ?? 0 });
          }
        }
        for (const entity of ok(entities?.[i])?.Entities ?? []) {
          const span = at(entity.BeginOffset, entity.EndOffset, entity.Text);
          if (span && entity.Text && result.entities) {
            result.entities.push({
              ...span,
              text: entity.Text,
              type: isEntityType(entity.Type) ? entity.Type : "OTHER",
              score: entity.Score ?? 0,
            });
          }
        }
        const scores = scoresOf(ok(sentiments[i])?.SentimentScore);
        // One part per paragraph slice of the document, all with the document's scores.
        for (const segment of document.packed.segments) {
          result.sentiment.push({
            block: blockOf(segment.paragraph),
            start: segment.paragraphOffset,
            end: segment.paragraphOffset + segment.length,
            scores,
          });
        }
        (ok(targets?.[i])?.Entities ?? []).forEach((group, g) => {
          for (const mention of group.Mentions ?? []) {
            const span = at(mention.BeginOffset, mention.EndOffset, mention.Text);
            if (span && mention.Text && result.targets) {
              result.targets.push({
                ...span,
                text: mention.Text,
                // Groups are numbered per document; make them unique per article.
                group: i * GROUP_STRIDE + g,
                type: targetTypeOf(mention.Type),
                score: mention.Score ?? 0,
                scores: scoresOf(mention.MentionSentiment?.SentimentScore),
              });
            }
          }
        });
      });
    }
    return results.map(
      (result, article) =>
        failures[article] ?? {
          ...result,
          usage: usages[article] ?? { billedCharacters: 0, requests: 0, units: 0 },
        },
    );
  }

  /**
   * Runs one feature over all documents in batches; returns one outcome per document, in
   * document order: its result, or the error that ended it (see the module comment for the
   * retry rules). A failed batch call fails the documents it carried, and no others.
   */
  private async detect<R extends { Index?: number | undefined }>(
    feature: ComprehendFeature,
    documents: readonly string[],
    articleOf: readonly number[],
    usages: readonly Usage[],
    send: (texts: string[]) => Promise<BatchResponse<R>>,
  ): Promise<(R | Error)[]> {
    const results = new Map<number, R>();
    const errors = new Map<number, Error>();
    const starts = documents
      .map((_, document) => document)
      .filter((document) => document % this.batchSize === 0);
    // Up to `requestConcurrency` batches of this feature in flight at once.
    await mapBounded(starts, this.requestConcurrency, async (start) => {
      let pending = documents
        .slice(start, start + this.batchSize)
        .map((_, offset) => start + offset);
      for (let round = 1; pending.length > 0; round += 1) {
        const batch = pending;
        const involved = [...new Set(batch.map((d) => articleOf[d] ?? 0))].flatMap(
          (article) => usages[article] ?? [],
        );
        let response: BatchResponse<R>;
        try {
          response = await this.call(feature, involved, () =>
            send(batch.map((document) => documents[document] ?? "")),
          );
        } catch (error) {
          for (const document of batch) errors.set(document, asError(error));
          return;
        }
        const failures = this.collect(
          feature,
          batch,
          response,
          results,
          documents,
          (d) => usages[articleOf[d] ?? 0],
        );
        const again: number[] = [];
        for (const failure of failures) {
          if (PERMANENT_ITEM_ERROR.test(failure.code)) {
            errors.set(
              failure.document,
              new InputError("ANALYSIS_FAILED", describe(feature, failure, round)),
            );
          } else if (round >= this.itemRounds) {
            errors.set(failure.document, new TransientError(describe(feature, failure, round)));
          } else {
            again.push(failure.document);
          }
        }
        if (again.length === 0) break;
        await this.sleep(ITEM_RETRY_BASE_DELAY_MS * 2 ** (round - 1));
        pending = again;
      }
    });
    return documents.map(
      (_, document) =>
        results.get(document) ??
        errors.get(document) ??
        // Unreachable: every document ends with a result or an error.
        new Error(`${feature}: no result for document ${document}`),
    );
  }

  /** Files each result under its document; returns the documents that failed in this call. */
  private collect<R extends { Index?: number | undefined }>(
    feature: ComprehendFeature,
    batch: readonly number[],
    response: BatchResponse<R>,
    results: Map<number, R>,
    documents: readonly string[],
    usageOf: (document: number) => Usage | undefined,
  ): Failure[] {
    const answered = new Set<number>();
    for (const result of response.ResultList ?? []) {
      const document = result.Index === undefined ? undefined : batch[result.Index];
      if (document === undefined) continue;
      answered.add(document);
      results.set(document, result);
      const chars = characterCount(documents[document] ?? "");
      const usage = usageOf(document);
      if (usage !== undefined) {
        usage.billedCharacters += chars;
        usage.units += comprehendUnitsFor(chars);
      }
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

  /**
   * One Batch* call; the SDK has retried throttling and server faults before it throws. Each
   * HTTP request it made counts for every article with a document in the batch.
   */
  private async call<T>(
    feature: ComprehendFeature,
    usages: readonly Usage[],
    request: () => Promise<T>,
  ): Promise<T> {
    try {
      const output = await request();
      this.count(usages, attemptsOf(output));
      return output;
    } catch (error: unknown) {
      const attempts = attemptsOf(error);
      this.count(usages, attempts);
      const name = errorName(error);
      if (PERMANENT_ERRORS.has(name)) {
        const code =
          name === "UnsupportedLanguageException" ? "UNSUPPORTED_LANGUAGE" : "ANALYSIS_FAILED";
        throw new InputError(code, `Comprehend ${feature}: ${name}: ${asError(error).message}`);
      }
      if (!isRetryable(error)) throw error;
      throw new TransientError(
        `Comprehend ${feature}: ${name} after ${attempts} attempts: ${asError(error).message}`,
        { cause: error },
      );
    }
  }

  private count(usages: readonly Usage[], attempts: number): void {
    for (const usage of usages) usage.requests += attempts;
    this.calls?.record(attempts);
  }
}

function describe(feature: ComprehendFeature, failure: Failure, attempts: number): string {
  return (
    `Comprehend ${feature}: document ${failure.document} failed with ${failure.code} ` +
    `after ${attempts} attempt(s): ${failure.message}`
  );
}

/** Targeted-sentiment groups are numbered `document × GROUP_STRIDE + group` within an article. */
const GROUP_STRIDE = 10_000;

/** Packed block 0 is the title; block i + 1 is paragraph i. */
function blockOf(packedIndex: number): number | null {
  return packedIndex === 0 ? null : packedIndex - 1;
}

/**
 * A Comprehend offset pair in a packed document, as a span of the title or a paragraph. When
 * the offsets do not cut `text` out of the document (Comprehend counts characters, which drift
 * from UTF-16 units after an astral character), the occurrence of `text` nearest to them is used.
 */
function spanIn(
  document: PackedDocument,
  begin: number | undefined,
  end: number | undefined,
  text: string | undefined,
): RawSpan | undefined {
  if (begin === undefined || text === undefined || text === "") return undefined;
  let start = begin;
  if (document.text.slice(begin, end ?? begin + text.length) !== text) {
    let best: number | undefined;
    for (let at = document.text.indexOf(text); at >= 0; at = document.text.indexOf(text, at + 1)) {
      if (best === undefined || Math.abs(at - begin) < Math.abs(best - begin)) best = at;
    }
    if (best === undefined) return undefined;
    start = best;
  }
  const span = paragraphSpanOf(document, start, start + text.length);
  return span === undefined
    ? undefined
    : { block: blockOf(span.paragraph), start: span.start, end: span.end };
}

function scoresOf(
  score:
    | {
        Positive?: number | undefined;
        Negative?: number | undefined;
        Neutral?: number | undefined;
        Mixed?: number | undefined;
      }
    | undefined,
): SentimentScores {
  return {
    positive: score?.Positive ?? 0,
    negative: score?.Negative ?? 0,
    neutral: score?.Neutral ?? 0,
    mixed: score?.Mixed ?? 0,
  };
}
