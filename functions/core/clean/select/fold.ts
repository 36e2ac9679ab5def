/**
 * Text keys for comparing blocks: case, accents, apostrophe shapes and the French space before
 * `: ; ! ?` are folded so that "À propos de l’auteur" and "a propos de l'auteur" compare equal.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /[’‘ʼ`´]/g;
const SPACE_BEFORE_PUNCTUATION = /\s+([:;!?])/g;
const WHITESPACE = /\s+/g;

/** Lower case, no accents, one apostrophe shape, single spaces, `x :` → `x:`. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(APOSTROPHES, "'")
    .replace(WHITESPACE, " ")
    .replace(SPACE_BEFORE_PUNCTUATION, "$1")
    .trim();
}

/** Letters and digits runs (Unicode), as the benchmark metric and the classifier count words. */
const WORD = /[\p{L}\p{N}_]+/gu;

/** Words of a text, in order, as written. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Words of a text folded for comparison (lower case, no accents). */
export function foldedWords(text: string): string[] {
  return words(fold(text));
}
