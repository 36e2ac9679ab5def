/**
 * The grounding rule for generated summary sentences (ADR 0009). A sentence may paraphrase, but
 * every checkable fact in it must be found in the paragraphs it cites:
 *   1. it cites at least one paragraph, and every cited paragraph exists;
 *   2. its length is within bounds (a fragment or a run-on is not a summary sentence);
 *   3. every number (digits, with thousands separators, decimals and scale words such as
 *      "2 million" = "2,000,000" = "2 millions") has the same value in a cited paragraph;
 *   4. every date (a day with its month: "August 5", "5 August", "5 août") names the same day
 *      and month in a cited paragraph, and every month named alone occurs there;
 *   5. every capitalised name (words with an initial capital that are not sentence-initial
 *      function words, acronyms such as "NATO" or "S-400") occurs, case and accents folded, in a
 *      cited paragraph.
 * What it cannot see: numbers spelled out in words, and a wrong relation between facts that are
 * all present ("A beat B" when the article says "B beat A"). It is a filter against invented
 * numbers and names, the faults analysts catch first, not a proof of faithfulness.
 */
import { STOP_WORDS } from "../analyze/stop-words.js";
import { fold, stem } from "../analyze/words.js";

/** Shorter than this a "sentence" is a headline fragment, not a summary sentence. */
export const MIN_SENTENCE_CHARACTERS = 20;

/** Longer than this it is a paragraph pasted back, not a summary sentence (≈ 60 words). */
export const MAX_SENTENCE_CHARACTERS = 400;

export interface GeneratedSentence {
  readonly text: string;
  /** Zero-based indices into the English paragraphs the sentence rests on. */
  readonly paragraphs: readonly number[];
}

export type GroundingReason =
  | { readonly kind: "no-citation" }
  | { readonly kind: "unknown-paragraph"; readonly paragraph: number }
  | { readonly kind: "too-short" }
  | { readonly kind: "too-long" }
  | { readonly kind: "number-not-in-source"; readonly value: string }
  | { readonly kind: "date-not-in-source"; readonly value: string }
  | { readonly kind: "name-not-in-source"; readonly value: string };

export type GroundingVerdict =
  | { readonly passed: true }
  | { readonly passed: false; readonly reason: GroundingReason };

/** One line for a reason, as the document's `checks` records it. */
export function describeReason(reason: GroundingReason): string {
  switch (reason.kind) {
    case "no-citation":
      return "cites no paragraph";
    case "unknown-paragraph":
      return `cites paragraph ${reason.paragraph + 1}, which does not exist`;
    case "too-short":
      return `shorter than ${MIN_SENTENCE_CHARACTERS} characters`;
    case "too-long":
      return `longer than ${MAX_SENTENCE_CHARACTERS} characters`;
    case "number-not-in-source":
      return `number "${reason.value}" is not in the cited paragraphs`;
    case "date-not-in-source":
      return `date "${reason.value}" is not in the cited paragraphs`;
    case "name-not-in-source":
      return `name "${reason.value}" is not in the cited paragraphs`;
  }
}

/** Checks one generated sentence against the article's English paragraphs. */
export function checkGrounding(
  sentence: GeneratedSentence,
  paragraphs: readonly string[],
): GroundingVerdict {
  if (sentence.paragraphs.length === 0) return fail({ kind: "no-citation" });
  for (const index of sentence.paragraphs) {
    if (!Number.isInteger(index) || index < 0 || index >= paragraphs.length) {
      return fail({ kind: "unknown-paragraph", paragraph: index });
    }
  }
  const text = sentence.text.trim();
  if (text.length < MIN_SENTENCE_CHARACTERS) return fail({ kind: "too-short" });
  if (text.length > MAX_SENTENCE_CHARACTERS) return fail({ kind: "too-long" });

  const source = sourceFacts(sentence.paragraphs.map((index) => paragraphs[index] ?? ""));
  // Dates first: their day numbers are also numbers, and "August 5" is one fact, not two.
  for (const date of dates(text)) {
    const known =
      date.day === undefined ? source.months.has(date.month) : source.days.has(key(date));
    if (!known) return fail({ kind: "date-not-in-source", value: date.text });
  }
  for (const number of numbers(text)) {
    if (!source.numbers.has(number.value)) {
      return fail({ kind: "number-not-in-source", value: number.text });
    }
  }
  for (const name of names(text)) {
    if (!isKnownName(name.folded, source.words)) {
      return fail({ kind: "name-not-in-source", value: name.text });
    }
  }
  return { passed: true };
}

const fail = (reason: GroundingReason): GroundingVerdict => ({ passed: false, reason });

// ---------------------------------------------------------------------------------------------
// Numbers

/** Scale words after a number, English and French (the offline English may keep French ones). */
const SCALES: ReadonlyMap<string, number> = new Map([
  ["thousand", 1e3],
  ["thousands", 1e3],
  ["mille", 1e3],
  ["million", 1e6],
  ["millions", 1e6],
  ["billion", 1e9],
  ["billions", 1e9],
  ["milliard", 1e9],
  ["milliards", 1e9],
  ["bn", 1e9],
  ["m", 1e6],
]);

/**
 * A number as written: digit groups joined by separators (",", ".", spaces including the
 * no-break spaces French typography uses), then an optional scale word. Hyphenated codes keep
 * their digits as separate numbers ("S-400" → 400), which their names check covers anyway.
 */
const NUMBER =
  /(?<![\p{L}\p{N}])(\d+(?:[.,\u00a0\u202f ]\d+)*)(?:\s*(?:st|nd|rd|th|er|e))?(?:\s*(thousands?|mille|millions?|billions?|milliards?|bn|m)\b)?/giu;

interface NumberFact {
  readonly text: string;
  /** With its scale word applied: "2 millions" → 2,000,000. */
  readonly value: number;
  /** As the digits say: "2 millions" → 2. */
  readonly unscaled: number;
}

function numbers(text: string): NumberFact[] {
  const found: NumberFact[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const digits = match[1] ?? "";
    const scale = SCALES.get((match[2] ?? "").toLowerCase()) ?? 1;
    const value = parseGroupedNumber(digits);
    if (value === undefined) continue;
    found.push({ text: match[0].trim(), value: round(value * scale), unscaled: round(value) });
  }
  return found;
}

/**
 * A separator followed by exactly three digits groups thousands ("2,000", "2 000", "2.000");
 * otherwise "," or "." is the decimal point ("2,5" in French, "2.5" in English). So "3.141" reads
 * as 3141: decimals with three digits are rare in news, grouped thousands are not.
 */
const THOUSANDS_GROUP = /^\d{3}$/;

function parseGroupedNumber(written: string): number | undefined {
  const parts = written.split(/([.,\u00a0\u202f ])/u);
  let integer = parts[0] ?? "";
  let fraction = "";
  for (let i = 1; i < parts.length; i += 2) {
    const separator = parts[i] ?? "";
    const group = parts[i + 1] ?? "";
    if (fraction === "" && THOUSANDS_GROUP.test(group)) {
      integer += group;
    } else if (fraction === "" && (separator === "," || separator === ".")) {
      fraction = group;
    } else {
      // "12 15" (two numbers side by side) or a second decimal separator: keep the first part.
      break;
    }
  }
  const value = Number(fraction === "" ? integer : `${integer}.${fraction}`);
  return Number.isFinite(value) ? value : undefined;
}

/** Values compared after rounding away binary noise ("2.5" × 1e6). */
const round = (value: number): number => Math.round(value * 1e6) / 1e6;

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    ["january", "jan", "janvier", "janv"],
    ["february", "feb", "fevrier", "fevr"],
    ["march", "mar", "mars"],
    ["april", "apr", "avril", "avr"],
    ["may", "mai"],
    ["june", "jun", "juin"],
    ["july", "jul", "juillet", "juil"],
    ["august", "aug", "aout"],
    ["september", "sep", "sept", "septembre"],
    ["october", "oct", "octobre"],
    ["november", "nov", "novembre"],
    ["december", "dec", "decembre"],
  ].flatMap((forms, index) => forms.map((form) => [form, index + 1] as const)),
);

/**
 * Month names that are also ordinary words ("may", "march", "mars", "mai") count as months only
 * next to a day number or with a capital; the abbreviations only with a day number.
 */
const MONTH_ALONE = new Set([
  "january",
  "february",
  "april",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
  "janvier",
  "fevrier",
  "avril",
  "juin",
  "juillet",
  "aout",
  "septembre",
  "octobre",
  "novembre",
  "decembre",
]);

const MONTH_WORD = "([\\p{L}]+)\\.?";
const DAY_MONTH = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,2})(?:st|nd|rd|th|er)?\\s+${MONTH_WORD}`,
  "gu",
);
const MONTH_DAY = new RegExp(`${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{N}])`, "gu");
const ANY_WORD = /[\p{L}]+/gu;

interface DateFact {
  readonly text: string;
  readonly month: number;
  readonly day?: number;
}

const key = (date: { month: number; day?: number }): string => `${date.month}-${date.day}`;

function monthOf(word: string): number | undefined {
  return MONTHS.get(fold(word));
}

function dates(text: string): DateFact[] {
  const found: DateFact[] = [];
  const covered: [number, number][] = [];
  for (const pattern of [DAY_MONTH, MONTH_DAY]) {
    for (const match of text.matchAll(pattern)) {
      const dayFirst = pattern === DAY_MONTH;
      const month = monthOf((dayFirst ? match[2] : match[1]) ?? "");
      const day = Number(dayFirst ? match[1] : match[2]);
      if (month === undefined || day < 1 || day > 31) continue;
      const start = match.index ?? 0;
      covered.push([start, start + match[0].length]);
      found.push({ text: match[0], month, day });
    }
  }
  for (const match of text.matchAll(ANY_WORD)) {
    const start = match.index ?? 0;
    if (covered.some(([from, to]) => start >= from && start < to)) continue;
    const folded = fold(match[0]);
    if (!MONTH_ALONE.has(folded)) continue;
    const month = MONTHS.get(folded);
    if (month !== undefined) found.push({ text: match[0], month });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Names

/** A word with an inner-hyphen/apostrophe tail: "Jean-Yves", "O'Brien", "S-400". */
const NAME_WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const CAPITALISED = /^\p{Lu}/u;
const POSSESSIVE = /['’]s$/u;
/** Where a sentence starts inside the text (after terminal punctuation and a space). */
const SENTENCE_START = /(^|[.!?:;"«“]\s*)$/u;

interface NameFact {
  readonly text: string;
  readonly folded: string;
}

/** Hyphens and apostrophes inside a name: "Jean-Yves", "Russian-Turkish". */
const NAME_PARTS = /[\s'’-]+/u;

/**
 * A name is known when its folded, plural-stripped form occurs in the cited paragraphs, or when
 * each of its hyphenated parts does ("Russian-Turkish" against "Russian … Turkish").
 */
function isKnownName(folded: string, words: ReadonlySet<string>): boolean {
  if (words.has(stem(folded))) return true;
  const parts = folded.split(NAME_PARTS).filter((part) => part !== "");
  return parts.length > 1 && parts.every((part) => words.has(stem(part)));
}

function names(text: string): NameFact[] {
  const found: NameFact[] = [];
  for (const match of text.matchAll(NAME_WORD)) {
    const word = match[0].replace(POSSESSIVE, "");
    if (!CAPITALISED.test(word)) continue;
    const folded = fold(word);
    if (folded === "" || monthOf(word) !== undefined) continue;
    const start = match.index ?? 0;
    const initial = SENTENCE_START.test(text.slice(0, start));
    // "The", "He", "On" start sentences; they are not names wherever they stand.
    if (STOP_WORDS.has(folded) || (initial && COMMON_INITIALS.has(folded))) continue;
    found.push({ text: word, folded });
  }
  return found;
}

/**
 * Sentence-initial words that are capitalised only by position: the stop words cover most;
 * these are the frequent sentence openers of news summaries that are not stop words.
 */
const COMMON_INITIALS = new Set([
  "according",
  "despite",
  "earlier",
  "following",
  "meanwhile",
  "however",
  "officials",
  "authorities",
  "several",
  "many",
  "both",
  "police",
  "residents",
]);

// ---------------------------------------------------------------------------------------------
// The facts of the cited paragraphs

interface SourceFacts {
  readonly numbers: ReadonlySet<number>;
  readonly days: ReadonlySet<string>;
  readonly months: ReadonlySet<number>;
  readonly words: ReadonlySet<string>;
}

function sourceFacts(cited: readonly string[]): SourceFacts {
  const numberValues = new Set<number>();
  const days = new Set<string>();
  const months = new Set<number>();
  const words = new Set<string>();
  for (const paragraph of cited) {
    for (const number of numbers(paragraph)) {
      numberValues.add(number.value);
      // "2 millions" also grounds a sentence that writes the bare "2" ("2 million people").
      numberValues.add(number.unscaled);
    }
    for (const date of dates(paragraph)) {
      months.add(date.month);
      if (date.day !== undefined) days.add(key(date));
    }
    for (const match of paragraph.matchAll(NAME_WORD)) {
      const word = match[0].replace(POSSESSIVE, "");
      const month = monthOf(word);
      if (month !== undefined) months.add(month);
      const folded = fold(word);
      words.add(stem(folded));
      // "Russian-Turkish" in the source grounds "Russian" and "Turkish" in the sentence.
      for (const part of folded.split(NAME_PARTS)) words.add(stem(part));
    }
  }
  return { numbers: numberValues, days, months, words };
}
