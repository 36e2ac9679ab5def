import {
  BatchDetectEntitiesCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  BatchDetectTargetedSentimentCommand,
  ComprehendClient,
} from "@aws-sdk/client-comprehend";
import { TranslateClient, TranslateTextCommand } from "@aws-sdk/client-translate";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { ComprehendAnalyzer } from "../functions/adapters/aws/comprehend-analyzer.js";
import { AmazonTranslator } from "../functions/adapters/aws/translate-translator.js";
import { InputError } from "../functions/core/errors.js";
import { keysFor } from "../functions/core/keys.js";
import { runPipeline } from "../functions/core/pipeline.js";
import {
  comprehendUnitsFor,
  LIST_PRICES,
  type PriceTable,
  summaryUsdFor,
} from "../functions/core/pricing.js";
import { DEFAULT_SETTINGS, type PipelineSettings } from "../functions/core/settings.js";
import { plannedSummaryTokens } from "../functions/core/summarize/prompt.js";
import { storeTranslationCache } from "../functions/core/translate/translation-cache.js";
import { InMemoryArticleStore } from "../test/fakes/in-memory-store.js";
import { translateWholeText } from "./baselines/naive-whole-text.js";
import type { RawArticle } from "./corpus.js";

/** The bucket name only appears in the source block of the documents. */
const BENCH_BUCKET = "depeche-bench";

/**
 * The model the opt-in Bedrock summary is priced for when the settings name none: the cheapest
 * documented text model that answers the summary prompt well enough (ADR 0011).
 */
export const BENCH_SUMMARY_MODEL = "amazon.nova-lite-v1:0";

export interface CostCounts {
  readonly articles: number;
  /** Articles the pipeline refused (wrong language, too long): billed nothing, listed here. */
  readonly failed: readonly string[];
  /** Characters of the uploaded text (UTF-16 length of the decoded objects). */
  readonly rawChars: number;
  /** Characters the cleaner kept (title + paragraphs): what would be billed with no cache. */
  readonly cleanChars: number;
  /** Σ `Text.length` of every TranslateTextCommand that reached the mocked client. */
  readonly billedTranslateChars: number;
  readonly translateCalls: number;
  /** Comprehend Batch* calls that reached the mocked client (all three features). */
  readonly comprehendCalls: number;
  /** Σ over every document of every call: max(3, ⌈code points / 100⌉). */
  readonly comprehendUnits: number;
  /** What the pipeline wrote in `usage` for the same run; must agree with the counts above. */
  readonly reported: { readonly translateChars: number; readonly comprehendUnits: number };
  /**
   * Articles the story index found to be near-copies of an earlier one (`story.duplicateOf`),
   * and what translating them billed: the cache holds the paragraphs they share.
   */
  readonly duplicates: {
    readonly articles: number;
    readonly cleanChars: number;
    readonly billedTranslateChars: number;
  };
  readonly usdPerArticle: number;
  readonly translateUsdPerArticle: number;
  readonly comprehendUsdPerArticle: number;
  /**
   * What the opt-in Bedrock summariser would add (not in `usdPerArticle`, which is the default
   * extractive run): each enriched article's prompt as the summariser plans it, and the output
   * ceiling `summaryOutputTokens` (an upper bound), priced for `modelId`.
   */
  readonly bedrockSummary: {
    readonly modelId: string;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly usdPerArticle: number;
  };
}

export interface NaiveCost {
  /** Σ `Text.length` of the whole-object TranslateText requests. */
  readonly naiveBilledTranslateChars: number;
  readonly naiveTranslateCalls: number;
  readonly naiveUsdPerArticle: number;
}

/**
 * Runs the articles, in order, through the real pipeline (`runPipeline`: clean, translate with
 * `AmazonTranslator` and a translation cache in one store, analyse with `ComprehendAnalyzer`)
 * against mocked Translate and Comprehend clients, and counts what reached them. The mocked
 * Translate echoes its input, so Comprehend is billed on a text as long as the French (real
 * English runs a little shorter: the units are an upper bound).
 */
export async function measureCost(
  articles: readonly RawArticle[],
  onArticle: () => void,
  settings: PipelineSettings = DEFAULT_SETTINGS,
  prices: PriceTable = LIST_PRICES,
): Promise<CostCounts> {
  const translateMock = mockClient(TranslateClient);
  const comprehendMock = mockClient(ComprehendClient);
  try {
    echoTranslations(translateMock);
    answerComprehend(comprehendMock);
    const store = new InMemoryArticleStore();
    const deps = {
      translator: new AmazonTranslator(new TranslateClient({}), {
        chunkBytes: settings.translateChunkBytes,
      }),
      cache: storeTranslationCache(store),
      analyzer: new ComprehendAnalyzer(new ComprehendClient({})),
      stories: store,
    };
    const duplicates = { articles: 0, cleanChars: 0, billedTranslateChars: 0 };
    const failed: string[] = [];
    let reportedTranslateChars = 0;
    let reportedUnits = 0;
    let cleanChars = 0;
    const summaryTokens = { inputTokens: 0, outputTokens: 0 };
    for (const article of articles) {
      const key = keysFor(article.name).incoming;
      try {
        // Uploaded to the store, read back with its ETag, as the clean Lambda reads it.
        await store.put(key, article.bytes);
        const uploaded = await store.get(key);
        if (uploaded === undefined) throw new Error(`${key} vanished from the store`);
        const doc = await runPipeline(uploaded, { bucket: BENCH_BUCKET, key }, deps, settings);
        reportedTranslateChars += doc.usage.translate.billedCharacters;
        reportedUnits += doc.usage.analyze.units;
        const chars = [doc.clean.title ?? "", ...doc.clean.paragraphs].join("").length;
        cleanChars += chars;
        const planned = plannedSummaryTokens(doc.english, {
          maxSentences: settings.summarySentences,
          inputTokens: settings.summaryInputTokens,
          outputTokens: settings.summaryOutputTokens,
        });
        summaryTokens.inputTokens += planned.inputTokens;
        summaryTokens.outputTokens += planned.outputTokens;
        if (doc.story?.duplicateOf != null) {
          duplicates.articles += 1;
          duplicates.cleanChars += chars;
          duplicates.billedTranslateChars += doc.usage.translate.billedCharacters;
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        failed.push(`${article.name}: ${error.code}`);
      }
      onArticle();
    }

    const translateCalls = translateMock.commandCalls(TranslateTextCommand);
    const comprehendCalls = [
      ...comprehendMock.commandCalls(BatchDetectKeyPhrasesCommand),
      ...comprehendMock.commandCalls(BatchDetectEntitiesCommand),
      ...comprehendMock.commandCalls(BatchDetectSentimentCommand),
      ...comprehendMock.commandCalls(BatchDetectTargetedSentimentCommand),
    ];
    if (comprehendCalls.length !== comprehendMock.calls().length) {
      throw new Error("ComprehendAnalyzer sent a command the benchmark does not bill: update it");
    }
    const billedTranslateChars = translateCalls.reduce(
      (sum, call) => sum + (call.args[0].input.Text ?? "").length,
      0,
    );
    const comprehendUnits = comprehendCalls.reduce(
      (sum, call) => sum + (call.args[0].input.TextList ?? []).reduce((s, t) => s + units(t), 0),
      0,
    );
    const translateUsdPerArticle =
      (billedTranslateChars * prices.translateUsdPerCharacter) / articles.length;
    const comprehendUsdPerArticle =
      (comprehendUnits * prices.comprehendUsdPerUnit) / articles.length;
    const summaryModelId = settings.bedrockModelId ?? BENCH_SUMMARY_MODEL;
    const bedrockSummary = {
      modelId: summaryModelId,
      ...summaryTokens,
      usdPerArticle:
        summaryUsdFor({ modelId: summaryModelId, ...summaryTokens }, prices) / articles.length,
    };
    return {
      articles: articles.length,
      failed,
      rawChars: articles.reduce((sum, a) => sum + a.text.length, 0),
      cleanChars,
      billedTranslateChars,
      translateCalls: translateCalls.length,
      comprehendCalls: comprehendCalls.length,
      comprehendUnits,
      reported: { translateChars: reportedTranslateChars, comprehendUnits: reportedUnits },
      duplicates,
      usdPerArticle: translateUsdPerArticle + comprehendUsdPerArticle,
      translateUsdPerArticle,
      comprehendUsdPerArticle,
      bedrockSummary,
    };
  } finally {
    translateMock.restore();
    comprehendMock.restore();
  }
}

/** The same articles as the known S3 → Translate samples bill them: each object sent whole. */
export async function measureNaiveCost(
  articles: readonly RawArticle[],
  settings: PipelineSettings = DEFAULT_SETTINGS,
  prices: PriceTable = LIST_PRICES,
): Promise<NaiveCost> {
  const translateMock = mockClient(TranslateClient);
  try {
    echoTranslations(translateMock);
    const client = new TranslateClient({});
    for (const article of articles) {
      await translateWholeText(client, article.text, {
        source: settings.sourceLanguage,
        target: settings.targetLanguage,
      });
    }
    const calls = translateMock.commandCalls(TranslateTextCommand);
    const chars = calls.reduce((sum, call) => sum + (call.args[0].input.Text ?? "").length, 0);
    return {
      naiveBilledTranslateChars: chars,
      naiveTranslateCalls: calls.length,
      naiveUsdPerArticle: (chars * prices.translateUsdPerCharacter) / articles.length,
    };
  } finally {
    translateMock.restore();
  }
}

/** Comprehend's bill for one document of one feature request (code points, as it counts). */
function units(text: string): number {
  return comprehendUnitsFor([...text].length);
}

/** `answer`, after `latencyMs` when there is one (a service's round trip). */
function after<T>(latencyMs: number, answer: () => T): T | Promise<T> {
  if (latencyMs <= 0) return answer();
  return new Promise((resolve) => setTimeout(() => resolve(answer()), latencyMs));
}

/** The mocked Translate echoes its input, after `latencyMs`. */
export function echoTranslations(mock: AwsClientStub<TranslateClient>, latencyMs = 0): void {
  mock.on(TranslateTextCommand).callsFake((input: TranslateTextCommand["input"]) =>
    after(latencyMs, () => ({
      TranslatedText: input.Text,
      SourceLanguageCode: input.SourceLanguageCode,
      TargetLanguageCode: input.TargetLanguageCode,
    })),
  );
}

/**
 * Well-formed, empty answers, after `latencyMs`: the benchmark counts requests, it does not
 * judge the analysis.
 */
export function answerComprehend(mock: AwsClientStub<ComprehendClient>, latencyMs = 0): void {
  const indexed = (textList: readonly string[] | undefined) =>
    (textList ?? []).map((_, Index) => ({ Index }));
  mock
    .on(BatchDetectKeyPhrasesCommand)
    .callsFake((input: BatchDetectKeyPhrasesCommand["input"]) =>
      after(latencyMs, () => ({
        ResultList: indexed(input.TextList).map((r) => ({ ...r, KeyPhrases: [] })),
        ErrorList: [],
      })),
    )
    .on(BatchDetectEntitiesCommand)
    .callsFake((input: BatchDetectEntitiesCommand["input"]) =>
      after(latencyMs, () => ({
        ResultList: indexed(input.TextList).map((r) => ({ ...r, Entities: [] })),
        ErrorList: [],
      })),
    )
    .on(BatchDetectSentimentCommand)
    .callsFake((input: BatchDetectSentimentCommand["input"]) =>
      after(latencyMs, () => ({
        ResultList: indexed(input.TextList).map((r) => ({
          ...r,
          Sentiment: "NEUTRAL" as const,
          SentimentScore: { Positive: 0.05, Negative: 0.05, Neutral: 0.9, Mixed: 0 },
        })),
        ErrorList: [],
      })),
    )
    .on(BatchDetectTargetedSentimentCommand)
    .callsFake((input: BatchDetectTargetedSentimentCommand["input"]) =>
      after(latencyMs, () => ({
        ResultList: indexed(input.TextList).map((r) => ({ ...r, Entities: [] })),
        ErrorList: [],
      })),
    );
}
