/**
 * `npm run eval -- clean`: the cleaner on the 711 article pages of the WCXB development split
 * (Web Content eXtraction Benchmark, Murrough Foley, 2026, CC-BY-4.0; the corpus README in
 * `../shared/corpora/wcxb-dev-articles/`), against two baselines on the same pages in the same
 * run: Mozilla Readability alone on the same DOM library (linkedom), and keep-everything (all the
 * text of the page). depeche is run on the page as HTML and on its scraped-text variant
 * (`scraped-text.ts`).
 *
 * Metrics: WCXB's own (mean per-page word-bag F1 over lower-cased `\w+` tokens of title + main
 * content), the Scrapinghub AEB 4-shingle metric on the main content, the share of `with`
 * snippets found and of `without` snippets kept out, and, for metadata, title, author and date
 * accuracy against the ground truth (dates never after the page's recorded download).
 *
 *   npm run eval -- clean                      summary table, per-page JSON to out/eval/
 *   npm run eval -- clean --compare FILE       also: pages whose depeche F1 moved against FILE
 *   npm run eval -- clean --corpus DIR         the corpus elsewhere
 *   npm run eval -- clean --dump-text DIR      also write each page's scraped-text variant
 *   npm run eval -- clean --limit N            the first N pages only (quick looks)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { decodeBytes } from "../../functions/core/clean/decode/decode.js";
import { aggregateScores } from "./metrics/shingles.js";
import { scrapedText } from "./scraped-text.js";
import { findCorpus, loadWcxbPages } from "./wcxb-corpus.js";
import {
  type MetadataResult,
  type PageResult,
  SYSTEM_LABEL,
  SYSTEMS,
  type System,
} from "./wcxb-page.js";
import type { WorkerInput } from "./wcxb-worker.js";

/** Where the per-page results go (gitignored `out/`). */
const RESULTS_FILE = join("out", "eval", "clean-wcxb.json");

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const f3 = (value: number): string => value.toFixed(3);
const pct = (part: number, whole: number): string =>
  whole === 0 ? "    -" : `${((100 * part) / whole).toFixed(1)}%`.padStart(6);

function accuracy(results: readonly MetadataResult[]): string {
  const judged = results.filter((result) => result.correct !== null);
  const correct = judged.filter((result) => result.correct).length;
  return `${pct(correct, judged.length)} of ${judged.length}`;
}

function printSummary(pages: readonly PageResult[]): void {
  const line = (cells: string[]): void => console.log(cells.join("  "));
  const withTotal = pages.reduce((sum, page) => sum + page.withTotal, 0);
  const withoutTotal = pages.reduce((sum, page) => sum + page.withoutTotal, 0);
  console.log(
    `WCXB development articles: ${pages.length} pages (CC-BY-4.0, Murrough Foley 2026)\n`,
  );
  line([
    "system".padEnd(24),
    "word P",
    "word R",
    "word F1",
    "shin P",
    "shin R",
    "shin F1",
    " with",
    "without",
    "<0.5",
    " med ms",
  ]);
  line([
    "-".repeat(24),
    "------",
    "------",
    "-------",
    "------",
    "------",
    "-------",
    "------",
    "-------",
    "----",
    "-------",
  ]);
  for (const system of SYSTEMS) {
    const results = pages.map((page) => page.systems[system]);
    const shingles = aggregateScores(results.map((result) => result.shingles));
    line([
      SYSTEM_LABEL[system].padEnd(24),
      f3(mean(results.map((r) => r.wordPrecision))).padStart(6),
      f3(mean(results.map((r) => r.wordRecall))).padStart(6),
      f3(mean(results.map((r) => r.wordF1))).padStart(7),
      f3(shingles.precision).padStart(6),
      f3(shingles.recall).padStart(6),
      f3(shingles.f1).padStart(7),
      pct(
        results.reduce((sum, r) => sum + r.withFound, 0),
        withTotal,
      ),
      pct(
        results.reduce((sum, r) => sum + r.withoutKept, 0),
        withoutTotal,
      ).padStart(7),
      String(results.filter((r) => r.wordF1 < 0.5).length).padStart(4),
      system === "keep-all"
        ? "      -"
        : median(results.map((r) => r.ms))
            .toFixed(1)
            .padStart(7),
    ]);
  }
  const refused = pages.filter((page) => page.systems.depeche.error !== undefined);
  console.log(
    `\nword: WCXB metric, mean per-page word-bag F1 of title + main content; shin: AEB 4-shingle` +
      ` metric on the main content;\nwith: share of must-have snippets found; without: share of` +
      ` must-not-have snippets kept out; <0.5: pages with word F1 below 0.5.`,
  );
  if (refused.length > 0) {
    console.log(
      `depeche refused ${refused.length}: ${refused.map((p) => `${p.id} ${p.systems.depeche.error}`).join(", ")}`,
    );
  }
  const metadata = pages.map((page) => page.metadata);
  console.log("\nmetadata         depeche               Readability");
  line([
    "title   ",
    accuracy(metadata.map((m) => m.title)).padEnd(20),
    accuracy(metadata.map((m) => m.readabilityTitle)),
  ]);
  line([
    "author  ",
    accuracy(metadata.map((m) => m.author)).padEnd(20),
    accuracy(metadata.map((m) => m.readabilityAuthor)),
  ]);
  line([
    "date    ",
    accuracy(metadata.map((m) => m.published)).padEnd(20),
    accuracy(metadata.map((m) => m.readabilityPublished)),
  ]);
  const sources = new Map<string, number>();
  for (const m of metadata) {
    const key = m.published.source ?? "none";
    sources.set(key, (sources.get(key) ?? 0) + 1);
  }
  const after = metadata.filter((m) => m.published.afterDownload).length;
  console.log(
    `date sources: ${[...sources].map(([source, count]) => `${source} ${count}`).join(", ")};` +
      ` dates after the page's download: ${after}`,
  );
  console.log(
    "(title/author: same lower-cased words; date: same day; over pages whose truth has one)",
  );
}

function printWorst(pages: readonly PageResult[]): void {
  const behind = pages
    .map((page) => ({
      page,
      gap: page.systems.readability.wordF1 - page.systems.depeche.wordF1,
    }))
    .filter(({ gap }) => gap > 0.05)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, 15);
  console.log(`\nPages where depeche trails Readability most (word F1), ${behind.length} shown:`);
  for (const { page } of behind) {
    const { depeche, readability } = page.systems;
    console.log(
      `  ${page.id}  ${f3(depeche.wordF1)} vs ${f3(readability.wordF1)}  P ${f3(depeche.wordPrecision)} R ${f3(depeche.wordRecall)}  ${page.domain}`,
    );
  }
}

function printMoves(pages: readonly PageResult[], previousFile: string): void {
  const previous = new Map(
    (JSON.parse(readFileSync(previousFile, "utf8")) as { pages: PageResult[] }).pages.map(
      (page) => [page.id, page],
    ),
  );
  const moves: { id: string; system: System; before: number; after: number }[] = [];
  for (const page of pages) {
    const old = previous.get(page.id);
    if (old === undefined) continue;
    for (const system of ["depeche", "depeche-text"] as const) {
      const before = old.systems[system].wordF1;
      const after = page.systems[system].wordF1;
      if (Math.abs(after - before) > 0.005) moves.push({ id: page.id, system, before, after });
    }
  }
  moves.sort((a, b) => a.after - a.before - (b.after - b.before));
  console.log(`\nPages that moved against ${previousFile}: ${moves.length}`);
  for (const move of moves) {
    console.log(`  ${move.id}  ${move.system.padEnd(12)}  ${f3(move.before)} -> ${f3(move.after)}`);
  }
}

/**
 * Worker threads of this process (not a process per page): the machine has two cores, and a
 * page's systems are independent of other pages'.
 */
const MAX_WORKERS = 2;

/** Pages are dealt to the workers in turn, so that slow pages spread evenly. */
async function evaluateInWorkers(corpus: string, ids: readonly string[]): Promise<PageResult[]> {
  const count = Math.max(1, Math.min(MAX_WORKERS, availableParallelism(), ids.length));
  const shares = Array.from({ length: count }, (_, worker) =>
    ids.filter((_, index) => index % count === worker),
  );
  const parts = await Promise.all(
    shares.map(
      (share) =>
        new Promise<PageResult[]>((resolve, reject) => {
          const workerData: WorkerInput = { corpus, ids: share };
          const worker = new Worker(new URL("./wcxb-worker.mjs", import.meta.url), {
            workerData,
          });
          worker.once("message", (results: PageResult[]) => resolve(results));
          worker.once("error", reject);
          worker.once("exit", (code) => {
            if (code !== 0) reject(new Error(`an evaluation worker exited with code ${code}`));
          });
        }),
    ),
  );
  const byId = new Map(parts.flat().map((result) => [result.id, result]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

interface Options {
  readonly corpus?: string;
  readonly compare?: string;
  readonly dumpText?: string;
  readonly limit?: number;
}

function parseOptions(args: readonly string[]): Options {
  const options: Record<string, string> = {};
  for (let index = 0; index < args.length; index++) {
    const flag = args[index] ?? "";
    const value = args[index + 1];
    if (
      !["--corpus", "--compare", "--dump-text", "--limit"].includes(flag) ||
      value === undefined
    ) {
      console.error(`npm run eval -- clean: unknown or incomplete option "${flag}"`);
      process.exit(1);
    }
    options[flag.slice(2)] = value;
    index++;
  }
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    console.error(
      `npm run eval -- clean: --limit must be a positive integer, not "${options.limit}"`,
    );
    process.exit(1);
  }
  return {
    ...(options.corpus === undefined ? {} : { corpus: options.corpus }),
    ...(options.compare === undefined ? {} : { compare: options.compare }),
    ...(options["dump-text"] === undefined ? {} : { dumpText: options["dump-text"] }),
    ...(limit === undefined ? {} : { limit }),
  };
}

export async function evalCleanWcxb(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const corpus = findCorpus(options.corpus);
  const started = performance.now();
  const pages = loadWcxbPages(corpus).slice(0, options.limit);
  const results = await evaluateInWorkers(
    corpus,
    pages.map((page) => page.id),
  );
  if (options.dumpText !== undefined) {
    mkdirSync(options.dumpText, { recursive: true });
    for (const page of pages) {
      writeFileSync(
        join(options.dumpText, `${page.id}.txt`),
        scrapedText(decodeBytes(page.bytes).text),
      );
    }
  }
  mkdirSync(join("out", "eval"), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ corpus, pages: results }, null, 1)}\n`);
  printSummary(results);
  printWorst(results);
  if (options.compare !== undefined) printMoves(results, options.compare);
  console.log(
    `\nper-page results: ${RESULTS_FILE}; ${results.length} pages in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}
