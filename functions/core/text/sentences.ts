/**
 * Sentence segmentation for the whole pipeline — French for the translation chunker, English for
 * sentiment documents and the summary — on top of `Intl.Segmenter` (ICU's sentence rules, built
 * into Node: no dependency, no bundle cost). ICU knows no abbreviation list for these languages:
 * it breaks after "M.", "MM.", "av.", "Mr." and leaves a closing quote at the head of the next
 * segment. Three data-driven repairs follow, each only ever moving text backwards or merging two
 * segments, so the slices stay consecutive: `sentenceSlices(t).join("") === t` always.
 *
 *   1. closing quotes and brackets at the head of a segment go back to the sentence they close;
 *   2. a segment that ends with a listed abbreviation or an initial does not end a sentence;
 *   3. a segment that starts with a lowercase letter continues the previous one
 *      ("« Quoi ? » a-t-il dit", "p. ex. un médecin").
 */

/**
 * Abbreviations after which a sentence almost never ends, French and English (translated news
 * keeps French honorifics: "M. Peskov"). Data, not code: add here.
 */
export const ABBREVIATIONS: readonly string[] = [
  // Honorifics and titles.
  "M.",
  "MM.",
  "Mme.",
  "Mmes.",
  "Mlle.",
  "Mlles.",
  "Me.",
  "Mgr.",
  "Mr.",
  "Mrs.",
  "Ms.",
  "Dr.",
  "Dr",
  "Pr.",
  "Prof.",
  "St.",
  "Ste.",
  "Jr.",
  "Sr.",
  // Military and civil ranks.
  "Gén.",
  "Gal.",
  "Gen.",
  "Col.",
  "Cdt.",
  "Capt.",
  "Lt.",
  "Sgt.",
  "Gov.",
  "Sen.",
  "Rep.",
  // Dates and references.
  "av.",
  "apr.",
  "J.-C.",
  "janv.",
  "févr.",
  "avr.",
  "juil.",
  "sept.",
  "oct.",
  "nov.",
  "déc.",
  "p.",
  "pp.",
  "ex.",
  "cf.",
  "Cf.",
  "env.",
  "art.",
  "chap.",
  "vol.",
  "n°.",
  "no.",
  "No.",
  "Nos.",
  "N°.",
  "hab.",
  "éd.",
  "coll.",
  "bd.",
  "boul.",
  "vs.",
  "approx.",
];

/** A single capital initial ("J. Dupont", "Vladimir V. Poutine"). */
const INITIAL = "\\p{Lu}\\.";

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Text ends (before trailing whitespace) with a listed abbreviation or an initial. */
const ENDS_WITH_ABBREVIATION = new RegExp(
  `(?:^|[\\s(\\[«"“‘'’-])(?:${ABBREVIATIONS.map(escapeRegExp).join("|")}|${INITIAL})\\s*$`,
  "u",
);

/** Closing quotes and brackets (and the whitespace after them) that close the previous sentence. */
const LEADING_CLOSERS = /^[»”’)\]]+\s*/u;

/** A straight double quote closes the previous sentence only when that one left it open. */
const STRAIGHT_QUOTE = /^"\s*/u;

/** A sentence does not start with a lowercase letter. */
const STARTS_LOWERCASE = /^\p{Ll}/u;

export type SentenceLanguage = "fr" | "en";

/**
 * One segmenter per language, made on first use: the first `Intl.Segmenter` of a process loads
 * ICU's break rules (~8 ms), and the translate Lambda needs sentences only for a paragraph over
 * the request limit — most articles never do. (Analyze needs them for every summary: there the
 * cost moves to the first article rather than disappearing.)
 */
const segmenters = new Map<SentenceLanguage, Intl.Segmenter>();

function segmenter(language: SentenceLanguage): Intl.Segmenter {
  let made = segmenters.get(language);
  if (made === undefined) {
    made = new Intl.Segmenter(language, { granularity: "sentence" });
    segmenters.set(language, made);
  }
  return made;
}

const countQuotes = (text: string): number => text.split('"').length - 1;

/** The sentences of a text as consecutive slices, trailing whitespace included (lossless). */
export function sentenceSlices(text: string, language: SentenceLanguage): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter(language).segment(text)) {
    let rest = segment;
    const last = sentences.length - 1;
    const previous = sentences[last];
    if (previous !== undefined) {
      // 1. closers go back to the sentence they close
      const closer =
        LEADING_CLOSERS.exec(rest)?.[0] ??
        (countQuotes(previous) % 2 === 1 ? STRAIGHT_QUOTE.exec(rest)?.[0] : undefined);
      if (closer) {
        sentences[last] = previous + closer;
        rest = rest.slice(closer.length);
        if (rest === "") continue;
      }
      // 2. and 3. not a sentence end after all
      if (ENDS_WITH_ABBREVIATION.test(sentences[last] ?? "") || STARTS_LOWERCASE.test(rest)) {
        sentences[last] += rest;
        continue;
      }
    }
    sentences.push(rest);
  }
  return sentences;
}

export interface SentenceSpan {
  readonly text: string;
  /** Offset of the first character in the input string. */
  readonly start: number;
  /** Offset after the last character (exclusive). */
  readonly end: number;
}

/**
 * The sentences as trimmed spans indexing the input, so a sentence's text is always
 * `text.slice(start, end)`: copied verbatim, never rebuilt. Whitespace-only input gives none.
 */
export function sentenceSpans(text: string, language: SentenceLanguage): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let offset = 0;
  for (const slice of sentenceSlices(text, language)) {
    const leading = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed !== "") {
      const start = offset + leading;
      spans.push({ text: trimmed, start, end: start + trimmed.length });
    }
    offset += slice.length;
  }
  return spans;
}
