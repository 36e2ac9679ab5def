import type { StageName } from "./bundles.js";
import type { Machine } from "./machine.js";

/** Acceptance targets (issues #9 and #20); a miss is reported, never hidden. */
export const TARGETS = {
  /** Translate characters billed per character uploaded, on the seeds. */
  maxBilledRatio: 0.7,
  /**
   * 1.2 MB (decimal): the largest minified Lambda bundle. Issue #9 allowed 1.5 MB; issue #20
   * item 5 holds start-up to what it measured then (1.20 MB), and a bound only tightens.
   */
  maxBundleBytes: 1_200_000,
  /**
   * Cold init of the heaviest Lambda over an SDK-clients-only bundle: issue #20 item 5's 1.33×
   * (issue #9 asked 1.5×).
   */
  maxColdInitRatio: 1.33,
  /** Offline articles per second over the spawn-per-chunk baseline. */
  minOfflineSpeedup: 5,
  /** `depeche run` on the large corpus over its translator alone (issue #20). */
  minPipelineToLimit: 0.6,
  /** Peak RSS of `depeche run` on the large corpus over the small one: memory stays flat. */
  maxPipelinePeakRssGrowth: 1.5,
  /** The 100 KB article, sequential over parallel requests, same bill (issue #20). */
  minLongArticleSpeedup: 3,
  /**
   * Comprehend requests for 25 articles in one analyze batch (issue #20: "≤ 3", one per
   * feature). A fixed number, not the feature count: a fourth feature must show here.
   */
  maxComprehendCallsPer25Articles: 3,
} as const;

/** `bench/results.json`: flat keys first (the published numbers), details after. */
export interface BenchResults {
  readonly rawChars: number;
  readonly billedTranslateChars: number;
  readonly naiveBilledTranslateChars: number;
  readonly billedRatio: number;
  readonly translateCalls: number;
  readonly comprehendCalls: number;
  readonly comprehendUnits: number;
  /** Translate + Comprehend, list prices, per seed article. */
  readonly usdPerArticle: number;
  readonly translateUsdPerArticle: number;
  readonly comprehendUsdPerArticle: number;
  readonly naiveTranslateUsdPerArticle: number;
  readonly maxBundleBytes: number;
  readonly bundles: Record<StageName, number>;
  /** Bytes of the files a cold start loads (entry and static imports); the rest loads on use. */
  readonly bundlesAtStartup: Record<StageName, number>;
  readonly coldInitMs: number;
  readonly coldInitBaselineMs: number;
  readonly coldInitRatio: number;
  /** The same imports in CPU time (user + system): steadier than wall time on a loaded machine. */
  readonly coldInitCpuMs: number;
  readonly coldInitCpuRatio: number;
  readonly coldInitStage: StageName;
  readonly offlineArticlesPerSecond: number;
  readonly offlineBaselineArticlesPerSecond: number;
  readonly offlineSpeedup: number;
  /** `depeche run`, start-up included, per corpus size ("100", "1000"). */
  readonly pipelineArticlesPerSecond: Record<string, number>;
  /** The long-lived Apertium pipeline alone on the same cleaned paragraphs, same run. */
  readonly translatorLimitArticlesPerSecond: Record<string, number>;
  readonly pipelineToLimit: Record<string, number>;
  readonly pipelinePeakRssBytes: Record<string, number | null>;
  readonly pipelineGrowth: {
    readonly articlesRatio: number;
    readonly timeRatio: number;
    readonly timePerArticleRatio: number;
    readonly peakRssRatio: number | null;
  };
  /** Latency injected per mocked Translate/Comprehend call. */
  readonly serviceLatencyMs: number;
  /** One long article through Translate and Comprehend: ms with 1 request at a time and in parallel. */
  readonly longArticleMs: Record<
    string,
    { readonly sequential: number; readonly parallel: number; readonly speedup: number }
  >;
  /** Comprehend requests for 25 corpus articles delivered as one analyze SQS batch. */
  readonly comprehendCallsPer25Articles: number;
  readonly cleanMsMedian: number;
  readonly cleanMsP95: number;
  readonly targetsMet: Record<string, boolean>;
  readonly details: Record<string, unknown>;
  readonly machine: Machine;
  readonly generatedAt: string;
  readonly durationSeconds: number;
}

export interface Row {
  readonly metric: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, digits: number): string => n.toFixed(digits);
const mb = (bytes: number): string => `${(bytes / 1_000_000).toFixed(2)} MB`;
const usd = (n: number): string => `$${n.toFixed(5)}`;
const rss = (bytes: number | null): string =>
  bytes === null ? "n/a" : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const sizesOf = (r: BenchResults): number[] => Object.keys(r.pipelineArticlesPerSecond).map(Number);
const largestSize = (r: BenchResults): string => String(Math.max(...sizesOf(r)));
const smallestSize = (r: BenchResults): string => String(Math.min(...sizesOf(r)));
const verdict = (met: boolean | undefined): string => (met ? "✔" : "✘");

/** The table users read: one row per figure, the same-run baseline beside every ratio. */
export function resultRows(r: BenchResults): Row[] {
  const m = r.targetsMet;
  return [
    {
      metric: "Raw characters uploaded (seeds)",
      value: int(r.rawChars),
      baseline: "",
      ratio: "",
      target: "",
    },
    {
      metric: "Translate characters billed (seeds)",
      value: int(r.billedTranslateChars),
      baseline: `${int(r.naiveBilledTranslateChars)} (whole text)`,
      ratio: `${fixed(r.billedRatio, 3)} of raw`,
      target: `≤ ${TARGETS.maxBilledRatio} of raw ${verdict(m.billedRatio)}`,
    },
    {
      metric: "TranslateText calls (seeds)",
      value: int(r.translateCalls),
      baseline: "",
      ratio: "",
      target: "",
    },
    {
      metric: "Comprehend Batch* calls (seeds)",
      value: int(r.comprehendCalls),
      baseline: "",
      ratio: "",
      target: "",
    },
    {
      metric: "Comprehend units (seeds)",
      value: int(r.comprehendUnits),
      baseline: "",
      ratio: "",
      target: "",
    },
    {
      metric: "Translate cost per seed article",
      value: usd(r.translateUsdPerArticle),
      baseline: usd(r.naiveTranslateUsdPerArticle),
      ratio: `${fixed(r.translateUsdPerArticle / r.naiveTranslateUsdPerArticle, 3)}×`,
      target: "",
    },
    {
      metric: "Comprehend cost per seed article",
      value: usd(r.comprehendUsdPerArticle),
      baseline: "",
      ratio: "",
      target: "",
    },
    ...(["clean", "translate", "analyze"] as const).map((stage) => ({
      metric: `Bundle ${stage}: all files (loaded at cold start)`,
      value: `${mb(r.bundles[stage])} (${mb(r.bundlesAtStartup[stage])})`,
      baseline: "",
      ratio: "",
      target: "",
    })),
    {
      metric: "Largest bundle",
      value: mb(r.maxBundleBytes),
      baseline: "",
      ratio: "",
      target: `≤ ${mb(TARGETS.maxBundleBytes)} ${verdict(m.maxBundleBytes)}`,
    },
    {
      metric: `Cold init, ${r.coldInitStage} Lambda (median ms)`,
      value: fixed(r.coldInitMs, 1),
      baseline: `${fixed(r.coldInitBaselineMs, 1)} (SDK clients only)`,
      ratio: `${fixed(r.coldInitRatio, 2)}×`,
      target: `≤ ${TARGETS.maxColdInitRatio}× ${verdict(m.coldInitRatio)}`,
    },
    {
      metric: `Cold init, ${r.coldInitStage} Lambda (median CPU ms)`,
      value: fixed(r.coldInitCpuMs, 1),
      baseline: `${fixed(r.coldInitCpuMs / r.coldInitCpuRatio, 1)} (SDK clients only)`,
      ratio: `${fixed(r.coldInitCpuRatio, 2)}×`,
      target: "",
    },
    {
      metric: "Offline translation (articles/s)",
      value: fixed(r.offlineArticlesPerSecond, 2),
      baseline: `${fixed(r.offlineBaselineArticlesPerSecond, 2)} (spawn per chunk)`,
      ratio: `${fixed(r.offlineSpeedup, 1)}×`,
      target: `≥ ${TARGETS.minOfflineSpeedup}× ${verdict(m.offlineSpeedup)}`,
    },
    ...Object.keys(r.pipelineArticlesPerSecond).flatMap((size) => {
      const isLarge = size === largestSize(r);
      return [
        {
          metric: `Pipeline, depeche run on ${int(Number(size))} articles (articles/s)`,
          value: fixed(r.pipelineArticlesPerSecond[size] ?? 0, 2),
          baseline: `${fixed(r.translatorLimitArticlesPerSecond[size] ?? 0, 2)} (translator alone)`,
          ratio: `${fixed(r.pipelineToLimit[size] ?? 0, 2)}×`,
          target: isLarge ? `≥ ${TARGETS.minPipelineToLimit}× ${verdict(m.pipelineToLimit)}` : "",
        },
        {
          metric: `Pipeline, peak RSS on ${int(Number(size))} articles`,
          value: rss(r.pipelinePeakRssBytes[size] ?? null),
          baseline: isLarge
            ? `${rss(r.pipelinePeakRssBytes[smallestSize(r)] ?? null)} (smaller run)`
            : "",
          ratio:
            isLarge && r.pipelineGrowth.peakRssRatio !== null
              ? `${fixed(r.pipelineGrowth.peakRssRatio, 2)}×`
              : "",
          target: isLarge
            ? `< ${TARGETS.maxPipelinePeakRssGrowth}× ${verdict(m.pipelinePeakRssGrowth)}`
            : "",
        },
      ];
    }),
    ...Object.entries(r.longArticleMs).map(([label, run]) => ({
      metric: `Long article ${label}, Translate + Comprehend at ${r.serviceLatencyMs} ms/call (ms)`,
      value: fixed(run.parallel, 0),
      baseline: `${fixed(run.sequential, 0)} (one request at a time)`,
      ratio: `${fixed(run.speedup, 1)}× faster`,
      target:
        label === "100KB"
          ? `≥ ${TARGETS.minLongArticleSpeedup}×, same bill ${verdict(m.longArticleSpeedup)}`
          : "",
    })),
    {
      metric: "Comprehend requests, 25 articles in one analyze batch",
      value: String(r.comprehendCallsPer25Articles),
      baseline: "",
      ratio: "",
      target: `≤ ${TARGETS.maxComprehendCallsPer25Articles}, one per feature ${verdict(m.comprehendCallsPer25Articles)}`,
    },
    {
      metric: "Pipeline, time per article, large over small run",
      value: `${fixed(r.pipelineGrowth.timePerArticleRatio, 2)}×`,
      baseline: "",
      ratio: "",
      target: "≤ 1 is linear or better",
    },
    {
      metric: "Clean, median per seed article (ms)",
      value: fixed(r.cleanMsMedian, 2),
      baseline: "",
      ratio: "",
      target: "",
    },
    {
      metric: "Clean, p95 per corpus article (ms)",
      value: fixed(r.cleanMsP95, 2),
      baseline: "",
      ratio: "",
      target: "",
    },
  ];
}

const HEADERS: Row = {
  metric: "Metric",
  value: "Value",
  baseline: "Baseline (same run)",
  ratio: "Ratio",
  target: "Target",
};

/** A Markdown table padded to line up in a terminal, pasted as is into docs/benchmark.md. */
export function markdownTable(rows: readonly Row[]): string {
  const columns = Object.keys(HEADERS) as (keyof Row)[];
  const all = [HEADERS, ...rows];
  const widths = columns.map((c) => Math.max(...all.map((row) => row[c].length)));
  const line = (row: Row): string =>
    `| ${columns.map((c, i) => row[c].padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [line(HEADERS), rule, ...rows.map(line)].join("\n");
}
