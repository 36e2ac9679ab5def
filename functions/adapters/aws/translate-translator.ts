/**
 * The Amazon `Translator`: TranslateText with explicit source and target languages (no `auto`,
 * so no hidden Comprehend call and no low-confidence failure mode).
 *
 * 1. Paragraphs are packed into requests of ≤ `chunkBytes` UTF-8 bytes (`chunkParagraphs`),
 *    paragraphs joined by a blank line; a paragraph over the limit is split on sentences.
 * 2. Up to `requestConcurrency` requests go out at once (the `serviceRequestConcurrency`
 *    setting: a long article's latency without taking the account's whole TPS); the
 *    translations are put back in chunk order. Each one that fails with throttling or a 5xx is retried with capped exponential backoff and full
 *    jitter; when the attempts run out, `TransientError` (the message goes back to the queue).
 * 3. The answer is split on blank lines. Amazon Translate keeps line breaks, but if a reply ever
 *    comes back with a different number of paragraphs, that chunk is re-sent one piece per
 *    request: alignment is never guessed (and the extra characters are counted as billed).
 * 4. Errors a retry cannot fix (size, language pair, language detection) end the article with
 *    `InputError("TRANSLATION_FAILED")`.
 */
import {
  type TranslateClient,
  TranslateTextCommand,
  type TranslationSettings,
} from "@aws-sdk/client-translate";
import { mapBounded } from "../../core/bounded-map.js";
import { asError, InputError, TransientError } from "../../core/errors.js";
import type {
  LanguagePair,
  TranslationOptions,
  TranslationOutput,
  Translator,
} from "../../core/ports.js";
import {
  DEFAULT_SERVICE_REQUEST_CONCURRENCY,
  DEFAULT_TRANSLATE_CHUNK_BYTES,
  TRANSLATE_REQUEST_LIMIT_BYTES,
} from "../../core/settings.js";
import { characterCount } from "../../core/text/measure.js";
import {
  AMAZON_TRANSLATE_ENGINE,
  amazonTranslateRequests,
  type TranslateRequest,
} from "../../core/translate/amazon-requests.js";
import { assembleParagraphs, MIN_CHUNK_BYTES } from "../../core/translate/chunk.js";
import type { Glossary } from "../../core/translate/glossary.js";

export { amazonTranslationOptions } from "../../core/translate/translation-options.js";

import { cappedBackoffMs, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, sleep } from "./backoff.js";

/**
 * Attempts per request, first try included: with the default backoff at most
 * ~0.2 + 0.4 + 0.8 + 1.6 s ≈ 3 s of waiting per request, well inside the translate Lambda's
 * timeout, and long enough for a throttling burst to pass.
 */
const DEFAULT_MAX_ATTEMPTS = 5;

/** Faults a later attempt may not hit: throttling and server-side errors. */
const RETRYABLE = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "InternalServerException",
]);

/** Faults of the request itself: retrying the same text can never succeed. */
const NOT_RETRYABLE: Record<string, string> = {
  TextSizeLimitExceededException: "a request exceeded Amazon Translate's size limit",
  UnsupportedLanguagePairException: "Amazon Translate does not support this language pair",
  DetectedLanguageLowConfidenceException:
    "Amazon Translate could not confirm the source language of the text",
};

/** A blank line, whatever spaces the service leaves around it. */
const BLANK_LINE = /[^\S\n]*\n[^\S\n]*\n\s*/u;

export interface AmazonTranslatorOptions {
  /** Request size in UTF-8 bytes, ≤ 10,000 (the service limit). Default 9,000. */
  readonly chunkBytes?: number;
  /** Requests of one article in flight at once; default `DEFAULT_SERVICE_REQUEST_CONCURRENCY`. */
  readonly requestConcurrency?: number;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Waits between attempts; injectable so tests do not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for the jitter; injectable for deterministic tests. */
  readonly random?: () => number;
  /**
   * The imported terminology every TranslateText names (`TerminologyNames`), with the glossary
   * it was imported from (its identity goes to usage and the cache key).
   */
  readonly terminology?: { readonly name: string; readonly glossary: Glossary } | undefined;
  /** Profanity, brevity, formality (see `amazonTranslationOptions`). */
  readonly options?: TranslationOptions | undefined;
}

function translationSettings(options: TranslationOptions): TranslationSettings | undefined {
  const settings: TranslationSettings = {
    ...(options.profanity === "mask" ? { Profanity: "MASK" as const } : {}),
    ...(options.brevity === "on" ? { Brevity: "ON" as const } : {}),
    ...(options.formality === undefined
      ? {}
      : {
          Formality: options.formality === "formal" ? ("FORMAL" as const) : ("INFORMAL" as const),
        }),
  };
  return Object.keys(settings).length === 0 ? undefined : settings;
}

const errorName = (error: unknown): string => (error instanceof Error ? error.name : "");

export class AmazonTranslator implements Translator {
  readonly engine = AMAZON_TRANSLATE_ENGINE;
  private readonly chunkBytes: number;
  private readonly requestConcurrency: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly terminologyNames: string[] | undefined;
  private readonly settings: TranslationSettings | undefined;
  readonly glossary: Glossary | undefined;
  readonly options: TranslationOptions | undefined;

  constructor(
    private readonly client: TranslateClient,
    options: AmazonTranslatorOptions = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? DEFAULT_TRANSLATE_CHUNK_BYTES;
    if (
      !Number.isInteger(this.chunkBytes) ||
      this.chunkBytes < MIN_CHUNK_BYTES ||
      this.chunkBytes > TRANSLATE_REQUEST_LIMIT_BYTES
    ) {
      throw new RangeError(
        `chunkBytes must be an integer in [${MIN_CHUNK_BYTES}, ${TRANSLATE_REQUEST_LIMIT_BYTES}], got ${this.chunkBytes}`,
      );
    }
    this.requestConcurrency = options.requestConcurrency ?? DEFAULT_SERVICE_REQUEST_CONCURRENCY;
    if (!Number.isInteger(this.requestConcurrency) || this.requestConcurrency < 1) {
      throw new RangeError(
        `requestConcurrency must be a positive integer, got ${this.requestConcurrency}`,
      );
    }
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.sleep = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
    this.terminologyNames =
      options.terminology === undefined ? undefined : [options.terminology.name];
    this.glossary = options.terminology?.glossary;
    this.options = options.options;
    this.settings = translationSettings(options.options ?? {});
  }

  async translate(paragraphs: readonly string[], pair: LanguagePair): Promise<TranslationOutput> {
    const requests = amazonTranslateRequests(paragraphs, this.chunkBytes);
    const counters = { billedCharacters: 0, requests: 0 };
    // Up to `requestConcurrency` chunks in flight; pieces come back in chunk order.
    const translated = await mapBounded(requests, this.requestConcurrency, (request) =>
      this.translateChunk(request, pair, counters),
    );
    const translatedPieces = translated.flat();
    return {
      paragraphs: assembleParagraphs(
        paragraphs.length,
        requests.map((request) => request.chunk),
        translatedPieces,
      ),
      ...counters,
    };
  }

  /** One translation per piece of the chunk, in order; blank pieces are not sent. */
  private async translateChunk(
    request: TranslateRequest,
    pair: LanguagePair,
    counters: { billedCharacters: number; requests: number },
  ): Promise<string[]> {
    const { pieces: texts, sent } = request;
    if (sent.length === 0) return [...texts];

    const reply = await this.send(request.text, pair, counters);
    let parts = reply.trim().split(BLANK_LINE);
    if (parts.length !== sent.length) {
      // The reply lost or added a paragraph break: re-send piece by piece rather than guess.
      parts = [];
      for (const text of sent) parts.push((await this.send(text, pair, counters)).trim());
    }
    let next = 0;
    return texts.map((text) => (text === "" ? "" : (parts[next++] ?? "")));
  }

  private async send(
    text: string,
    pair: LanguagePair,
    counters: { billedCharacters: number; requests: number },
  ): Promise<string> {
    const command = new TranslateTextCommand({
      Text: text,
      SourceLanguageCode: pair.source,
      TargetLanguageCode: pair.target,
      ...(this.terminologyNames === undefined ? {} : { TerminologyNames: this.terminologyNames }),
      ...(this.settings === undefined ? {} : { Settings: this.settings }),
    });
    for (let attempt = 1; ; attempt += 1) {
      counters.requests += 1;
      try {
        const output = await this.client.send(command);
        counters.billedCharacters += characterCount(text);
        return output.TranslatedText ?? "";
      } catch (error) {
        const name = errorName(error);
        const reason = NOT_RETRYABLE[name];
        if (reason !== undefined) {
          throw new InputError(
            "TRANSLATION_FAILED",
            `${reason} (${name}: ${asError(error).message}; ${pair.source}→${pair.target})`,
          );
        }
        if (!RETRYABLE.has(name)) throw error;
        if (attempt >= this.maxAttempts) {
          throw new TransientError(
            `Amazon Translate still failing after ${attempt} attempts (${name})`,
            { cause: error },
          );
        }
        // Full jitter: a uniform delay up to the capped exponential bound.
        const bound = cappedBackoffMs(attempt, this.baseDelayMs, this.maxDelayMs);
        await this.sleep(Math.floor(this.random() * bound));
      }
    }
  }
}
