import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ApertiumTranslator } from "../functions/adapters/local/apertium-translator.js";
import type { RawArticle } from "./corpus.js";
import { runEngine, type TranslationJob } from "./offline.js";

/** The CLI launcher `npm run depeche` runs: the real command, start-up included. */
const DEPECHE_BIN = "bin/depeche.mjs";

/**
 * How often the child's `VmHWM` (peak resident set, kept by the kernel) is read. The peak is
 * monotone, so the last reading before exit misses at most what grew in the final interval.
 */
const RSS_POLL_MS = 50;

export interface PipelineRun {
  readonly articles: number;
  /** Wall time of `depeche run`, process spawn to exit, ms. */
  readonly ms: number;
  readonly articlesPerSecond: number;
  /** Peak resident set of the `depeche run` process (its Apertium children not included). */
  readonly peakRssBytes: number | null;
  readonly enriched: number;
}

export interface ScaleResult {
  readonly pipeline: PipelineRun;
  /** The long-lived Apertium pipeline alone on the same cleaned paragraphs, start-up included. */
  readonly limitMs: number;
  readonly limitArticlesPerSecond: number;
  /** pipeline.articlesPerSecond / limitArticlesPerSecond. */
  readonly pipelineToLimit: number;
}

/** Writes a corpus as the files a user would hand to `depeche run`. */
export async function writeCorpus(articles: readonly RawArticle[], directory: string) {
  await mkdir(directory, { recursive: true });
  await Promise.all(articles.map((a) => writeFile(join(directory, a.name), a.bytes)));
}

/**
 * `depeche run <inputs> --out <out>` in a fresh process, timed from spawn to exit, its peak RSS
 * read from /proc while it runs. Fails if the command fails or an article has no result.
 */
export async function runDepeche(
  inputs: string,
  out: string,
  articles: number,
): Promise<PipelineRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [DEPECHE_BIN, "run", inputs, "--out", out], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr = (stderr + d).slice(-2_000);
  });
  child.stdout.resume();
  let peak: number | null = null;
  const poll = setInterval(() => {
    const hwm = peakRss(child.pid);
    if (hwm !== null) peak = Math.max(peak ?? 0, hwm);
  }, RSS_POLL_MS);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(poll);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`depeche run exited with ${code}: ${stderr.trim()}`);
  const enriched = (await readdir(join(out, "enriched"))).length;
  if (enriched !== articles) {
    throw new Error(`depeche run enriched ${enriched} of ${articles} articles`);
  }
  return { articles, ms, articlesPerSecond: articles / (ms / 1000), peakRssBytes: peak, enriched };
}

/** The kernel's peak resident set of a live process, or null (not Linux, or already gone). */
function peakRss(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Synchronous on purpose: a /proc read never blocks, and the timer stays simple.
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * One corpus size: `depeche run` on it, then the Apertium pipeline alone on its cleaned
 * paragraphs, back to back so both see the same machine load.
 */
export async function measureScale(
  articles: readonly RawArticle[],
  jobs: readonly TranslationJob[],
  directory: string,
  onStep: () => void,
): Promise<ScaleResult> {
  const inputs = join(directory, "in");
  await writeCorpus(articles, inputs);
  const pipeline = await runDepeche(inputs, join(directory, "out"), articles.length);
  onStep();
  const limit = await runEngine(
    jobs,
    () => ApertiumTranslator.start(),
    () => {},
  );
  onStep();
  return {
    pipeline,
    limitMs: limit.ms,
    limitArticlesPerSecond: limit.articlesPerSecond,
    pipelineToLimit: pipeline.articlesPerSecond / limit.articlesPerSecond,
  };
}

/** How a run on the larger corpus grew over the smaller one: ≤ 1 per article is linear or better. */
export function growth(small: PipelineRun, large: PipelineRun) {
  const scale = large.articles / small.articles;
  return {
    articlesRatio: scale,
    timeRatio: large.ms / small.ms,
    /** Time per article on the large corpus over the small one. */
    timePerArticleRatio: large.ms / scale / small.ms,
    peakRssRatio:
      small.peakRssBytes && large.peakRssBytes ? large.peakRssBytes / small.peakRssBytes : null,
  };
}
