import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { TranslateClient } from "@aws-sdk/client-translate";
import { mockClient } from "aws-sdk-client-mock";
import { ComprehendAnalyzer } from "../functions/adapters/aws/comprehend-analyzer.js";
import { AmazonTranslator } from "../functions/adapters/aws/translate-translator.js";
import { DEFAULT_SETTINGS } from "../functions/core/settings.js";
import { utf8Bytes } from "../functions/core/text/measure.js";
import { translateArticle } from "../functions/core/translate/translate-article.js";
import { answerComprehend, echoTranslations } from "./cost.js";
import type { TranslationJob } from "./offline.js";

/**
 * Round trip the mocked Translate and Comprehend take per call unless `BENCH_SERVICE_LATENCY_MS`
 * says otherwise: 300 ms is a 9,000-byte TranslateText or a 25-document Batch* call seen from a
 * Lambda in the same Region, order of magnitude.
 */
export const DEFAULT_SERVICE_LATENCY_MS = 300;

/** The long articles: a feature (40 KB of clean text) and the largest one translated (100 KB). */
export const LONG_ARTICLE_BYTES = { "40KB": 40_000, "100KB": DEFAULT_SETTINGS.maxTranslateBytes };

export interface LongArticleRun {
  readonly ms: number;
  readonly translateMs: number;
  readonly analyzeMs: number;
  readonly translateCalls: number;
  readonly comprehendCalls: number;
  readonly billedTranslateChars: number;
  readonly comprehendUnits: number;
}

export interface LongArticleResult {
  readonly bytes: number;
  readonly paragraphs: number;
  readonly sequential: LongArticleRun;
  readonly parallel: LongArticleRun;
  /** sequential.ms / parallel.ms */
  readonly speedup: number;
}

/** The latency to inject: `BENCH_SERVICE_LATENCY_MS` or the default. */
export function serviceLatencyMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENCH_SERVICE_LATENCY_MS;
  if (raw === undefined || raw === "") return DEFAULT_SERVICE_LATENCY_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`BENCH_SERVICE_LATENCY_MS must be a whole number of ms, got "${raw}"`);
  }
  return value;
}

/**
 * An article of about `bytes` bytes of clean text (never more), made of the corpus's cleaned
 * paragraphs in order, each once (a real long article does not repeat itself, and a repeat would
 * be translated once): what the translate and analyze stages would receive.
 */
export function longArticle(jobs: readonly TranslationJob[], bytes: number): string[] {
  const paragraphs: string[] = [];
  let size = 0;
  for (const text of new Set(jobs.flatMap((job) => job.texts.slice(1)))) {
    // The bound is on the article joined by line breaks (`assertTranslatable`).
    const grown = size + utf8Bytes(text) + 1;
    if (grown > bytes) break;
    paragraphs.push(text);
    size = grown;
  }
  return paragraphs;
}

/**
 * One long article through Amazon Translate (no cache: every chunk is sent) and Comprehend,
 * mocked to answer after `latencyMs`, with one request at a time and with the
 * `serviceRequestConcurrency` default; same requests, same bill, different wall time.
 */
export async function measureLongArticle(
  paragraphs: readonly string[],
  latencyMs: number,
): Promise<LongArticleResult> {
  const sequential = await runLongArticle(paragraphs, latencyMs, 1);
  const parallel = await runLongArticle(
    paragraphs,
    latencyMs,
    DEFAULT_SETTINGS.serviceRequestConcurrency,
  );
  return {
    bytes: utf8Bytes(paragraphs.join("\n")),
    paragraphs: paragraphs.length,
    sequential,
    parallel,
    speedup: sequential.ms / parallel.ms,
  };
}

async function runLongArticle(
  paragraphs: readonly string[],
  latencyMs: number,
  requestConcurrency: number,
): Promise<LongArticleRun> {
  const translateMock = mockClient(TranslateClient);
  const comprehendMock = mockClient(ComprehendClient);
  try {
    echoTranslations(translateMock, latencyMs);
    answerComprehend(comprehendMock, latencyMs);
    const translator = new AmazonTranslator(new TranslateClient({}), {
      chunkBytes: DEFAULT_SETTINGS.translateChunkBytes,
      requestConcurrency,
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), { requestConcurrency });
    const pair = {
      source: DEFAULT_SETTINGS.sourceLanguage,
      target: DEFAULT_SETTINGS.targetLanguage,
    };
    const started = performance.now();
    const english = await translateArticle({ title: null, paragraphs }, { translator }, pair);
    const translated = performance.now();
    const [analysis] = await analyzer.analyze([
      { title: null, paragraphs: english.paragraphs, language: pair.target },
    ]);
    const done = performance.now();
    return {
      ms: done - started,
      translateMs: translated - started,
      analyzeMs: done - translated,
      translateCalls: translateMock.calls().length,
      comprehendCalls: comprehendMock.calls().length,
      billedTranslateChars: english.usage.billedCharacters,
      comprehendUnits: analysis?.usage.units ?? 0,
    };
  } finally {
    translateMock.restore();
    comprehendMock.restore();
  }
}
