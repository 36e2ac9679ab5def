import { cleanArticle } from "../functions/core/clean/index.js";
import type { RawArticle } from "./corpus.js";
import { median, percentile } from "./stats.js";

/** Unmeasured passes first: JIT tiers and regex caches settle before anything is timed. */
export const CLEAN_WARMUP_PASSES = 20;

/** 5 seeds × 100 passes = 500 timings: a median steady to a few percent on a noisy machine. */
export const CLEAN_SEED_PASSES = 100;

/** 100 articles × 5 passes = 500 timings, so the p95 rests on 25 values, not one. */
export const CLEAN_CORPUS_PASSES = 5;

export interface CleanTiming {
  /** Median time to clean one seed article, ms. */
  readonly seedMsMedian: number;
  readonly seedSamples: number;
  /** 95th percentile of the time to clean one corpus article, ms. */
  readonly corpusMsP95: number;
  readonly corpusMsMedian: number;
  readonly corpusSamples: number;
}

/** Times `cleanArticle` per article: the seeds for the median, the corpus for the tail. */
export async function measureClean(
  seeds: readonly RawArticle[],
  corpus: readonly RawArticle[],
  onPass: () => void,
): Promise<CleanTiming> {
  for (let pass = 0; pass < CLEAN_WARMUP_PASSES; pass++) {
    for (const article of seeds) await cleanArticle(article.bytes);
    onPass();
  }
  const seedTimes = await timePasses(seeds, CLEAN_SEED_PASSES, onPass);
  for (const article of corpus) await cleanArticle(article.bytes);
  const corpusTimes = await timePasses(corpus, CLEAN_CORPUS_PASSES, onPass);
  return {
    seedMsMedian: median(seedTimes),
    seedSamples: seedTimes.length,
    corpusMsP95: percentile(corpusTimes, 95),
    corpusMsMedian: median(corpusTimes),
    corpusSamples: corpusTimes.length,
  };
}

/** Minimum paragraphs a cleaned article must keep: an empty result would time nothing useful. */
const MIN_PARAGRAPHS = 1;

async function timePasses(
  articles: readonly RawArticle[],
  passes: number,
  onPass: () => void,
): Promise<number[]> {
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const article of articles) {
      const started = performance.now();
      const cleaned = await cleanArticle(article.bytes);
      times.push(performance.now() - started);
      if (cleaned.paragraphs.length < MIN_PARAGRAPHS) {
        throw new Error(`cleanArticle kept no paragraph of ${article.name}`);
      }
    }
    onPass();
  }
  return times;
}
