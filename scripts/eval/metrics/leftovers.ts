import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { ENGLISH_WORD_LISTS } from "../../../functions/adapters/local/apertium-dictionary-lookup.js";

/**
 * Foreign words left in an English translation, per 1,000 words: the offline engine's "reads as
 * English" measure (issue 15, ADR 0004). Word lists are Debian's: wamerican and wbritish for
 * English, wfrench and wspanish for the two languages Apertium's pivots leave behind.
 *
 * A word (a run of letters) is a leftover when it has at least `MIN_LETTERS` letters, is not
 * English (neither as written, lower-cased, nor as a regular plural of an English word), is
 * French or Spanish (lower-cased), and is not a name copied from the French: a capitalised word
 * that the French text contains as written ("Médoc", "Castres") is kept on purpose.
 *
 * "Not English" is checked twice. The Debian lists lack some English words that are also French
 * ("antimissile", "diffuser", "benzine"), so a word the lists lack is English after all when
 * both of Apertium's English morphological dictionaries (the eng-spa and the eng-cat pair's
 * analysers, written independently) analyse it as a common word, not a name. Both must agree: one
 * dictionary alone has strays (eng-spa analyses the Spanish "sindical" as an English adjective).
 */

/** Three-letter words are mostly shared function words ("par", "con", "los" vs "pal", "con"). */
export const MIN_LETTERS = 4;

export const WORD_LISTS = {
  english: ENGLISH_WORD_LISTS,
  french: ["/usr/share/dict/french"],
  spanish: ["/usr/share/dict/spanish"],
} as const;

/** The Debian packages of those lists (in .ci/run and scripts/ensure-apertium.sh). */
export const WORD_LIST_PACKAGES = ["wamerican", "wbritish", "wfrench", "wspanish"] as const;

/** Apertium's English analysers (apertium-eng-spa, apertium-eng-cat): both must know a word. */
export const ENGLISH_ANALYSERS = [
  "/usr/share/apertium/apertium-eng-spa/eng-spa.automorf.bin",
  "/usr/share/apertium/apertium-eng-cat/eng-cat.automorf.bin",
] as const;

export interface Lexicons {
  readonly english: ReadonlySet<string>;
  readonly foreign: ReadonlySet<string>;
  /** The words of `words` that are English common words by another source than the lists. */
  readonly analysedEnglish?: (words: readonly string[]) => ReadonlySet<string>;
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
  cached = { english, foreign, analysedEnglish: analyserEnglish(ENGLISH_ANALYSERS) };
  return cached;
}

/**
 * `lt-proc` on each analyser: a word is English when every analyser gives it at least one
 * analysis without `<np>` (proper noun) — `^antimissile/antimissile<adj>$` yes,
 * `^plomb/*plomb$` (unknown) and `^Bienvenida/Bienvenida<np><ant><f><sg>$` (a name) no.
 * Answers are memoised; an analyser that is not installed throws naming its package.
 */
export function analyserEnglish(
  analysers: readonly string[],
): (words: readonly string[]) => ReadonlySet<string> {
  const known = new Map<string, boolean>();
  return (words) => {
    const fresh = [...new Set(words)].filter((word) => !known.has(word));
    if (fresh.length > 0) {
      const verdicts = analysers.map((analyser) => commonWords(analyser, fresh));
      for (const word of fresh)
        known.set(
          word,
          verdicts.every((common) => common.has(word)),
        );
    }
    return new Set(words.filter((word) => known.get(word) === true));
  };
}

function commonWords(analyser: string, words: readonly string[]): Set<string> {
  let output: string;
  try {
    // One word per line: a line break is a blank to lt-proc, each word one lexical unit.
    output = execFileSync("lt-proc", [analyser], {
      input: `${words.join("\n")}\n`,
      encoding: "utf8",
    });
  } catch {
    throw new Error(
      `${analyser} could not run: apt-get install -y apertium-eng-spa apertium-eng-cat`,
    );
  }
  const common = new Set<string>();
  for (const unit of output.matchAll(/\^([^/$]*)\/([^$]*)\$/gu)) {
    const [, surface = "", analyses = ""] = unit;
    if (analyses.split("/").some((a) => !a.startsWith("*") && !a.includes("<np>"))) {
      common.add(surface);
    }
  }
  return common;
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

/** A hyphenated compound with a capitalised part: a name when the French has it as written. */
const CAPITALISED_COMPOUND = /[\p{L}]+(?:[‐-][\p{L}]+)+/gu;

/**
 * The leftovers of one English text translated from `french`. A hyphenated name copied from
 * the French ("Entre-deux-Mers", "Aix-en-Provence") is a name as a whole, its lowercase links
 * ("deux", "en") included.
 */
export function countLeftovers(english: string, french: string, lexicons: Lexicons): LeftoverCount {
  const names = new Set(french.match(WORD) ?? []);
  const compounds = new Set(french.match(CAPITALISED_COMPOUND) ?? []);
  const copied: [number, number][] = [];
  for (const m of english.matchAll(CAPITALISED_COMPOUND)) {
    if (/\p{Lu}/u.test(m[0]) && compounds.has(m[0])) copied.push([m.index, m.index + m[0].length]);
  }
  const inCopiedName = (at: number) => copied.some(([start, end]) => at >= start && at < end);
  const words = [...english.matchAll(WORD)];
  const candidates = words
    .filter(
      (m) =>
        [...m[0]].length >= MIN_LETTERS &&
        !isEnglish(m[0], lexicons.english) &&
        lexicons.foreign.has(m[0].toLowerCase()) &&
        !(/^\p{Lu}/u.test(m[0]) && names.has(m[0])) &&
        !inCopiedName(m.index),
    )
    .map((m) => m[0]);
  const analysed = lexicons.analysedEnglish?.(candidates) ?? new Set<string>();
  const leftovers = candidates.filter((word) => !analysed.has(word));
  return { words: words.length, leftovers };
}

/** Leftovers per 1,000 words over several texts. */
export function leftoverRate(counts: readonly LeftoverCount[]): number {
  const words = counts.reduce((n, c) => n + c.words, 0);
  const leftovers = counts.reduce((n, c) => n + c.leftovers.length, 0);
  return words === 0 ? 0 : (1000 * leftovers) / words;
}
