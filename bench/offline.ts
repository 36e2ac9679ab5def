import { ApertiumTranslator } from "../functions/adapters/local/apertium-translator.js";
import { cleanArticle } from "../functions/core/clean/index.js";
import type { LanguagePair, Translator } from "../functions/core/ports.js";
import { SpawnPerChunkApertiumTranslator } from "./baselines/apertium-spawn-per-chunk.js";
import type { RawArticle } from "./corpus.js";

/** French in, English out: the pipeline's only pair. */
const PAIR: LanguagePair = { source: "fr", target: "en" };

/** A cleaned article as the translate stage receives it: title first when there is one. */
export interface TranslationJob {
  readonly name: string;
  readonly texts: readonly string[];
}

export interface EngineRun {
  readonly articles: number;
  /** Wall time from before start-up to after close, ms. */
  readonly ms: number;
  readonly articlesPerSecond: number;
  readonly outputs: readonly (readonly string[])[];
}

export interface OfflineResult {
  /** Corpus articles each engine translated. */
  readonly articles: number;
  readonly paragraphs: number;
  readonly chars: number;
  /** The long-lived engine, both runs (before and after the baseline), ms. */
  readonly engineRunsMs: readonly [number, number];
  /** Articles per second of the slower of the two engine runs. */
  readonly articlesPerSecond: number;
  readonly baselineMs: number;
  readonly baselineArticlesPerSecond: number;
  /** articlesPerSecond / baselineArticlesPerSecond. */
  readonly speedup: number;
  /** Share of paragraphs both engines translated to the same text (same Apertium, same words). */
  readonly agreement: number;
}

/** The corpus as the translate stage sees it: each article cleaned, title then paragraphs. */
export async function translationJobs(corpus: readonly RawArticle[]): Promise<TranslationJob[]> {
  const jobs: TranslationJob[] = [];
  for (const article of corpus) {
    const cleaned = await cleanArticle(article.bytes);
    const texts =
      cleaned.title === null ? cleaned.paragraphs : [cleaned.title, ...cleaned.paragraphs];
    jobs.push({ name: article.name, texts });
  }
  return jobs;
}

/**
 * The offline engine against the naive baseline, same corpus, same process: the long-lived
 * Apertium pipeline (start-up and close included), then the spawn-per-chunk baseline, then the
 * long-lived engine again; the slower of its two runs is kept, so load that happens to fall on
 * the baseline's turn cannot flatter the ratio.
 */
export async function measureOffline(
  jobs: readonly TranslationJob[],
  onArticle: () => void,
): Promise<OfflineResult> {
  const first = await runEngine(jobs, () => ApertiumTranslator.start(), onArticle);
  const baseline = await runEngine(
    jobs,
    async () => new SpawnPerChunkApertiumTranslator(),
    onArticle,
  );
  const second = await runEngine(jobs, () => ApertiumTranslator.start(), onArticle);
  const slower = first.ms >= second.ms ? first : second;

  let same = 0;
  let total = 0;
  first.outputs.forEach((paragraphs, article) => {
    paragraphs.forEach((text, i) => {
      total += 1;
      if (baseline.outputs[article]?.[i] === text) same += 1;
    });
  });
  return {
    articles: jobs.length,
    paragraphs: jobs.reduce((sum, job) => sum + job.texts.length, 0),
    chars: jobs.reduce((sum, job) => sum + job.texts.reduce((s, t) => s + t.length, 0), 0),
    engineRunsMs: [first.ms, second.ms],
    articlesPerSecond: slower.articlesPerSecond,
    baselineMs: baseline.ms,
    baselineArticlesPerSecond: baseline.articlesPerSecond,
    speedup: slower.articlesPerSecond / baseline.articlesPerSecond,
    agreement: total === 0 ? 0 : same / total,
  };
}

type Closable = Translator & { close?: () => Promise<void> | void };

/** One engine over every job, in order, start-up and close included. */
export async function runEngine(
  jobs: readonly TranslationJob[],
  start: () => Promise<Closable>,
  onArticle: () => void,
): Promise<EngineRun> {
  const started = performance.now();
  const translator = await start();
  const outputs: string[][] = [];
  try {
    for (const job of jobs) {
      const { paragraphs } = await translator.translate(job.texts, PAIR);
      if (paragraphs.length !== job.texts.length) {
        throw new Error(
          `${translator.engine} returned ${paragraphs.length} paragraphs for ${job.texts.length} in ${job.name}`,
        );
      }
      outputs.push([...paragraphs]);
      onArticle();
    }
  } finally {
    await translator.close?.();
  }
  const ms = performance.now() - started;
  assertTranslated(translator.engine, jobs, outputs);
  return { articles: jobs.length, ms, articlesPerSecond: jobs.length / (ms / 1000), outputs };
}

/**
 * An engine that echoed its input would look fast; require most paragraphs to have changed.
 * Half is far below what Apertium does (names and numbers alone stay the same).
 */
const MIN_CHANGED_SHARE = 0.5;

function assertTranslated(
  engine: string,
  jobs: readonly TranslationJob[],
  outputs: readonly (readonly string[])[],
): void {
  let changed = 0;
  let total = 0;
  jobs.forEach((job, article) => {
    job.texts.forEach((text, i) => {
      total += 1;
      const out = outputs[article]?.[i];
      if (out !== undefined && out.trim() !== "" && out !== text) changed += 1;
    });
  });
  if (total > 0 && changed / total < MIN_CHANGED_SHARE) {
    throw new Error(`${engine} changed only ${changed} of ${total} paragraphs: not translating`);
  }
}
