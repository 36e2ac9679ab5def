/**
 * Entities read from targeted sentiment. For English, Comprehend's targeted sentiment already
 * finds every entity of a document, types each mention and groups the mentions that refer to
 * the same thing ("Peskov", "the spokesman", "he"): one request answers both "what is named"
 * and "how is it spoken of", so the analyze stage does not also send BatchDetectEntities
 * (ADR 0005). Its mentions are wider than DetectEntities' names, though: pronouns, common
 * nouns ("the tacos", "the staff"), attributes and personal titles. This module keeps the
 * mentions that name something, the way DetectEntities would have reported them:
 * 1. the type maps onto the entity types of the schema; personal titles ("President") and
 *    attributes ("the price") are not entities;
 * 2. a date or quantity is kept unless it is only function words ("then", "it");
 * 3. any other mention is kept from its last naming word backwards: a naming word starts with a
 *    capital (or mixes letters and digits: "S-400", "TB2"), is not a function word, and is not
 *    capitalised only by its place (a sentence's first word, or a title-case headline) when
 *    the article also writes it in lower case ("Diplomacy …" vs "… of diplomacy");
 * 4. the entity is that run of naming words (inner connectors allowed: "Bank of France"); it
 *    keeps the mention's type when it ends the mention ("the Kremlin" → "Kremlin", "the
 *    foreign minister Sergei Lavrov" → "Sergei Lavrov"), else it is OTHER ("Turkey's army" →
 *    "Turkey's", typed again by the other mentions of Turkey when merged).
 */
import type { AnalysisInput, EntityType, RawEntityMention, RawTargetMention } from "../ports.js";
import { blockText } from "./blocks.js";
import { BOILERPLATE_WORDS, STOP_WORDS } from "./stop-words.js";

/** The entity types of targeted sentiment (TargetedSentimentMention.Type, API reference). */
export const TARGET_TYPES = [
  "PERSON",
  "LOCATION",
  "ORGANIZATION",
  "FACILITY",
  "BRAND",
  "COMMERCIAL_ITEM",
  "MOVIE",
  "MUSIC",
  "BOOK",
  "SOFTWARE",
  "GAME",
  "PERSONAL_TITLE",
  "EVENT",
  "DATE",
  "QUANTITY",
  "ATTRIBUTE",
  "OTHER",
] as const;

export type TargetType = (typeof TARGET_TYPES)[number];

/**
 * Each targeted-sentiment type as a DetectEntities type (how-entities: LOCATION covers
 * buildings, ORGANIZATION companies, COMMERCIAL_ITEM branded products, TITLE creative works);
 * `null` for what DetectEntities does not report as an entity.
 */
const ENTITY_TYPE_OF: Readonly<Record<TargetType, EntityType | null>> = {
  PERSON: "PERSON",
  LOCATION: "LOCATION",
  ORGANIZATION: "ORGANIZATION",
  FACILITY: "LOCATION",
  BRAND: "ORGANIZATION",
  COMMERCIAL_ITEM: "COMMERCIAL_ITEM",
  MOVIE: "TITLE",
  MUSIC: "TITLE",
  BOOK: "TITLE",
  SOFTWARE: "COMMERCIAL_ITEM",
  GAME: "TITLE",
  PERSONAL_TITLE: null,
  EVENT: "EVENT",
  DATE: "DATE",
  QUANTITY: "QUANTITY",
  ATTRIBUTE: null,
  OTHER: "OTHER",
};

const TARGET_TYPE_SET: ReadonlySet<string> = new Set(TARGET_TYPES);

/** An engine's type label as a targeted-sentiment type; anything new reads as OTHER. */
export function targetTypeOf(label: string | undefined): TargetType {
  return label !== undefined && TARGET_TYPE_SET.has(label) ? (label as TargetType) : "OTHER";
}

/** Words with their offsets: letters or digits, joined by inner hyphens, dots or apostrophes. */
const WORD = /[\p{L}\p{N}]+(?:['’.\-&][\p{L}\p{N}]+)*(?:['’]s)?/gu;

/** Lower-case words that may sit inside a name between two naming words ("Bank of France"). */
const NAME_CONNECTORS: ReadonlySet<string> = new Set([
  "of",
  "the",
  "and",
  "for",
  "de",
  "du",
  "des",
  "la",
  "le",
  "van",
  "von",
  "al",
]);

/** Before a sentence's first word: only spaces, quotes and brackets back to one of these. */
const SENTENCE_END = /[.!?…:;]/u;
const OPENING = /[\s"“”«»'‘’([—–-]/u;

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function wordsIn(text: string): Word[] {
  return [...text.matchAll(WORD)].map((match) => ({
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** A word without its possessive, lower-cased: "Turkey's" is turkey. */
const bare = (word: string): string => word.toLowerCase().replace(/['’]s$/u, "");

function isFunctionWord(word: string): boolean {
  const lower = bare(word);
  return STOP_WORDS.has(lower) || BOILERPLATE_WORDS.has(lower);
}

/** True when the word at `start` of `block` opens a sentence (nothing but openers before it). */
function opensSentence(block: string, start: number): boolean {
  for (let at = start - 1; at >= 0; at -= 1) {
    const char = block[at] ?? "";
    if (SENTENCE_END.test(char)) return true;
    if (!OPENING.test(char)) return false;
  }
  return true;
}

/** One article, and the words it writes in lower case somewhere (`bare`). */
export interface ArticleText {
  readonly input: AnalysisInput;
  readonly lowerCaseWords: ReadonlySet<string>;
}

export function articleText(input: AnalysisInput): ArticleText {
  const lowerCaseWords = new Set<string>();
  for (const block of [input.title ?? "", ...input.paragraphs]) {
    for (const word of wordsIn(block)) {
      if (/^\p{Ll}/u.test(word.text)) lowerCaseWords.add(bare(word.text));
    }
  }
  return { input, lowerCaseWords };
}

/** True when a word of a mention names something (see the module comment, 3). */
function names(word: Word, block: string, isTitle: boolean, article: ArticleText): boolean {
  if (isFunctionWord(word.text)) return false;
  const mixed = /\p{L}/u.test(word.text) && /\p{N}/u.test(word.text);
  if (mixed) return true;
  if (!/^\p{Lu}/u.test(word.text)) return false;
  const positional = isTitle || opensSentence(block, word.start);
  return !positional || !article.lowerCaseWords.has(bare(word.text));
}

/**
 * The entity mention a targeted-sentiment mention stands for, or `undefined` (module comment).
 * `target` is located: `target.text` is its block's text from `start` to `end`.
 */
export function entityOfTarget(
  target: RawTargetMention,
  article: ArticleText,
): RawEntityMention | undefined {
  const type = ENTITY_TYPE_OF[target.type];
  if (type === null) return undefined;
  const block = blockText(article.input, target.block);
  const words = wordsIn(target.text).map((w) => ({
    ...w,
    start: target.start + w.start,
    end: target.start + w.end,
  }));
  if (type === "DATE" || type === "QUANTITY") {
    return words.some((word) => !isFunctionWord(word.text))
      ? {
          block: target.block,
          start: target.start,
          end: target.end,
          text: target.text,
          type,
          score: target.score,
        }
      : undefined;
  }
  const naming = words.map((word) => names(word, block, target.block === null, article));
  const last = naming.lastIndexOf(true);
  if (last < 0) return undefined;
  let first = last;
  while (first > 0) {
    if (naming[first - 1]) {
      first -= 1;
      continue;
    }
    const connector = words[first - 1];
    if (
      first >= 2 &&
      naming[first - 2] &&
      connector !== undefined &&
      NAME_CONNECTORS.has(connector.text)
    ) {
      first -= 2;
      continue;
    }
    break;
  }
  const start = words[first]?.start ?? target.start;
  const end = words[last]?.end ?? target.end;
  return {
    block: target.block,
    start,
    end,
    text: block.slice(start, end),
    type: last === words.length - 1 ? type : "OTHER",
    score: target.score,
  };
}

/** The entity mentions of an article's (located) targeted-sentiment mentions, in their order. */
export function entitiesFromTargets(
  input: AnalysisInput,
  targets: readonly RawTargetMention[],
): RawEntityMention[] {
  const article = articleText(input);
  return targets.flatMap((target) => entityOfTarget(target, article) ?? []);
}
