/**
 * Character-level normalisation, applied before any line is judged. Typographic apostrophes
 * and quotes are kept as the source wrote them: the gold keeps them and the translator reads
 * them correctly.
 */

import { repairMojibake } from "./mojibake.js";

/** Line separators other than LF: CRLF, lone CR, vertical tab, form feed, NEL, U+2028/2029. */
const LINE_BREAKS = /\r\n?|[\v\f\u0085\u2028\u2029]/g;

/**
 * Every space-like character that is not U+0020: tab, no-break and narrow no-break spaces
 * (French typography puts them before « : ; ! ? »), the U+2000 typographic spaces,
 * medium mathematical and ideographic spaces.
 */
const SPACES = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

/**
 * Invisible characters that only split words for search engines and translators: zero-width
 * space / non-joiner / joiner, word joiner, stray BOMs, soft hyphens, bidi marks.
 */
const INVISIBLES = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** C0 and C1 controls and DEL (line feeds excepted), lone surrogates, U+FFFD from bad decoding. */
const CONTROLS = /(?!\n)[\p{Cc}\p{Cs}\ufffd]/gu;

const SPACE_RUNS = / {2,}/g;

/**
 * Mojibake repaired first (while its NBSP and C1 bytes are still there), then Unicode NFC, one
 * kind of line break, one kind of space, no invisible or control characters, no
 * leading/trailing/double spaces on a line. Line structure is preserved.
 */
export function normalizeText(text: string): string {
  return repairMojibake(text)
    .replace(LINE_BREAKS, "\n")
    .replace(SPACES, " ")
    .replace(INVISIBLES, "")
    .replace(CONTROLS, "")
    .normalize("NFC")
    .split("\n")
    .map((line) => line.replace(SPACE_RUNS, " ").trim())
    .join("\n");
}

/** `normalizeText` for a single block: every line break becomes a space too. */
export function normalizeInline(text: string): string {
  return normalizeText(text).replace(/\n+/g, " ").replace(SPACE_RUNS, " ").trim();
}
