import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { CORPUS_SIZE, generateCorpus, LARGE_CORPUS_SIZE, loadSeeds } from "./corpus.js";
import { translationJobs } from "./offline.js";
import { growth, measureScale, type ScaleResult } from "./pipeline.js";

/**
 * `npm run bench:pipeline [sizes…]`: only the pipeline phase of `npm run bench` (`depeche run`
 * against the translator alone, back to back, per corpus size; default 100 and 1,000), printed
 * with the load average before and after each size. Writes nothing: bench/results.json is
 * `npm run bench`'s.
 */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const sizes = process.argv.slice(2).map(Number);
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`corpus sizes are positive integers, got ${process.argv.slice(2).join(" ")}`);
    }
  }
  const seeds = await loadSeeds("seeds");
  const outDir = await mkdtemp(join(tmpdir(), "depeche-bench-pipeline-"));
  const results: Record<number, ScaleResult> = {};
  try {
    for (const size of sizes.length > 0 ? sizes : [CORPUS_SIZE, LARGE_CORPUS_SIZE]) {
      const articles = generateCorpus(seeds, size);
      const jobs = await translationJobs(articles);
      const before = load();
      const result = await measureScale(articles, jobs, join(outDir, `run-${size}`), () => {});
      results[size] = result;
      const mib = result.pipeline.peakRssBytes === null ? "n/a" : mb(result.pipeline.peakRssBytes);
      process.stdout.write(
        `${size} articles: depeche run ${(result.pipeline.ms / 1000).toFixed(1)} s ` +
          `(${result.pipeline.articlesPerSecond.toFixed(2)}/s, peak RSS ${mib} MiB), ` +
          `translator alone ${(result.limitMs / 1000).toFixed(1)} s ` +
          `(${result.limitArticlesPerSecond.toFixed(2)}/s): pipelineToLimit ` +
          `${result.pipelineToLimit.toFixed(2)}; load ${before} → ${load()}\n`,
      );
    }
    const [small, large] = Object.values(results);
    if (small && large) {
      const g = growth(small.pipeline, large.pipeline);
      process.stdout.write(
        `growth ${large.pipeline.articles} over ${small.pipeline.articles}: time per article ` +
          `${g.timePerArticleRatio.toFixed(2)}×, peak RSS ${g.peakRssRatio?.toFixed(2) ?? "n/a"}×\n`,
      );
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

await main();
