/**
 * The last step of the per-word fallback (ADR 0004): a French word no Apertium pair knows,
 * looked up in Debian's FreeDict dictionaries through a third language — French → German,
 * Polish, Finnish, Portuguese (WikDict, generated from Wiktionary) → English (FreeDict/ding for
 * German, WikDict for Polish and Finnish, FreeDict for Portuguese).
 *
 * - **Lemma.** Apertium could not analyse the word, so its lemma is found here: the word as
 *   written, then the regular French inflections stripped (plural -s/-x/-aux, feminine -e,
 *   first- and second-group verb endings), the first candidate that is a headword of some
 *   route's French dictionary with a matching part of speech (a verb ending needs a verb entry).
 * - **Choice.** Every route gives its English candidates, in its dictionaries' order (senses,
 *   then translations, then their English); a candidate named by more routes wins, then one
 *   reached from more words of the third language, then the earlier route, then the earlier
 *   candidate. Independent dictionaries agreeing is the sense check ("millésime": German gives
 *   "age cohort… vintage, year", Portuguese "year": "year"); within one route, two German words
 *   leading to the same English ("sapeur-pompier": Feuerwehr, Feuerwehrmann, Feuerwehrleute →
 *   "firefighters" twice, "fire brigade" once) is the weaker one.
 * - **Kept out.** A word that is English as written (Debian's English word lists) is not looked
 *   up: French text quotes English ("mark", "last", "pass" of a manual page), and those are French
 *   words too, rare ones ("last" → "ballast"). Only answers of letters (at most
 *   `MAX_ANSWER_WORDS` words), not capitalised (a common French word does not become a name:
 *   "same" → "Sami"): no numbers, pronunciations or notes of the entries. A plural French noun
 *   gets a regular English plural.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DictdDictionary } from "./apertium-dictd.js";
import { MAX_ANSWER_WORDS } from "./apertium-word-fallback.js";

/** One route: French → a third language, then that language → English (FreeDict names). */
export interface DictionaryRoute {
  readonly name: string;
  readonly first: string;
  readonly second: string;
}

/**
 * The routes, in order (ties go to the earlier). Measured on the references and the unseen
 * texts (`npm run eval -- translate`, ADR 0004): German alone is ambiguous (its English
 * dictionary lists senses in no order of use), the four together agree where it matters.
 */
export const DICTIONARY_ROUTES: readonly DictionaryRoute[] = [
  { name: "de", first: "fra-deu", second: "deu-eng" },
  { name: "pl", first: "fra-pol", second: "pol-eng" },
  { name: "fi", first: "fra-fin", second: "fin-eng" },
  { name: "pt", first: "fra-por", second: "por-eng" },
];

/** Debian's FreeDict files live here (`/usr/share/dictd/freedict-<pair>.index`, `.dict.dz`). */
export const DEFAULT_DICTD_DIR = "/usr/share/dictd";

/** Debian's English word lists (wamerican, wbritish): a word in them is English as written. */
export const ENGLISH_WORD_LISTS = [
  "/usr/share/dict/american-english",
  "/usr/share/dict/british-english",
] as const;

/** The Debian package of a FreeDict dictionary. */
export const dictionaryPackage = (pair: string): string => `dict-freedict-${pair}`;

/** The Debian packages of the routes (also in scripts/ensure-apertium.sh and .ci/run). */
export const dictionaryPackages = (routes: readonly DictionaryRoute[]): string[] =>
  routes.flatMap((r) => [dictionaryPackage(r.first), dictionaryPackage(r.second)]);

/** The two files of a FreeDict dictionary. */
export const dictionaryFiles = (dir: string, pair: string) => ({
  index: join(dir, `freedict-${pair}.index`),
  data: join(dir, `freedict-${pair}.dict.dz`),
});

/** One dictionary entry: its parts of speech (from the headword line) and its translations. */
export interface ParsedEntry {
  readonly pos: readonly string[];
  readonly translations: readonly string[];
}

const SENSE = /^\d+\.\s+/u;

/**
 * The translations of one entry. Both layouts FreeDict ships put the headword, its
 * pronunciation and `<pos>` on the first line and the translations on the next one (ding,
 * older FreeDict) or on numbered lines `1. …` (WikDict's senses, each followed by a gloss in the
 * source language, as is WikDict's unnumbered line after the translations): so the numbered
 * lines if there are any, else the first line after the headword.
 */
export function parseEntry(entry: string): ParsedEntry {
  const [head = "", ...rest] = entry.split("\n");
  const pos = [...head.matchAll(/<([^>]*)>/gu)].flatMap((m) =>
    (m[1] ?? "").split(",").map((p) => p.trim()),
  );
  const body = rest.filter((line) => line.trim() !== "");
  const senses = body.filter((line) => SENSE.test(line));
  const lines =
    senses.length > 0 ? senses.map((line) => line.replace(SENSE, "")) : body.slice(0, 1);
  const translations: string[] = [];
  for (const line of lines) {
    const plain = line.replace(/\/[^/]*\//gu, " ");
    for (const part of plain.split(/[,;]/u)) {
      // ding ends each translation with its part of speech: what follows it is a note.
      const text = part
        .replace(/<[^>]*>.*$/u, " ")
        .replace(/\[[^\]]*\]|\([^)]*\)|\{[^}]*\}/gu, " ")
        .replace(/\s+/gu, " ")
        .trim();
      if (isPlainPhrase(text) && !translations.includes(text)) translations.push(text);
    }
  }
  return { pos, translations };
}

/** Letters only, `MAX_ANSWER_WORDS` words at most (joined by spaces, hyphens, apostrophes). */
function isPlainPhrase(text: string): boolean {
  if (text === "") return false;
  if (!/^\p{L}+(?:[ '’-]\p{L}+)*$/u.test(text)) return false;
  return text.split(" ").length <= MAX_ANSWER_WORDS;
}

/** How a lemma candidate was made from the word as written. */
export type Inflection = "none" | "plural" | "feminine" | "verb";

export interface LemmaCandidate {
  readonly lemma: string;
  readonly inflection: Inflection;
}

/** Regular feminine endings and their masculine (-e alone is tried after them). */
const FEMININE_ENDINGS: readonly (readonly [string, string])[] = [
  ["ière", "ier"],
  ["ère", "er"],
  ["euse", "eur"],
  ["trice", "teur"],
  ["ive", "if"],
  ["enne", "en"],
  ["onne", "on"],
  ["elle", "el"],
  ["ette", "et"],
];

/** Endings of first-group (-er) verb forms, longest first. */
const ER_ENDINGS = [
  "eraient",
  "erions",
  "eriez",
  "erait",
  "erais",
  "erons",
  "eront",
  "aient",
  "èrent",
  "erai",
  "eras",
  "erez",
  "era",
  "ions",
  "iez",
  "ais",
  "ait",
  "ant",
  "ent",
  "ons",
  "ées",
  "ez",
  "és",
  "ée",
  "es",
  "é",
  "e",
  "a",
];
/** Endings of second-group (-ir, -issons) verb forms, longest first. */
const IR_ENDINGS = [
  "issaient",
  "issions",
  "issiez",
  "issais",
  "issait",
  "issant",
  "issent",
  "issons",
  "issez",
  "irent",
  "ies",
  "ie",
  "is",
  "it",
  "i",
];

/**
 * The word as written, then what its regular French inflections could come from: a plural
 * (-aux → -al, -s, -x), a feminine (-e, -es), a verb form (-er and -ir endings). Only
 * candidates of at least three letters; the dictionary decides which one is a word.
 */
export function frenchLemmas(word: string): LemmaCandidate[] {
  const w = word.normalize("NFC").toLowerCase();
  const out: LemmaCandidate[] = [{ lemma: w, inflection: "none" }];
  const add = (lemma: string, inflection: Inflection) => {
    if ([...lemma].length >= 3 && !out.some((c) => c.lemma === lemma)) {
      out.push({ lemma, inflection });
    }
  };
  if (w.endsWith("aux")) add(`${w.slice(0, -3)}al`, "plural");
  // A compound's plural marks each part ("sapeurs-pompiers" → "sapeur-pompier").
  if (/[-‐]/u.test(w)) add(w.replace(/(?<=\p{L}{2})[sx](?=[-‐]|$)/gu, ""), "plural");
  if (/[sx]$/u.test(w)) add(w.slice(0, -1), "plural");
  // Feminine (and feminine plural) of adjectives and nouns: -ière → -ier, -euse → -eur…, else -e.
  const singular = w.endsWith("es") ? w.slice(0, -1) : w;
  for (const [feminine, masculine] of FEMININE_ENDINGS) {
    if (singular.endsWith(feminine))
      add(singular.slice(0, -feminine.length) + masculine, "feminine");
  }
  if (singular.endsWith("e")) add(singular.slice(0, -1), "feminine");
  for (const ending of ER_ENDINGS) {
    if (w.endsWith(ending)) add(`${w.slice(0, -ending.length)}er`, "verb");
  }
  for (const ending of IR_ENDINGS) {
    if (w.endsWith(ending)) add(`${w.slice(0, -ending.length)}ir`, "verb");
  }
  return out;
}

/** Whether an entry's parts of speech fit how the lemma was made. */
function fits(inflection: Inflection, pos: readonly string[]): boolean {
  switch (inflection) {
    case "none":
      return true;
    case "verb":
      return pos.includes("v");
    case "plural":
      return pos.includes("n") || pos.includes("adj");
    case "feminine":
      return pos.includes("adj");
  }
}

/** A regular English plural of a phrase's last word ("wine-grower" → "wine-growers"). */
export function englishPlural(phrase: string): string {
  if (/s$/u.test(phrase)) return phrase;
  if (/[^aeiou]y$/u.test(phrase)) return `${phrase.slice(0, -1)}ies`;
  if (/(x|z|ch|sh)$/u.test(phrase)) return `${phrase}es`;
  return `${phrase}s`;
}

/** A route with its two dictionaries opened. */
export interface OpenRoute {
  readonly name: string;
  readonly first: { lookup(headword: string): Promise<string[]> };
  readonly second: { lookup(headword: string): Promise<string[]> };
}

export interface DictionaryAnswer {
  readonly english: string;
  readonly lemma: string;
  /** The routes that gave this English. */
  readonly routes: readonly string[];
}

/** English verbs come as "to panic" in some dictionaries. */
const withoutInfinitiveMarker = (text: string): string => text.replace(/^to\s+/u, "");

/**
 * The English for one French word through the routes, by the rule above, or `undefined` when
 * no route has the word.
 */
export async function lookUpWord(
  word: string,
  routes: readonly OpenRoute[],
): Promise<DictionaryAnswer | undefined> {
  for (const { lemma, inflection } of frenchLemmas(word)) {
    const perRoute = await Promise.all(
      routes.map(async (route) => {
        const entries = (await route.first.lookup(lemma))
          .map(parseEntry)
          .filter((e) => fits(inflection, e.pos));
        return { route, entries };
      }),
    );
    if (perRoute.every(({ entries }) => entries.length === 0)) continue;
    const noun = perRoute.some(({ entries }) => entries.some((e) => e.pos.includes("n")));
    const votes = new Map<
      string,
      { english: string; routes: string[]; terms: Set<string>; rank: [number, number] }
    >();
    for (const [r, { route, entries }] of perRoute.entries()) {
      let i = 0;
      for (const term of entries.flatMap((e) => e.translations)) {
        for (const entry of await route.second.lookup(term)) {
          for (const t of parseEntry(entry).translations) {
            const text = withoutInfinitiveMarker(t);
            if (!isPlainPhrase(text) || /^\p{Lu}/u.test(text)) continue;
            const key = text.toLowerCase();
            const known = votes.get(key);
            if (known === undefined) {
              votes.set(key, {
                english: text,
                routes: [route.name],
                terms: new Set([`${route.name}:${term}`]),
                rank: [r, i++],
              });
            } else {
              if (!known.routes.includes(route.name)) known.routes.push(route.name);
              known.terms.add(`${route.name}:${term}`);
            }
          }
        }
      }
    }
    const best = [...votes.values()].sort(
      (a, b) =>
        b.routes.length - a.routes.length ||
        b.terms.size - a.terms.size ||
        a.rank[0] - b.rank[0] ||
        a.rank[1] - b.rank[1],
    )[0];
    if (best === undefined) return undefined;
    const english = inflection === "plural" && noun ? englishPlural(best.english) : best.english;
    return { english, lemma, routes: best.routes };
  }
  return undefined;
}

/** The routes' dictionaries, opened lazily (a route's files are read on its first lookup). */
export class DictionaryLookup {
  private readonly dictionaries = new Map<string, DictdDictionary>();
  readonly routes: readonly OpenRoute[];
  private english: Promise<ReadonlySet<string>> | undefined;

  constructor(
    routes: readonly DictionaryRoute[],
    dir: string = DEFAULT_DICTD_DIR,
    private readonly englishLists: readonly string[] = ENGLISH_WORD_LISTS,
  ) {
    const open = (pair: string): DictdDictionary => {
      let dictionary = this.dictionaries.get(pair);
      if (dictionary === undefined) {
        dictionary = new DictdDictionary(dictionaryFiles(dir, pair));
        this.dictionaries.set(pair, dictionary);
      }
      return dictionary;
    };
    this.routes = routes.map((r) => ({
      name: r.name,
      first: open(r.first),
      second: open(r.second),
    }));
  }

  /** The English for a French word, or `undefined` (also for a word English as written). */
  async translate(word: string): Promise<DictionaryAnswer | undefined> {
    if ((await this.englishWords()).has(word.toLowerCase())) return undefined;
    return lookUpWord(word, this.routes);
  }

  /** Debian's English words, lower-cased, read on first use. */
  englishWords(): Promise<ReadonlySet<string>> {
    this.english ??= readEnglishWords(this.englishLists);
    return this.english;
  }

  async close(): Promise<void> {
    await Promise.all([...this.dictionaries.values()].map((d) => d.close()));
  }
}

/** The lists' words, lower-cased (one word a line). */
async function readEnglishWords(paths: readonly string[]): Promise<ReadonlySet<string>> {
  const words = new Set<string>();
  for (const path of paths) {
    for (const line of (await readFile(path, "utf8")).split("\n")) {
      const word = line.trim();
      if (word !== "") words.add(word.toLowerCase());
    }
  }
  return words;
}
