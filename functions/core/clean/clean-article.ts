import { InputError } from "../errors.js";
import { textBlocks } from "./blocks/text-blocks.js";
import { type ArticleSource, articleSource } from "./decode/article-source.js";
import { decodeBytes } from "./decode/decode.js";
import { normalizeText } from "./decode/normalize.js";
import type { HtmlArticle } from "./html/read-html.js";
import {
  type LanguageIdentifier,
  languageFromIdentifier,
  languageFromProfiles,
} from "./language/language.js";
import { type DateCandidate, type DateSource, publicationDate } from "./select/dates.js";
import { selectArticle } from "./select/select.js";

export type { DateSource } from "./select/dates.js";

/** The article inside an uploaded object, in its source language. */
export interface CleanedArticle {
  readonly title: string | null;
  readonly paragraphs: string[];
  readonly author: string | null;
  /** Publication date, ISO 8601 (a day, or a day and time with its offset), or null. */
  readonly published: string | null;
  /** Where the date was read: page metadata, JSON-LD, the visible text, or a JSON export. */
  readonly publishedSource: DateSource | null;
  /** "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "windows-1252". */
  readonly encoding: string;
  readonly format: "text" | "html";
  /** ISO 639-1 ("fr", "en", "de"…) or "und" when undecidable. */
  readonly language: string;
  /** 0..1 */
  readonly languageConfidence: number;
}

/** What the caller may tell the cleaner besides the bytes. */
export interface CleanOptions {
  /** Loads the heavy readers; by default dynamic imports (`readersOnDemand`). */
  readonly readers?: ReaderLoader;
  /**
   * When the page was fetched (ISO 8601), if known: a publication date after it is a misreading
   * (a copyright year, an event date) and is dropped.
   */
  readonly crawledAt?: string;
}

/** Reads an HTML page into title, byline, date and blocks (`readHtml` in html/read-html.ts). */
export type HtmlReader = (html: string) => HtmlArticle;

/** Decodes the character references of a text ("&#8217;", "&nbsp;"): decode/references.ts. */
export type ReferenceDecoder = (text: string) => string;

/**
 * Loads the heavy readers of the cleaner; each is needed by some inputs only, and is asked for
 * only when the input at hand needs it.
 */
export interface ReaderLoader {
  /** For pages: linkedom + Readability, ~480 KB of the clean bundle. */
  readonly html: () => Promise<HtmlReader>;
  /** For a text containing "&": the HTML entity tables, ~25 KB. */
  readonly references: () => Promise<ReferenceDecoder>;
  /** For a text that is not plainly French or English: franc-min, ~10 ms to load. */
  readonly languageIdentifier: () => Promise<LanguageIdentifier>;
}

/**
 * The readers as dynamic imports. The Lambda bundle is split (`infra/bundling.ts`, ADR 0007):
 * each import is its own chunk, read and compiled on first use only, so a cold start that meets
 * plain French text compiles none of them. Node caches a module once imported.
 */
export const readersOnDemand: ReaderLoader = {
  html: async () => (await import("./html/read-html.js")).readHtml,
  references: async () => (await import("./decode/references.js")).decodeReferences,
  languageIdentifier: async () => (await import("./language/franc-identifier.js")).identifyLanguage,
};

/**
 * Turns the bytes of a scraped text file or an HTML page into the article and nothing else.
 *
 * 1. decode (decode/): BOM, UTF-8, UTF-16, Windows-1252; refuse empty, binary and compressed
 *    input; a JSON export of an article gives its body (and headline, byline, date);
 *    normalise characters (character references in text, NFC, spaces, invisible characters);
 * 2. split into blocks: lines of text (blocks/), or the paragraphs of an HTML page (html/);
 * 3. select the article's blocks (select/: classification, title, end markers, duplicates);
 * 4. detect the language of what is left (language/).
 *
 * Pure apart from loading code. Throws `InputError` with EMPTY_INPUT, BINARY_INPUT,
 * COMPRESSED_INPUT or NO_ARTICLE. `readers` (by default dynamic imports) is asked only for the
 * readers this input needs.
 */
export async function cleanArticle(
  bytes: Uint8Array,
  options: CleanOptions = {},
): Promise<CleanedArticle> {
  const readers = options.readers ?? readersOnDemand;
  const decoded = decodeBytes(bytes);
  const source = articleSource(decoded.text);
  const text = normalizeText(await decodedText(source, readers));
  if (text.trim().length === 0) {
    throw new InputError(
      "EMPTY_INPUT",
      `The object has no text: its ${bytes.length} bytes are whitespace or invisible characters.`,
    );
  }

  const knownTitle = source.title === undefined ? {} : { knownTitle: normalizeText(source.title) };
  const selected = source.html
    ? selectHtml(text, await readers.html(), knownTitle)
    : withTextDates(selectArticle(textBlocks(text), { header: "nothing", ...knownTitle }));
  const paragraphs = selected.paragraphs;
  if (paragraphs.length === 0) {
    throw new InputError(
      "NO_ARTICLE",
      source.html
        ? "The HTML page has no article text: Readability found no content, or only navigation and boilerplate."
        : "The text has no article paragraph: every line is navigation, boilerplate or a heading.",
    );
  }
  const dated = publicationDate(
    [
      ...(source.published === undefined
        ? []
        : [{ value: source.published, source: "export" as const }]),
      ...selected.dates,
    ],
    options.crawledAt,
  );
  const detected =
    languageFromProfiles(paragraphs) ??
    languageFromIdentifier(paragraphs, await readers.languageIdentifier());
  return {
    title: selected.title,
    paragraphs,
    author: source.author ?? selected.author,
    published: dated?.published ?? null,
    publishedSource: dated?.source ?? null,
    encoding: decoded.encoding,
    format: source.html ? "html" : "text",
    language: detected.language,
    languageConfidence: detected.confidence,
  };
}

/**
 * The source's text with character references decoded where scrapers leave them in text
 * ("l&#8217;OTAN", "&nbsp;"); the HTML parser decodes them in pages. A text needs the decoder
 * when it has any "&": cheaper and safer than predicting which references the decoder accepts;
 * the decoder leaves "AT&T" alone.
 */
async function decodedText(source: ArticleSource, readers: ReaderLoader): Promise<string> {
  if (source.html || !source.text.includes("&")) return source.text;
  return (await readers.references())(source.text);
}

function selectHtml(
  text: string,
  readHtml: HtmlReader,
  known: { knownTitle?: string },
): ReturnType<typeof selectArticle> & { dates: DateCandidate[] } {
  const page = readHtml(text);
  const selection = selectArticle(page.blocks, {
    // Without a title in the page's metadata, look for a headline among the blocks.
    ...(page.title === null ? known : { knownTitle: page.title }),
    header: page.extractor === "readability" ? "headings" : "nothing",
    structure: page.extractor === "readability" ? "article" : "lines",
  });
  return {
    ...selection,
    author: page.author ?? selection.author,
    dates: [...page.dates, ...textDates(selection.published)],
  };
}

/** The dateline the selection read in the text, as a date candidate. */
function textDates(published: string | null): DateCandidate[] {
  return published === null ? [] : [{ value: published, source: "text" }];
}

function withTextDates(
  selection: ReturnType<typeof selectArticle>,
): ReturnType<typeof selectArticle> & { dates: DateCandidate[] } {
  return { ...selection, dates: textDates(selection.published) };
}
