import { eng, fra } from "stopword";
import type { Block } from "../blocks/block.js";
import { type BoilerplateMatch, matchBoilerplate } from "./boilerplate.js";
import { fold, words } from "./fold.js";

/** What the classifier reads about one block. Each field is one named, explainable signal. */
export interface BlockFeatures {
  /** Words (letter/digit runs). Menus and labels have one or two; paragraphs have dozens. */
  readonly wordCount: number;
  /** Ends with `. ! ? …`, optionally followed by closing quotes or brackets: a sentence. */
  readonly endsSentence: boolean;
  /** Ends with a colon: a sentence introducing a quote or a list. */
  readonly endsWithColon: boolean;
  /** Share of words that are French or English function words; prose is 30–50 %. */
  readonly stopWordRatio: number;
  /** Share of words that start with a capital; menus and name lines are close to 1. */
  readonly capitalizedRatio: number;
  /** Letters among non-space characters; dates, prices and separators score low. */
  readonly letterRatio: number;
  /** Only web addresses, e-mail addresses, hashtags or handles: a link dump, never prose. */
  readonly isLinkOrTag: boolean;
  /** Starts with a list bullet (text) or is a list item (HTML). */
  readonly isListItem: boolean;
  /** `fold(text)`: the key for duplicate detection. */
  readonly key: string;
  /** The phrase lists' verdict, if any phrase matched. */
  readonly boilerplate: BoilerplateMatch | undefined;
}

/** Function words of both languages the pipeline reads (`stopword`'s curated lists). */
const STOP_WORDS: ReadonlySet<string> = new Set([...fra, ...eng].map(fold));

const SENTENCE_END = /[.!?…][\s"'»”’)\]]*$/u;
const COLON_END = /:[\s"'»”’)\]]*$/u;
const BULLET = /^[-–—•*·▪►‣◦]\s/u;
const NOT_LETTER = /\P{L}+/gu;
const SPACES = /\s+/gu;
const CAPITALIZED = /^\p{Lu}/u;
const LINK_OR_TAG = /^(?:(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|[#@][\p{L}\p{N}_]+)$/u;

/**
 * Blocks longer than this are scanned only in part for the ratio features: the ratios of a
 * 200 KB line are known after a few thousand characters, and the cap keeps cleaning linear.
 */
const RATIO_SAMPLE_CHARS = 4000;

/** The end of a block is enough to tell how it ends; regexes never scan a huge block. */
const TAIL_CHARS = 16;

/** Computes the features of one block. */
export function blockFeatures(block: Block): BlockFeatures {
  const sample = block.text.slice(0, RATIO_SAMPLE_CHARS);
  const folded = fold(sample);
  const sampleWords = words(sample);
  const foldedWords = words(folded);
  const wordCount =
    sample.length === block.text.length ? sampleWords.length : words(block.text).length;
  const tail = block.text.slice(-TAIL_CHARS);
  const endsSentence = SENTENCE_END.test(tail);
  let stop = 0;
  for (const word of foldedWords) if (STOP_WORDS.has(word)) stop++;
  let capitalized = 0;
  for (const word of sampleWords) if (CAPITALIZED.test(word)) capitalized++;
  const nonSpace = sample.replace(SPACES, "").length;
  const letters = sample.replace(NOT_LETTER, "").length;
  return {
    wordCount,
    endsSentence,
    endsWithColon: COLON_END.test(tail),
    stopWordRatio: foldedWords.length > 0 ? stop / foldedWords.length : 0,
    capitalizedRatio: sampleWords.length > 0 ? capitalized / sampleWords.length : 0,
    letterRatio: nonSpace > 0 ? letters / nonSpace : 0,
    isLinkOrTag:
      sample.length === block.text.length &&
      block.text.split(" ").every((token) => LINK_OR_TAG.test(token)),
    isListItem: block.kind === "item" || BULLET.test(block.text),
    key: sample.length === block.text.length ? folded : fold(block.text),
    boilerplate: matchBoilerplate({ text: block.text, folded, wordCount, endsSentence }),
  };
}

/**
 * - `prose`: a paragraph of the article.
 * - `heading`: a short unpunctuated line: a headline, a subheading, a pull quote, a related
 *   headline or a caption; context decides (see `select.ts`).
 * - `noise`: never article text.
 */
export type BlockClass = "prose" | "heading" | "noise";

/** "Il a démissionné." is three words; shorter sentences are labels ("En savoir plus."). */
const MIN_SENTENCE_WORDS = 3;

/**
 * "Réforme des retraites" — a subheading has three words or more. Two-word lines are labels
 * ("Suivez-nous", "Related Topics") or names ("Mevlut Cavusoglu"), except in sentence case
 * ("Wildlife concerns", "Premières réactions"), which only headings use.
 */
const MIN_HEADING_WORDS = 3;
const SENTENCE_CASE_TWO_WORDS = /^\p{Lu}[\p{Ll}'’-]*\s+\p{Ll}[\p{Ll}'’-]*$/u;

/**
 * News headlines stay under ~20 words (the longest fixture headline has 17). A longer
 * unpunctuated block is a paragraph that lost its full stop (a scraper cut the last sentence's
 * link), or a tag cloud or a menu dump…
 */
const MAX_HEADING_WORDS = 22;

/** …unless it reads like prose that lost its final full stop. */
const MIN_PROSE_STOP_WORD_RATIO = 0.2;

/** A block that is a third or more digits and symbols is a date, a price or a separator. */
const MIN_LETTER_RATIO = 0.6;

/** "Accueil International Politique Économie Culture": all capitals, no function word. */
const MIN_NAV_WORDS = 5;
const NAV_CAPITALIZED_RATIO = 0.8;

/** A block whose text is mostly link text is navigation (HTML only). */
const MAX_LINK_DENSITY = 0.5;

/** A sentence ending with a colon introduces a quote or a list ("Il a déclaré :"). */
const MIN_COLON_SENTENCE_WORDS = 5;

/**
 * How far the blocks' own structure can be trusted: "lines" of scraped text, where a short line
 * is as likely a menu as a subheading, or the "article" markup Readability extracted from a page,
 * where headings, list items and table cells are the article's own (measured on the WCXB
 * development articles: of the words in such blocks that the text rules dropped, 85 % were
 * article text).
 */
export type BlockStructure = "lines" | "article";

/** Classifies one block from its features alone; context rules come after (`select.ts`). */
export function classifyBlock(
  block: Block,
  features: BlockFeatures,
  structure: BlockStructure = "lines",
): BlockClass {
  if (features.boilerplate !== undefined) return "noise";
  if (block.kind === "caption" || features.isLinkOrTag) return "noise";
  if (structure === "article") return classifyArticleBlock(block, features);
  if (features.letterRatio < MIN_LETTER_RATIO) return "noise";
  if ((block.linkDensity ?? 0) > MAX_LINK_DENSITY && !features.endsSentence) return "noise";
  if (features.endsSentence && features.wordCount >= MIN_SENTENCE_WORDS) return "prose";
  if (features.endsWithColon && features.wordCount >= MIN_COLON_SENTENCE_WORDS) return "prose";
  if (features.wordCount > MAX_HEADING_WORDS) {
    return features.stopWordRatio >= MIN_PROSE_STOP_WORD_RATIO ? "prose" : "noise";
  }
  if (features.wordCount < MIN_HEADING_WORDS && !SENTENCE_CASE_TWO_WORDS.test(block.text)) {
    return "noise";
  }
  if (
    features.wordCount >= MIN_NAV_WORDS &&
    features.stopWordRatio === 0 &&
    features.capitalizedRatio >= NAV_CAPITALIZED_RATIO
  ) {
    return "noise";
  }
  return "heading";
}

/**
 * A block of extracted article markup: prose when it reads as a sentence or is long, noise only
 * when it is a paragraph made of links (a "related posts" line); anything else short is a
 * heading, a list item or a table cell of the article, and context decides (`select.ts`).
 */
function classifyArticleBlock(block: Block, features: BlockFeatures): BlockClass {
  const linked = (block.linkDensity ?? 0) > MAX_LINK_DENSITY && !features.endsSentence;
  if (linked && (block.kind === "paragraph" || block.kind === "cell")) return "noise";
  if (features.endsSentence && features.wordCount >= MIN_SENTENCE_WORDS) return "prose";
  if (features.endsWithColon && features.wordCount >= MIN_COLON_SENTENCE_WORDS) return "prose";
  if (features.wordCount > MAX_HEADING_WORDS) return "prose";
  return "heading";
}
