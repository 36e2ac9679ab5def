/**
 * One WCXB page through every system of `npm run eval -- clean` (clean-wcxb.ts), scored: run
 * in worker threads of that one process.
 */
import { performance } from "node:perf_hooks";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { decodeBytes } from "../../functions/core/clean/decode/decode.js";
import { type CleanedArticle, cleanArticle } from "../../functions/core/clean/index.js";
import { InputError } from "../../functions/core/errors.js";
import { type ShingleCounts, shingleMatch } from "./metrics/shingles.js";
import { wordScores } from "./metrics/word-f1.js";
import { scrapedText } from "./scraped-text.js";
import type { WcxbPage } from "./wcxb-corpus.js";

/** The systems compared, in table order. */
export const SYSTEMS = ["depeche", "readability", "keep-all", "depeche-text"] as const;
export type System = (typeof SYSTEMS)[number];

export const SYSTEM_LABEL: Record<System, string> = {
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

export interface SystemResult {
  readonly wordPrecision: number;
  readonly wordRecall: number;
  readonly wordF1: number;
  readonly shingles: ShingleCounts;
  readonly withFound: number;
  readonly withoutKept: number;
  readonly ms: number;
  readonly error?: string;
}

export interface MetadataResult {
  readonly truth: string | null;
  readonly found: string | null;
  readonly correct: boolean | null;
}

export interface PageResult {
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

export async function evaluatePage(page: WcxbPage): Promise<PageResult> {
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
