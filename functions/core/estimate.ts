import {
  comprehendDocuments,
  comprehendFeatures,
  comprehendUnitsOf,
} from "./analyze/comprehend-requests.js";
import { InputError } from "./errors.js";
import type { StoredObject } from "./ports.js";
import { type Bill, type PriceTable, priceUsage } from "./pricing.js";
import type { PipelineSettings } from "./settings.js";
import { cleanStage, type ObjectRef } from "./stages/clean-stage.js";
import { translateStage } from "./stages/translate-stage.js";
import { plannedSummaryTokens } from "./summarize/prompt.js";
import type { Glossary } from "./translate/glossary.js";
import { MeteredTranslator } from "./translate/metered-translator.js";
import type { TranslationCache } from "./translate/translation-cache.js";

/**
 * What one object would cost, or why it would fail, if the pipeline ran on it now:
 * - `translate`: French, billed for what the cache does not already hold;
 * - `english`: passes translation through, billed for Comprehend only;
 * - `failed`: the clean stage refuses it (code as in the failure record it would get);
 * - `skipped`: already enriched by this producer and settings (a replay without `force`).
 */
export interface ArticleEstimate {
  readonly name: string;
  readonly bytes: number;
  readonly outcome: "translate" | "english" | "failed" | "skipped";
  readonly code?: string | undefined;
  readonly reason?: string | undefined;
  /** Characters sent to Amazon Translate (after cleaning and cache). */
  readonly translateCharacters: number;
  /** Characters answered by the translation cache instead. */
  readonly cachedCharacters: number;
  readonly translateRequests: number;
  /**
   * Comprehend units of its features (`comprehendFeatures`). Measured on the text Comprehend would receive: the
   * cached English where the cache has it, the French where it would be translated (English
   * usually runs a few percent shorter, so this errs high).
   */
  readonly comprehendUnits: number;
  /**
   * With `summarizer` bedrock: the prompt's tokens as the summariser plans them (on the cached
   * English, or the French where it would be translated) and the output ceiling
   * (`summaryOutputTokens`), an upper bound. Zero with the extractive engine.
   */
  readonly summaryInputTokens: number;
  readonly summaryOutputTokens: number;
}

export interface EstimateDeps {
  /** The cache the bucket already holds, seen through `dryRunCache` (reads only). */
  readonly cache: TranslationCache;
  /** The glossary the deployed translator applies (it is part of the cache keys). */
  readonly glossary?: Glossary | undefined;
}

/**
 * Prices one object with the clean stage's own code and a `MeteredTranslator`: nothing is sent to
 * Translate or Comprehend and nothing is written. `read` is the store read the clean Lambda does
 * (bounded by `maxObjectBytes`: an `InputError("TOO_LARGE")` from it is a predicted failure).
 */
export async function estimateArticle(
  name: string,
  ref: ObjectRef,
  read: () => Promise<StoredObject>,
  deps: EstimateDeps,
  settings: PipelineSettings,
): Promise<ArticleEstimate> {
  let object: StoredObject | undefined;
  try {
    object = await read();
    const clean = await cleanStage(object, ref, settings);
    const translator = new MeteredTranslator(settings.translateChunkBytes, deps.glossary);
    const english = await translateStage(clean, { translator, cache: deps.cache }, settings);
    const usage = english.translateUsage;
    return {
      name,
      bytes: object.size,
      outcome: clean.clean.language === settings.targetLanguage ? "english" : "translate",
      translateCharacters: usage.billedCharacters,
      cachedCharacters: usage.cachedCharacters,
      translateRequests: usage.requests,
      comprehendUnits: comprehendUnitsOf(
        comprehendDocuments(english.english),
        comprehendFeatures(settings),
      ),
      ...summaryTokensOf(english.english, settings),
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return {
      ...unbilled(name, object?.size ?? 0, "failed"),
      code: error.code,
      reason: error.message,
    };
  }
}

function summaryTokensOf(
  english: { readonly title: string | null; readonly paragraphs: readonly string[] },
  settings: PipelineSettings,
): Pick<ArticleEstimate, "summaryInputTokens" | "summaryOutputTokens"> {
  if (settings.summarizer !== "bedrock") return { summaryInputTokens: 0, summaryOutputTokens: 0 };
  const planned = plannedSummaryTokens(english, {
    maxSentences: settings.summarySentences,
    inputTokens: settings.summaryInputTokens,
    outputTokens: settings.summaryOutputTokens,
  });
  return { summaryInputTokens: planned.inputTokens, summaryOutputTokens: planned.outputTokens };
}

/** An object a replay would skip: counted, never priced. */
export function skippedEstimate(name: string, bytes: number, reason: string): ArticleEstimate {
  return { ...unbilled(name, bytes, "skipped"), reason };
}

function unbilled(name: string, bytes: number, outcome: ArticleEstimate["outcome"]) {
  return {
    name,
    bytes,
    outcome,
    translateCharacters: 0,
    cachedCharacters: 0,
    translateRequests: 0,
    comprehendUnits: 0,
    summaryInputTokens: 0,
    summaryOutputTokens: 0,
  } as const;
}

export interface EstimateTotals {
  readonly objects: number;
  readonly bytes: number;
  readonly toTranslate: number;
  readonly english: number;
  readonly failed: number;
  readonly skipped: number;
  readonly translateCharacters: number;
  readonly cachedCharacters: number;
  readonly translateRequests: number;
  readonly comprehendUnits: number;
  readonly summaryInputTokens: number;
  readonly summaryOutputTokens: number;
  /** Predicted failures by code. */
  readonly failures: Readonly<Record<string, number>>;
}

export const EMPTY_TOTALS: EstimateTotals = {
  objects: 0,
  bytes: 0,
  toTranslate: 0,
  english: 0,
  failed: 0,
  skipped: 0,
  translateCharacters: 0,
  cachedCharacters: 0,
  translateRequests: 0,
  comprehendUnits: 0,
  summaryInputTokens: 0,
  summaryOutputTokens: 0,
  failures: {},
};

export function addEstimate(totals: EstimateTotals, article: ArticleEstimate): EstimateTotals {
  const failures = { ...totals.failures };
  if (article.outcome === "failed" && article.code !== undefined) {
    failures[article.code] = (failures[article.code] ?? 0) + 1;
  }
  return {
    objects: totals.objects + 1,
    bytes: totals.bytes + article.bytes,
    toTranslate: totals.toTranslate + (article.outcome === "translate" ? 1 : 0),
    english: totals.english + (article.outcome === "english" ? 1 : 0),
    failed: totals.failed + (article.outcome === "failed" ? 1 : 0),
    skipped: totals.skipped + (article.outcome === "skipped" ? 1 : 0),
    translateCharacters: totals.translateCharacters + article.translateCharacters,
    cachedCharacters: totals.cachedCharacters + article.cachedCharacters,
    translateRequests: totals.translateRequests + article.translateRequests,
    comprehendUnits: totals.comprehendUnits + article.comprehendUnits,
    summaryInputTokens: totals.summaryInputTokens + article.summaryInputTokens,
    summaryOutputTokens: totals.summaryOutputTokens + article.summaryOutputTokens,
    failures,
  };
}

/** The report of a dry run: totals, the bill at the given prices, and every article. */
export interface EstimateReport {
  readonly totals: EstimateTotals;
  readonly bill: Bill;
  readonly prices: PriceTable;
  readonly articles: readonly ArticleEstimate[];
}

/**
 * `summaryModelId`: the configured `bedrockModelId` when the summariser is bedrock; its tokens
 * are priced from the table (a model the table lacks throws a one-line RangeError).
 */
export function estimateReport(
  articles: readonly ArticleEstimate[],
  prices: PriceTable,
  summaryModelId?: string | undefined,
): EstimateReport {
  const totals = articles.reduce(addEstimate, EMPTY_TOTALS);
  const summary =
    summaryModelId === undefined
      ? undefined
      : {
          modelId: summaryModelId,
          inputTokens: totals.summaryInputTokens,
          outputTokens: totals.summaryOutputTokens,
        };
  return { totals, bill: priceUsage({ ...totals, summary }, prices), prices, articles };
}
