/**
 * `npm run eval` (no mode): scores the cleaner on every gold fixture with the Scrapinghub
 * article-extraction-benchmark metric (4-token shingles; precision and recall per document,
 * averaged; F1 of the averages) and prints one row per fixture and one per group.
 *
 *   npm run eval              table
 *   npm run eval -- --json    the same numbers as JSON
 */
import { performance } from "node:perf_hooks";
import { cleanArticle } from "../../functions/core/clean/index.js";
import { InputError } from "../../functions/core/errors.js";
import { articleBody, type GoldCase, loadGoldCases } from "../../test/golden/gold-cases.js";
import {
  aggregateScores,
  type Scores,
  type ShingleCounts,
  shingleMatch,
} from "./metrics/shingles.js";

/** Timing runs per fixture; the median of several runs hides JIT warm-up and GC pauses. */
const TIMING_RUNS = 21;

interface Row {
  readonly name: string;
  readonly group: GoldCase["group"];
  readonly counts: ShingleCounts;
  readonly scores: Scores;
  readonly titleMatches: boolean;
  readonly medianMs: number;
  readonly error?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function evaluate(testCase: GoldCase): Promise<Row> {
  const truth = articleBody(testCase.gold.paragraphs);
  try {
    const article = await cleanArticle(testCase.bytes);
    const times: number[] = [];
    for (let run = 0; run < TIMING_RUNS; run++) {
      const start = performance.now();
      await cleanArticle(testCase.bytes);
      times.push(performance.now() - start);
    }
    const counts = shingleMatch(truth, articleBody(article.paragraphs));
    return {
      name: testCase.name,
      group: testCase.group,
      counts,
      scores: aggregateScores([counts]),
      titleMatches: article.title === testCase.gold.title,
      medianMs: median(times),
    };
  } catch (error: unknown) {
    if (!(error instanceof InputError)) throw error;
    const counts = shingleMatch(truth, "");
    return {
      name: testCase.name,
      group: testCase.group,
      counts,
      scores: aggregateScores([counts]),
      titleMatches: false,
      medianMs: Number.NaN,
      error: `${error.code}: ${error.message}`,
    };
  }
}

const fmt = (value: number): string => value.toFixed(3);

function printTable(rows: readonly Row[]): void {
  const width = Math.max(...rows.map((row) => row.name.length), 12);
  const line = (cells: string[]): void => console.log(cells.join("  "));
  line(["fixture".padEnd(width), "group", "    P", "    R", "   F1", "title", "  ms"]);
  line(["-".repeat(width), "-----", "-----", "-----", "-----", "-----", "----"]);
  for (const row of rows) {
    line([
      row.name.padEnd(width),
      row.group.padEnd(5),
      fmt(row.scores.precision),
      fmt(row.scores.recall),
      fmt(row.scores.f1),
      (row.titleMatches ? "ok" : "MISS").padEnd(5),
      Number.isNaN(row.medianMs) ? "   -" : row.medianMs.toFixed(1).padStart(4),
    ]);
    if (row.error !== undefined) console.log(`  ! ${row.error}`);
  }
  line(["-".repeat(width), "-----", "-----", "-----", "-----", "-----", "----"]);
  for (const group of ["seed", "html", "text", "all"] as const) {
    const members = rows.filter((row) => group === "all" || row.group === group);
    if (members.length === 0) continue;
    const scores = aggregateScores(members.map((row) => row.counts));
    const titles = members.filter((row) => row.titleMatches).length;
    const ms = median(members.map((row) => row.medianMs).filter((value) => !Number.isNaN(value)));
    line([
      `overall ${group} (${members.length})`.padEnd(width),
      group.padEnd(5),
      fmt(scores.precision),
      fmt(scores.recall),
      fmt(scores.f1),
      `${titles}/${members.length}`.padEnd(5),
      ms.toFixed(1).padStart(4),
    ]);
  }
  console.log("\nP/R/F1: Scrapinghub shingle metric on the body paragraphs; title: exact match;");
  console.log(
    `ms: median of ${TIMING_RUNS} cleanArticle runs per fixture (overall: median of medians).`,
  );
}

/** Runs the fixture evaluation; `args` are the command-line arguments after the mode. */
export async function evalFixtures(args: readonly string[]): Promise<void> {
  const rows: Row[] = [];
  for (const testCase of loadGoldCases()) rows.push(await evaluate(testCase));
  if (args.includes("--json")) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    printTable(rows);
  }
}
