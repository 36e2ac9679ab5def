/**
 * The Amazon `Translator`: TranslateText with explicit source and target languages (no `auto`,
 * so no hidden Comprehend call and no low-confidence failure mode).
 *
 * 1. Paragraphs are packed into requests of ≤ `chunkBytes` UTF-8 bytes (`chunkParagraphs`),
 *    paragraphs joined by a blank line; a paragraph over the limit is split on sentences.
 * 2. Up to `requestConcurrency` requests go out at once (the `serviceRequestConcurrency`
 *    setting: a long article's latency without taking the account's whole TPS); the
 *    translations are put back in chunk order. The SDK's retry strategy (`SERVICE_RETRY`, set
 *    on the client) retries throttling, 5xx and timeouts; when it gives up, `TransientError`
 *    (the message goes back to the queue). Every request the SDK made, retries included
 *    (`$metadata.attempts`), counts in `requests`.
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

import { attemptsOf, type ServiceCallCounter } from "./service-calls.js";

/** Faults a later delivery may not hit (the SDK already retried them): throttling, 5xx. */
const TRANSIENT = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "InternalServerException",
  "TimeoutError",
  "RequestTimeout",
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
  /** Also counts every request and retry here (the Lambda's per-article metrics read it). */
  readonly calls?: ServiceCallCounter | undefined;
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
  private readonly calls: ServiceCallCounter | undefined;
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
    this.calls = options.calls;
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
    try {
      const output = await this.client.send(command);
      this.count(counters, attemptsOf(output));
      counters.billedCharacters += characterCount(text);
      return output.TranslatedText ?? "";
    } catch (error) {
      const attempts = attemptsOf(error);
      this.count(counters, attempts);
      const name = errorName(error);
      const reason = NOT_RETRYABLE[name];
      if (reason !== undefined) {
        throw new InputError(
          "TRANSLATION_FAILED",
          `${reason} (${name}: ${asError(error).message}; ${pair.source}→${pair.target})`,
        );
      }
      if (!isTransient(error)) throw error;
      throw new TransientError(
        `Amazon Translate still failing after ${attempts} attempts (${name})`,
        { cause: error },
      );
    }
  }

  private count(counters: { requests: number }, attempts: number): void {
    counters.requests += attempts;
    this.calls?.record(attempts);
  }
}

/** Throttling, a 5xx or a timeout: what the SDK retries, and what a later delivery may not hit. */
function isTransient(error: unknown): boolean {
  if (TRANSIENT.has(errorName(error))) return true;
  const metadata: unknown =
    typeof error === "object" && error !== null ? Reflect.get(error, "$metadata") : undefined;
  const status: unknown =
    typeof metadata === "object" && metadata !== null
      ? Reflect.get(metadata, "httpStatusCode")
      : undefined;
  return typeof status === "number" && (status >= 500 || status === 429);
}
