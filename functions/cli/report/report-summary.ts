import {
  COMPREHEND_ENGINE,
  comprehendFeaturesFor,
} from "../../core/analyze/comprehend-requests.js";
import type { EnrichedDocument } from "../../core/document.js";
import { comprehendUnitsFor, LIST_PRICES, priceUsage } from "../../core/pricing.js";
import type { ReportArticle } from "./report-data.js";

/** Comprehend features an offline article would have cost on AWS (the deployed defaults). */
const OFFLINE_AS_COMPREHEND_FEATURES = comprehendFeaturesFor("en").length;

export interface RunTotals {
  readonly articles: number;
  readonly enriched: number;
  readonly failed: number;
  /** Failure codes, most frequent first. */
  readonly failuresByCode: readonly { code: string; count: number }[];
  /** Characters the services billed (Amazon engines), per the documents' usage. */
  readonly billed: { translate: number; comprehend: number };
  /**
   * What the same articles would cost on AWS: billed characters where Amazon did the work, and
   * for offline work the characters Translate would bill (minus cache hits) and the Comprehend
   * units of the English text (per feature, 3-unit minimum), one document per article.
   */
  readonly onAws: { translateCharacters: number; comprehendUnits: number; usd: number };
}

/** What one article adds to the totals (kept per article while the report is written). */
export type ArticleTotals =
  | { readonly status: "failed"; readonly code: string }
  | {
      readonly status: "enriched";
      readonly billed: { readonly translate: number; readonly comprehend: number };
      readonly translateCharacters: number;
      readonly comprehendUnits: number;
    };

export function articleTotals(article: ReportArticle): ArticleTotals {
  if (article.status === "failed") return { status: "failed", code: article.failure.code };
  const { translate, analyze } = article.document.usage;
  return {
    status: "enriched",
    billed: { translate: translate.billedCharacters, comprehend: analyze.billedCharacters },
    translateCharacters:
      translate.engine === "amazon-translate"
        ? translate.billedCharacters
        : translate.engine === "none"
          ? 0
          : Math.max(0, sourceCharacters(article.document) - translate.cachedCharacters),
    comprehendUnits:
      analyze.engine === COMPREHEND_ENGINE
        ? analyze.units
        : OFFLINE_AS_COMPREHEND_FEATURES * comprehendUnitsFor(englishCharacters(article.document)),
  };
}

export function runTotals(articles: readonly ReportArticle[]): RunTotals {
  return sumTotals(articles.map(articleTotals));
}

export function sumTotals(items: readonly ArticleTotals[]): RunTotals {
  const codes = new Map<string, number>();
  const billed = { translate: 0, comprehend: 0 };
  let translateCharacters = 0;
  let comprehendUnits = 0;
  let enriched = 0;
  for (const item of items) {
    if (item.status === "failed") {
      codes.set(item.code, (codes.get(item.code) ?? 0) + 1);
      continue;
    }
    enriched += 1;
    billed.translate += item.billed.translate;
    billed.comprehend += item.billed.comprehend;
    translateCharacters += item.translateCharacters;
    comprehendUnits += item.comprehendUnits;
  }
  return {
    articles: items.length,
    enriched,
    failed: items.length - enriched,
    failuresByCode: [...codes]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    billed,
    onAws: {
      translateCharacters,
      comprehendUnits,
      usd: priceUsage({ translateCharacters, comprehendUnits }, LIST_PRICES).totalUsd,
    },
  };
}

/** Code points, as Translate and Comprehend count characters. */
export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function sourceCharacters(document: EnrichedDocument): number {
  return [document.clean.title ?? "", ...document.clean.paragraphs].reduce(
    (sum, text) => sum + characters(text),
    0,
  );
}

function englishCharacters(document: EnrichedDocument): number {
  return document.english.paragraphs.reduce((sum, text) => sum + characters(text), 0);
}
