/**
 * French sentence segmentation for the chunker, on top of `Intl.Segmenter` (ICU's sentence rules,
 * built into Node: no dependency, no bundle cost). ICU has no French abbreviation list: it breaks
 * after "M.", "MM.", "av." and before a closing « … » guillemet, so two data-driven repairs follow.
 *
 * Lossless by construction: the segments are consecutive slices of the input, so
 * `splitSentences(text).join("") === text` always. A repair only ever merges two segments, which
 * is the safe direction here: a longer unit can still be split on words if it is over the limit.
 */

/**
 * Abbreviations after which a French (or quoted English) sentence almost never ends. Matched at
 * the end of a segment, after whitespace or an opening bracket/quote. Data, not code: add here.
 */
export const FRENCH_ABBREVIATIONS: readonly string[] = [
  // Honorifics and titles.
  "M.",
  "MM.",
  "Mme.",
  "Mmes.",
  "Mlle.",
  "Mlles.",
  "Me.",
  "Mgr.",
  "Dr.",
  "Dr",
  "Pr.",
  "Prof.",
  "St.",
  "Ste.",
  "Mr.",
  "Mrs.",
  "Gén.",
  "Gal.",
  "Col.",
  "Cdt.",
  "Lt.",
  "Sgt.",
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
  "N°.",
  "hab.",
  "éd.",
  "coll.",
  "bd.",
  "boul.",
];

/** A single capital initial ("J. Dupont", "Vladimir V. Poutine"). */
const INITIAL = "\\p{Lu}\\.";

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Segment ends (before its trailing whitespace) with a listed abbreviation or an initial. */
const ENDS_WITH_ABBREVIATION = new RegExp(
  `(?:^|[\\s(\\[«"“‘'’-])(?:${[...FRENCH_ABBREVIATIONS].map(escapeRegExp).join("|")}|${INITIAL})\\s*$`,
  "u",
);

/**
 * A sentence does not start with a closing quote or bracket, nor with a lowercase letter: such a
 * segment continues the previous one ("« Quoi ? » a-t-il dit", "p. ex. un médecin").
 */
const CONTINUES_PREVIOUS = /^\s*(?:[»”’)\]]|\p{Ll})/u;

const segmenter = new Intl.Segmenter("fr", { granularity: "sentence" });

/** The sentences of a French text, as consecutive slices (trailing whitespace included). */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const previous = sentences.at(-1);
    if (
      previous !== undefined &&
      (ENDS_WITH_ABBREVIATION.test(previous) || CONTINUES_PREVIOUS.test(segment))
    ) {
      sentences[sentences.length - 1] = previous + segment;
    } else {
      sentences.push(segment);
    }
  }
  return sentences;
}
