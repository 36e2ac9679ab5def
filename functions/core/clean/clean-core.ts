import { InputError } from "../errors.js";
import type { ArticleSource } from "./article-source.js";
import type { DecodedText } from "./decode.js";
import type { HtmlArticle } from "./html.js";
import { type DetectedLanguage, detectLanguage, type LanguageIdentifier } from "./language.js";
import { normalizeText } from "./normalize.js";
import { selectArticle } from "./select.js";
import { textBlocks } from "./text.js";

/** The article inside an uploaded object, in its source language. */
export interface CleanedArticle extends SelectedContent {
  /** ISO 639-1 ("fr", "en", "de"…) or "und" when undecidable. */
  readonly language: string;
  /** 0..1 */
  readonly languageConfidence: number;
}

/** Steps 1–4 of the recipe: the article's text, before its language is known. */
export interface SelectedContent {
  readonly title: string | null;
  readonly paragraphs: string[];
  readonly author: string | null;
  readonly published: string | null;
  /** "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "windows-1252". */
  readonly encoding: string;
  readonly format: "text" | "html";
}

/**
 * Turns the bytes of a scraped text file or an HTML page into the article and nothing else.
 *
 * 1. decode (BOM, UTF-8, UTF-16, Windows-1252) and refuse empty, binary and compressed input;
 *    a JSON export of an article gives its body (and headline, byline, date);
 * 2. normalise characters (character references in text, NFC, spaces, invisible and control
 *    characters);
 * 3. split into blocks: lines of text, or the paragraphs Readability extracts from HTML;
 * 4. select the article's blocks (classification, title, end markers, duplicates, headings);
 * 5. detect the language of what is left.
 *
 * Pure. Throws `InputError` with EMPTY_INPUT, BINARY_INPUT, COMPRESSED_INPUT or NO_ARTICLE.
 * The caller reads the source once (`articleSource`: text, HTML or a JSON export) and supplies
 * the readers the input needs (`readersNeeded`, `languageFromProfiles`): `cleanArticle`
 * (index.ts) passes all three in directly, `cleanArticleLoadingHtmlOnDemand` (on-demand.ts)
 * runs steps 1–4 (`selectContent`) and 5 separately and loads each reader only for the inputs
 * that need it, so a cold start that meets a plain French text compiles none.
 */
export function cleanDecoded(
  bytes: Uint8Array,
  decoded: DecodedText,
  source: ArticleSource,
  readers: SourceReaders,
): CleanedArticle {
  const content = selectContent(bytes, decoded, source, readers);
  return withLanguage(content, detectLanguage(content.paragraphs, readers.identifyLanguage));
}

/** Step 5's result attached to steps 1–4's. */
export function withLanguage(content: SelectedContent, detected: DetectedLanguage): CleanedArticle {
  return { ...content, language: detected.language, languageConfidence: detected.confidence };
}

/** Steps 1–4 of `cleanDecoded`: everything but the language. */
export function selectContent(
  bytes: Uint8Array,
  decoded: DecodedText,
  source: ArticleSource,
  readers: SourceReaders,
): SelectedContent {
  const { html } = source;
  const { readHtml, decodeReferences } = readers;
  if (html && readHtml === undefined) throw new Error("cleanDecoded: a page needs readHtml");
  if (readersNeeded(source).references && decodeReferences === undefined)
    throw new Error("cleanDecoded: this text needs decodeReferences");
  // Scrapers leave character references in text ("l&#8217;OTAN", "&nbsp;"); the HTML parser
  // decodes them in pages.
  const text = normalizeText(
    html || decodeReferences === undefined ? source.text : decodeReferences(source.text),
  );
  if (text.trim().length === 0) {
    throw new InputError(
      "EMPTY_INPUT",
      `The object has no text: its ${bytes.length} bytes are whitespace or invisible characters.`,
    );
  }

  const knownTitle = source.title === undefined ? {} : { knownTitle: normalizeText(source.title) };
  const selected =
    html && readHtml
      ? selectHtml(text, readHtml, knownTitle)
      : selectArticle(textBlocks(text), { header: "nothing", ...knownTitle });
  const selection = {
    ...selected,
    author: source.author ?? selected.author,
    published: source.published ?? selected.published,
  };
  if (selection.paragraphs.length === 0) {
    throw new InputError(
      "NO_ARTICLE",
      html
        ? "The HTML page has no article text: Readability found no content, or only navigation and boilerplate."
        : "The text has no article paragraph: every line is navigation, boilerplate or a heading.",
    );
  }

  return {
    title: selection.title,
    paragraphs: selection.paragraphs,
    author: selection.author,
    published: selection.published,
    encoding: decoded.encoding,
    format: html ? "html" : "text",
  };
}

/** Reads an HTML page into title, byline, date and blocks (`readHtml` in html.ts). */
export type HtmlReader = (html: string) => HtmlArticle;

/** Decodes the character references of a text ("&#8217;", "&nbsp;"): `references.ts`. */
export type ReferenceDecoder = (text: string) => string;

/** The heavy readers of the cleaner; each is needed only by some inputs. */
export interface SourceReaders {
  /** Required when the source is a page (linkedom + Readability, ~480 KB of the bundle). */
  readonly readHtml?: HtmlReader | undefined;
  /** Required when a text source contains "&" (the HTML entity tables, ~25 KB). */
  readonly decodeReferences?: ReferenceDecoder | undefined;
  /** Required when the text is not plainly French or English (franc-min, ~10 ms to load). */
  readonly identifyLanguage?: LanguageIdentifier | undefined;
}

/**
 * Which readers `cleanDecoded` needs for this source. A text needs the reference decoder when it
 * has any "&": cheaper and safer than predicting which references the decoder accepts; the
 * decoder leaves "AT&T" alone.
 */
export function readersNeeded(source: ArticleSource): { html: boolean; references: boolean } {
  return { html: source.html, references: !source.html && source.text.includes("&") };
}

function selectHtml(
  text: string,
  readHtml: HtmlReader,
  known: { knownTitle?: string },
): ReturnType<typeof selectArticle> {
  const page = readHtml(text);
  const selection = selectArticle(page.blocks, {
    // Without a title in the page's metadata, look for a headline among the blocks.
    ...(page.title === null ? known : { knownTitle: page.title }),
    header: page.extractor === "readability" ? "headings" : "nothing",
  });
  return {
    ...selection,
    author: page.author ?? selection.author,
    published: page.published ?? selection.published,
  };
}
