import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BuiltBundle,
  bundleEntry,
  LAMBDA_ENTRIES,
  STAGES,
  type StageName,
} from "./bundles.js";
import {
  CLEAN_CORPUS_PASSES,
  CLEAN_SEED_PASSES,
  CLEAN_WARMUP_PASSES,
  measureClean,
} from "./clean-timing.js";
import {
  bundleBaseline,
  COLD_INIT_RUNS,
  type ColdInitResult,
  measureColdInit,
} from "./cold-start.js";
import { BATCH_ARTICLES, measureComprehendBatching } from "./comprehend-batching.js";
import { generateCorpus, LARGE_CORPUS_SIZE, loadSeeds } from "./corpus.js";
import { measureCost, measureNaiveCost } from "./cost.js";
import {
  LONG_ARTICLE_BYTES,
  type LongArticleResult,
  longArticle,
  measureLongArticle,
  serviceLatencyMs,
} from "./long-articles.js";
import { describeMachine, machineLine } from "./machine.js";
import { measureOffline, translationJobs } from "./offline.js";
import { growth, measureScale, type ScaleResult } from "./pipeline.js";
import { Progress } from "./progress.js";
import { type BenchResults, markdownTable, resultRows, TARGETS } from "./report.js";

/** Paths relative to the repository root, where `npm run bench` runs. */
const SEEDS_DIR = "seeds";
const RESULTS_FILE = "bench/results.json";

/** Bundles built per run: the three Lambdas and their three SDK-only baselines. */
const BUNDLE_COUNT = 2 * STAGES.length;

/**
 * `npm run bench`: cost counts on the seeds, bundle sizes, cold init, clean timing and offline
 * translation speed on a generated corpus; every speed figure against a baseline measured in
 * this same run. Progress on stderr, the table on stdout, everything in bench/results.json.
 */
async function main(): Promise<void> {
  // The SDK warns once that releases after January 2027 need Node 22; on Node 20 that notice
  // would land in the middle of the progress bar. It changes nothing that is measured.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const startedAt = performance.now();
  const machine = describeMachine();
  const progress = new Progress();
  const seeds = await loadSeeds(SEEDS_DIR);
  const corpus = generateCorpus(seeds);
  const outDir = await mkdtemp(join(tmpdir(), "depeche-bench-"));
  try {
    // 1. Bundles, built as the stack builds them.
    progress.phase("Bundling (esbuild)", BUNDLE_COUNT);
    const bundles = {} as Record<StageName, BuiltBundle>;
    const baselines = {} as Record<StageName, BuiltBundle>;
    for (const stage of STAGES) {
      bundles[stage] = await bundleEntry(LAMBDA_ENTRIES[stage], join(outDir, stage));
      progress.tick();
      baselines[stage] = await bundleBaseline(stage, outDir);
      progress.tick();
    }
    const heaviest = STAGES.reduce((a, b) => (bundles[b].bytes > bundles[a].bytes ? b : a));

    // 2. Cold init: fresh processes, each Lambda against its SDK-clients-only twin.
    progress.phase("Cold init (processes)", STAGES.length * 2 * COLD_INIT_RUNS);
    const coldInit = {} as Record<StageName, ColdInitResult>;
    for (const stage of STAGES) {
      coldInit[stage] = await measureColdInit(stage, bundles[stage], baselines[stage], () =>
        progress.tick(),
      );
    }

    // 3. Cleaning speed.
    progress.phase(
      "Cleaning (passes)",
      CLEAN_WARMUP_PASSES + CLEAN_SEED_PASSES + CLEAN_CORPUS_PASSES,
    );
    const clean = await measureClean(seeds, corpus, () => progress.tick());

    // 4. Cost: the seeds through the real pipeline on mocked AWS clients, and the naive baseline.
    progress.phase("Cost (articles)", seeds.length + corpus.length);
    const seedCost = await measureCost(seeds, () => progress.tick());
    const corpusCost = await measureCost(corpus, () => progress.tick());
    const naive = await measureNaiveCost(seeds);
    const naiveCorpus = await measureNaiveCost(corpus);

    // 5. Offline speed: long-lived Apertium against spawn-per-chunk, on the whole corpus.
    const jobs = await translationJobs(corpus);
    progress.phase("Offline (articles)", 3 * jobs.length);
    const offline = await measureOffline(jobs, () => progress.tick());

    // 6. One long article's requests in parallel, against mocked services with a latency.
    const latencyMs = serviceLatencyMs();
    const sizes = Object.entries(LONG_ARTICLE_BYTES);
    progress.phase("Long articles (runs)", sizes.length);
    const longArticles: Record<string, LongArticleResult> = {};
    for (const [label, bytes] of sizes) {
      longArticles[label] = await measureLongArticle(longArticle(jobs, bytes), latencyMs);
      progress.tick();
    }
    const longest = longArticles["100KB"] as LongArticleResult;

    // 6b. The articles of one analyze SQS batch share Comprehend's batch requests.
    const batching = await measureComprehendBatching(jobs);

    // 7. The whole offline pipeline (`depeche run`, start-up included) against its translator
    // alone, on the corpus and on one ten times larger.
    const largeCorpus = generateCorpus(seeds, LARGE_CORPUS_SIZE);
    const scales: [number, typeof corpus][] = [
      [corpus.length, corpus],
      [largeCorpus.length, largeCorpus],
    ];
    progress.phase("Pipeline (depeche run)", 2 * scales.length);
    const scale: Record<string, ScaleResult> = {};
    for (const [size, articles] of scales) {
      const sizeJobs = size === corpus.length ? jobs : await translationJobs(articles);
      scale[size] = await measureScale(articles, sizeJobs, join(outDir, `run-${size}`), () =>
        progress.tick(),
      );
    }
    const small = scale[corpus.length] as ScaleResult;
    const large = scale[largeCorpus.length] as ScaleResult;
    const scaleGrowth = growth(small.pipeline, large.pipeline);
    progress.stop();

    const billedRatio = seedCost.billedTranslateChars / seedCost.rawChars;
    const maxBundleBytes = bundles[heaviest].bytes;
    const cold = coldInit[heaviest];
    const results: BenchResults = {
      rawChars: seedCost.rawChars,
      billedTranslateChars: seedCost.billedTranslateChars,
      naiveBilledTranslateChars: naive.naiveBilledTranslateChars,
      billedRatio,
      translateCalls: seedCost.translateCalls,
      comprehendCalls: seedCost.comprehendCalls,
      comprehendUnits: seedCost.comprehendUnits,
      usdPerArticle: seedCost.usdPerArticle,
      translateUsdPerArticle: seedCost.translateUsdPerArticle,
      comprehendUsdPerArticle: seedCost.comprehendUsdPerArticle,
      naiveTranslateUsdPerArticle: naive.naiveUsdPerArticle,
      maxBundleBytes,
      bundles: {
        clean: bundles.clean.bytes,
        translate: bundles.translate.bytes,
        analyze: bundles.analyze.bytes,
      },
      bundlesAtStartup: {
        clean: bundles.clean.startupBytes,
        translate: bundles.translate.startupBytes,
        analyze: bundles.analyze.startupBytes,
      },
      coldInitMs: cold.handlerMs,
      coldInitBaselineMs: cold.baselineMs,
      coldInitRatio: cold.ratio,
      coldInitCpuMs: cold.handlerCpuMs,
      coldInitCpuRatio: cold.cpuRatio,
      coldInitStage: heaviest,
      offlineArticlesPerSecond: offline.articlesPerSecond,
      offlineBaselineArticlesPerSecond: offline.baselineArticlesPerSecond,
      offlineSpeedup: offline.speedup,
      pipelineArticlesPerSecond: bySize(scale, (r) => r.pipeline.articlesPerSecond),
      translatorLimitArticlesPerSecond: bySize(scale, (r) => r.limitArticlesPerSecond),
      pipelineToLimit: bySize(scale, (r) => r.pipelineToLimit),
      pipelinePeakRssBytes: bySize(scale, (r) => r.pipeline.peakRssBytes),
      pipelineGrowth: scaleGrowth,
      serviceLatencyMs: latencyMs,
      longArticleMs: Object.fromEntries(
        Object.entries(longArticles).map(([label, r]) => [
          label,
          { sequential: r.sequential.ms, parallel: r.parallel.ms, speedup: r.speedup },
        ]),
      ),
      comprehendCallsPer25Articles: batching.sharedCalls,
      cleanMsMedian: clean.seedMsMedian,
      cleanMsP95: clean.corpusMsP95,
      targetsMet: {
        billedRatio: billedRatio <= TARGETS.maxBilledRatio,
        maxBundleBytes: maxBundleBytes <= TARGETS.maxBundleBytes,
        coldInitRatio: cold.ratio <= TARGETS.maxColdInitRatio,
        offlineSpeedup: offline.speedup >= TARGETS.minOfflineSpeedup,
        pipelineToLimit: large.pipelineToLimit >= TARGETS.minPipelineToLimit,
        longArticleSpeedup:
          longest.speedup >= TARGETS.minLongArticleSpeedup &&
          longest.parallel.billedTranslateChars === longest.sequential.billedTranslateChars &&
          longest.parallel.comprehendUnits === longest.sequential.comprehendUnits,
        comprehendCallsPer25Articles:
          batching.articles === BATCH_ARTICLES &&
          batching.sharedCalls <= TARGETS.maxComprehendCallsPer25Articles,
        pipelinePeakRssGrowth:
          scaleGrowth.peakRssRatio !== null &&
          scaleGrowth.peakRssRatio < TARGETS.maxPipelinePeakRssGrowth,
      },
      details: {
        seeds: seeds.map((s) => s.name),
        corpus: {
          articles: corpus.length,
          rawChars: corpus.reduce((n, a) => n + a.text.length, 0),
        },
        seedCost,
        naiveSeedCost: naive,
        corpusCost,
        naiveCorpusCost: naiveCorpus,
        baselineBundles: Object.fromEntries(STAGES.map((s) => [s, baselines[s].bytes])),
        coldInit,
        clean,
        offline,
        pipeline: scale,
        longArticles,
        comprehendBatching: batching,
      },
      machine,
      generatedAt: new Date().toISOString(),
      durationSeconds: Math.round((performance.now() - startedAt) / 1000),
    };
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);

    process.stdout.write(`${machineLine(machine)}\n\n${markdownTable(resultRows(results))}\n\n`);
    for (const note of notes(results, seedCost, corpusCost, offline, coldInit)) {
      process.stdout.write(`- ${note}\n`);
    }
    process.stdout.write(`\nWrote ${RESULTS_FILE} in ${results.durationSeconds} s.\n`);
  } finally {
    progress.stop();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** One figure per corpus size, keyed by the number of articles ("100", "1000"). */
function bySize<T>(scale: Record<string, ScaleResult>, pick: (r: ScaleResult) => T) {
  return Object.fromEntries(Object.entries(scale).map(([size, r]) => [size, pick(r)]));
}

/** What a reader should know to read the table right: corpus figures, refusals, mismatches. */
function notes(
  r: BenchResults,
  seedCost: Awaited<ReturnType<typeof measureCost>>,
  corpusCost: Awaited<ReturnType<typeof measureCost>>,
  offline: Awaited<ReturnType<typeof measureOffline>>,
  coldInit: Record<StageName, ColdInitResult>,
): string[] {
  const lines = [
    `Seeds: the cleaner keeps ${seedCost.cleanChars.toLocaleString("en-US")} of ${seedCost.rawChars.toLocaleString("en-US")} chars ` +
      `(${(seedCost.cleanChars / seedCost.rawChars).toFixed(3)}); the translation cache brings the bill to ${seedCost.billedTranslateChars.toLocaleString("en-US")}.`,
    `Cold init, median of ${COLD_INIT_RUNS} fresh processes per side: ${STAGES.map(
      (s) =>
        `${s} ${coldInit[s].handlerMs.toFixed(1)} vs ${coldInit[s].baselineMs.toFixed(1)} ms wall (${coldInit[s].ratio.toFixed(2)}×), ` +
        `${coldInit[s].handlerCpuMs.toFixed(1)} vs ${coldInit[s].baselineCpuMs.toFixed(1)} ms CPU (${coldInit[s].cpuRatio.toFixed(2)}×)`,
    ).join(", ")}.`,
    `Corpus (${corpusCost.articles} generated articles, ${corpusCost.rawChars.toLocaleString("en-US")} raw chars): ` +
      `${corpusCost.billedTranslateChars.toLocaleString("en-US")} Translate chars billed ` +
      `(${(corpusCost.billedTranslateChars / corpusCost.rawChars).toFixed(3)} of raw), ` +
      `${corpusCost.translateCalls} TranslateText calls, ${corpusCost.comprehendUnits.toLocaleString("en-US")} Comprehend units, ` +
      `$${corpusCost.usdPerArticle.toFixed(5)} per article.`,
    `Bedrock summary (opt-in, not in the cost per article above), ${seedCost.bedrockSummary.modelId} at list prices: ` +
      `${seedCost.bedrockSummary.inputTokens.toLocaleString("en-US")} prompt tokens and at most ` +
      `${seedCost.bedrockSummary.outputTokens.toLocaleString("en-US")} output tokens on the seeds, ` +
      `$${seedCost.bedrockSummary.usdPerArticle.toFixed(5)} per article.`,
    `Offline: ${offline.articles} articles, ${offline.paragraphs} paragraphs, ${offline.chars.toLocaleString("en-US")} chars; ` +
      `long-lived runs ${offline.engineRunsMs.map((ms) => (ms / 1000).toFixed(1)).join(" s and ")} s (slower kept), ` +
      `spawn-per-chunk ${(offline.baselineMs / 1000).toFixed(1)} s; ${(offline.agreement * 100).toFixed(1)}% of paragraphs identical across engines.`,
    `Pipeline: depeche run ${Object.entries(
      r.details.pipeline as Record<string, Awaited<ReturnType<typeof measureScale>>>,
    )
      .map(
        ([size, run]) =>
          `${size} articles in ${(run.pipeline.ms / 1000).toFixed(1)} s (translator alone ${(run.limitMs / 1000).toFixed(1)} s)`,
      )
      .join(
        ", ",
      )}; per-article time ${r.pipelineGrowth.timePerArticleRatio.toFixed(2)}× and peak RSS ` +
      `${r.pipelineGrowth.peakRssRatio?.toFixed(2) ?? "n/a"}× from the small to the large run ` +
      `(${r.pipelineGrowth.timePerArticleRatio <= 1 ? "linear or better" : "worse than linear"} in time).`,
    `Long articles at ${r.serviceLatencyMs} ms per mocked call (BENCH_SERVICE_LATENCY_MS): ${Object.entries(
      r.details.longArticles as Record<string, LongArticleResult>,
    )
      .map(
        ([label, a]) =>
          `${label} (${a.bytes.toLocaleString("en-US")} bytes, ${a.sequential.translateCalls} TranslateText + ${a.sequential.comprehendCalls} Comprehend calls) ` +
          `${a.sequential.ms.toFixed(0)} → ${a.parallel.ms.toFixed(0)} ms, ${a.parallel.billedTranslateChars === a.sequential.billedTranslateChars ? "same" : "DIFFERENT"} billed characters`,
      )
      .join("; ")}.`,
  ];
  for (const [label, cost] of [
    ["seeds", seedCost],
    ["corpus", corpusCost],
  ] as const) {
    if (cost.failed.length > 0) lines.push(`Refused (${label}): ${cost.failed.join("; ")}.`);
    const { duplicates } = cost;
    if (duplicates.articles > 0) {
      lines.push(
        `Same-story duplicates (${label}): ${duplicates.articles} article(s), ${duplicates.billedTranslateChars.toLocaleString("en-US")} of their ${duplicates.cleanChars.toLocaleString("en-US")} clean characters billed to Translate (${((100 * duplicates.billedTranslateChars) / Math.max(1, duplicates.cleanChars)).toFixed(1)}%: the cache held the rest).`,
      );
    }
    if (cost.reported.translateChars !== cost.billedTranslateChars) {
      lines.push(
        `MISMATCH (${label}): documents report ${cost.reported.translateChars} Translate chars, the mocked client received ${cost.billedTranslateChars}.`,
      );
    }
    if (cost.reported.comprehendUnits !== cost.comprehendUnits) {
      lines.push(
        `MISMATCH (${label}): documents report ${cost.reported.comprehendUnits} Comprehend units, the mocked client's TextLists bill ${cost.comprehendUnits}.`,
      );
    }
  }
  for (const [target, met] of Object.entries(r.targetsMet)) {
    if (!met) lines.push(`Target missed: ${target} (see docs/benchmark.md).`);
  }
  return lines;
}

await main();
