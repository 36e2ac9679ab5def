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
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { decodeBytes } from "../../functions/core/clean/decode/decode.js";
import { type CleanedArticle, cleanArticle } from "../../functions/core/clean/index.js";
import { InputError } from "../../functions/core/errors.js";
import { aggregateScores, type ShingleCounts, shingleMatch } from "./metrics/shingles.js";
import { wordScores } from "./metrics/word-f1.js";
import { scrapedText } from "./scraped-text.js";
import { findCorpus, loadWcxbPages, type WcxbPage } from "./wcxb-corpus.js";

/** Where the per-page results go (gitignored `out/`). */
const RESULTS_FILE = join("out", "eval", "clean-wcxb.json");

/** The systems compared, in table order. */
const SYSTEMS = ["depeche", "readability", "keep-all", "depeche-text"] as const;
type System = (typeof SYSTEMS)[number];

const SYSTEM_LABEL: Record<System, string> = {
  depeche: "depeche (HTML)",
  readability: "Readability (linkedom)",
  "keep-all": "keep everything",
  "depeche-text": "depeche (scraped text)",
};

/** What one system extracted from one page. */
interface Extraction {
  readonly title: string | null;
  readonly body: string;
  readonly author?: string | null;
  readonly published?: string | null;
  readonly publishedSource?: string | null;
  readonly ms: number;
  readonly error?: string;
}

interface SystemResult {
  readonly wordPrecision: number;
  readonly wordRecall: number;
  readonly wordF1: number;
  readonly shingles: ShingleCounts;
  readonly withFound: number;
  readonly withoutKept: number;
  readonly ms: number;
  readonly error?: string;
}

interface MetadataResult {
  readonly truth: string | null;
  readonly found: string | null;
  readonly correct: boolean | null;
}

interface PageResult {
  readonly id: string;
  readonly domain: string;
  readonly url: string;
  readonly withTotal: number;
  readonly withoutTotal: number;
  readonly systems: Record<System, SystemResult>;
  readonly metadata: {
    readonly title: MetadataResult;
    readonly author: MetadataResult;
    readonly published: MetadataResult & {
      readonly source: string | null;
      readonly afterDownload: boolean;
    };
    readonly readabilityTitle: MetadataResult;
    readonly readabilityAuthor: MetadataResult;
    readonly readabilityPublished: MetadataResult;
  };
}

const utf8 = new TextEncoder();

function fromArticle(article: CleanedArticle, ms: number): Extraction {
  return {
    title: article.title,
    body: article.paragraphs.join("\n"),
    author: article.author,
    published: article.published,
    publishedSource: article.publishedSource,
    ms,
  };
}

async function runDepeche(bytes: Uint8Array, crawledAt: string | null): Promise<Extraction> {
  const start = performance.now();
  try {
    const article = await cleanArticle(bytes, crawledAt === null ? {} : { crawledAt });
    return fromArticle(article, performance.now() - start);
  } catch (error: unknown) {
    if (!(error instanceof InputError)) throw error;
    return { title: null, body: "", ms: performance.now() - start, error: error.code };
  }
}

interface ReadabilityResult {
  readonly readability: Extraction;
  readonly keepAll: Extraction;
}

/** Readability with its defaults on a linkedom document; keep-all from the same text. */
function runReadability(html: string, keepAll: string): ReadabilityResult {
  const start = performance.now();
  const { document } = parseHTML(html);
  const article = new Readability(document as never).parse();
  const ms = performance.now() - start;
  return {
    readability: {
      title: article?.title ?? null,
      body: article?.content ? scrapedText(article.content) : "",
      author: article?.byline ?? null,
      published: article?.publishedTime ?? null,
      ms,
    },
    keepAll: { title: null, body: keepAll, ms: 0 },
  };
}

/** Whitespace folded, as snippets and extractions are compared. */
const squash = (text: string): string => text.replace(/\s+/g, " ").trim();

function scoreSystem(page: WcxbPage, extraction: Extraction): SystemResult {
  const { truth } = page;
  const truthText = `${truth.title ?? ""}\n${truth.mainContent}`;
  const text = `${extraction.title ?? ""}\n${extraction.body}`;
  const words = wordScores(truthText, text);
  const haystack = squash(text);
  return {
    wordPrecision: words.precision,
    wordRecall: words.recall,
    wordF1: words.f1,
    shingles: shingleMatch(truth.mainContent, extraction.body),
    withFound: truth.with.filter((snippet) => haystack.includes(squash(snippet))).length,
    withoutKept: truth.without.filter((snippet) => !haystack.includes(squash(snippet))).length,
    ms: extraction.ms,
    ...(extraction.error === undefined ? {} : { error: extraction.error }),
  };
}

/** Lower-cased word tokens joined: how titles and names are compared. */
const tokens = (text: string): string =>
  (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).join(" ");

function compareText(truth: string | null, found: string | null | undefined): MetadataResult {
  const value = found ?? null;
  if (truth === null || truth.trim().length === 0)
    return { truth: null, found: value, correct: null };
  return { truth, found: value, correct: value !== null && tokens(value) === tokens(truth) };
}

function compareDate(truth: string | null, found: string | null | undefined): MetadataResult {
  const value = found ?? null;
  if (truth === null) return { truth: null, found: value, correct: null };
  return { truth, found: value, correct: value?.startsWith(truth) ?? false };
}

async function evaluatePage(page: WcxbPage): Promise<PageResult> {
  const html = decodeBytes(page.bytes).text;
  const text = scrapedText(html);
  const depeche = await runDepeche(page.bytes, page.downloadedAt);
  const depecheText = await runDepeche(utf8.encode(text), page.downloadedAt);
  const { readability, keepAll } = runReadability(html, text);
  const published = depeche.published ?? null;
  return {
    id: page.id,
    domain: page.domain,
    url: page.url,
    withTotal: page.truth.with.length,
    withoutTotal: page.truth.without.length,
    systems: {
      depeche: scoreSystem(page, depeche),
      readability: scoreSystem(page, readability),
      "keep-all": scoreSystem(page, keepAll),
      "depeche-text": scoreSystem(page, depecheText),
    },
    metadata: {
      title: compareText(page.truth.title, depeche.title),
      author: compareText(page.truth.author, depeche.author),
      published: {
        ...compareDate(page.truth.published, published),
        source: depeche.publishedSource ?? null,
        afterDownload:
          published !== null &&
          page.downloadedAt !== null &&
          published.slice(0, 10) > page.downloadedAt.slice(0, 10),
      },
      readabilityTitle: compareText(page.truth.title, readability.title),
      readabilityAuthor: compareText(page.truth.author, readability.author),
      readabilityPublished: compareDate(page.truth.published, readability.published),
    },
  };
}

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
  // Warm up: load the HTML reader and compile the hot paths before anything is timed.
  for (const page of pages.slice(0, 3)) await evaluatePage(page);
  const results: PageResult[] = [];
  for (const page of pages) results.push(await evaluatePage(page));
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
