import { readFileSync } from "node:fs";

/**
 * Foreign words left in an English translation, per 1,000 words: the offline engine's "reads as
 * English" measure (issue 15, ADR 0004). Word lists are Debian's: wamerican and wbritish for
 * English, wfrench and wspanish for the two languages Apertium's pivots leave behind.
 *
 * A word (a run of letters) is a leftover when it has at least `MIN_LETTERS` letters, is not
 * English (neither as written, lower-cased, nor as a regular plural of an English word), is
 * French or Spanish (lower-cased), and is not a name copied from the French: a capitalised word
 * that the French text contains as written ("Médoc", "Castres") is kept on purpose.
 */

/** Three-letter words are mostly shared function words ("par", "con", "los" vs "pal", "con"). */
export const MIN_LETTERS = 4;

export const WORD_LISTS = {
  english: ["/usr/share/dict/american-english", "/usr/share/dict/british-english"],
  french: ["/usr/share/dict/french"],
  spanish: ["/usr/share/dict/spanish"],
} as const;

/** The Debian packages of those lists (in .ci/run and scripts/ensure-apertium.sh). */
export const WORD_LIST_PACKAGES = ["wamerican", "wbritish", "wfrench", "wspanish"] as const;

export interface Lexicons {
  readonly english: ReadonlySet<string>;
  readonly foreign: ReadonlySet<string>;
}

const readList = (path: string): string[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

let cached: Lexicons | undefined;

/** The word lists, read once (throws naming the missing file and package). */
export function loadLexicons(): Lexicons {
  if (cached !== undefined) return cached;
  const read = (paths: readonly string[]): string[] =>
    paths.flatMap((path) => {
      try {
        return readList(path);
      } catch {
        throw new Error(`${path} is missing: apt-get install -y ${WORD_LIST_PACKAGES.join(" ")}`);
      }
    });
  const english = new Set<string>();
  for (const word of read(WORD_LISTS.english)) {
    english.add(word);
    english.add(word.toLowerCase());
  }
  const foreign = new Set(
    read([...WORD_LISTS.french, ...WORD_LISTS.spanish]).map((w) => w.toLowerCase()),
  );
  cached = { english, foreign };
  return cached;
}

const WORD = /\p{L}+/gu;

function isEnglish(word: string, english: ReadonlySet<string>): boolean {
  const lower = word.toLowerCase();
  if (english.has(word) || english.has(lower)) return true;
  // Regular plurals and third persons the lists do not spell out ("frictions", "diffusers").
  return (
    (lower.endsWith("s") && english.has(lower.slice(0, -1))) ||
    (lower.endsWith("es") && english.has(lower.slice(0, -2)))
  );
}

export interface LeftoverCount {
  readonly words: number;
  readonly leftovers: readonly string[];
}

/** The leftovers of one English text translated from `french`. */
export function countLeftovers(english: string, french: string, lexicons: Lexicons): LeftoverCount {
  const names = new Set(french.match(WORD) ?? []);
  const words = english.match(WORD) ?? [];
  const leftovers = words.filter(
    (word) =>
      [...word].length >= MIN_LETTERS &&
      !isEnglish(word, lexicons.english) &&
      lexicons.foreign.has(word.toLowerCase()) &&
      !(/^\p{Lu}/u.test(word) && names.has(word)),
  );
  return { words: words.length, leftovers };
}

/** Leftovers per 1,000 words over several texts. */
export function leftoverRate(counts: readonly LeftoverCount[]): number {
  const words = counts.reduce((n, c) => n + c.words, 0);
  const leftovers = counts.reduce((n, c) => n + c.leftovers.length, 0);
  return words === 0 ? 0 : (1000 * leftovers) / words;
}
