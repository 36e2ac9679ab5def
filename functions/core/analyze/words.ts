/** Word-level helpers shared by the summariser, the mergers and the offline analyser. */

/** Letters or digits, joined by inner hyphens or apostrophes ("s-400", "russo-turkish"). */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Lower-case word tokens (letters, digits, inner hyphens and apostrophes) of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Words shorter than this are left alone by `stem` ("gas", "us", "bus" keep their "s"). */
const MIN_STEM_LENGTH = 4;

/**
 * Light plural stripping so "sanctions"/"sanction" and "countries"/"country" meet. A full
 * stemmer (Porter) would also merge "nation"/"national", which hurts key phrases more than it
 * helps the summary; plural is the variation that matters here.
 */
export function stem(word: string): string {
  if (word.length > MIN_STEM_LENGTH && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (
    word.length >= MIN_STEM_LENGTH &&
    word.endsWith("s") &&
    !word.endsWith("ss") &&
    !word.endsWith("us") &&
    !word.endsWith("is")
  ) {
    return word.slice(0, -1);
  }
  return word;
}

/** Folds case, accents and punctuation: "Sergueï  Lavrov," → "serguei lavrov". */
export function fold(text: string): string {
  return words(text.normalize("NFKD").replace(/\p{M}/gu, "")).join(" ");
}
