/**
 * Per-word fallback for the words one pivot leaves foreign (issue 15, ADR 0004).
 *
 * With `-g`, Apertium marks what it could not translate, so the pivot's own output says which
 * words are left and in which language (two pairs in a row, French → pivot → English):
 *
 * - `**word`: unknown to the first pair, so still the French word as written ("**grévistes");
 * - `*word`: produced by the first pair but unknown to the second, so a word of the pivot
 *   language ("*treintena", "*Burdeos").
 *
 * Each such word is looked up alone, through the other ways from French to English (one
 * long-lived pipeline each, like the main pivot), and the first answer Apertium fully translated
 * is spliced in place of the word. Nothing else of the sentence changes: the word keeps its place,
 * the paragraph its alignment. A pivot-language word is first put back into French by the pivot's
 * reverse pair ("treintena" → "trentaine"), then looked up as a French word. Names are kept: a
 * capitalised French word is never replaced, and a capitalised pivot-language word is replaced only
 * by its French form when the French text contains that form as written ("Burdeos" → "Bordeaux").
 * Two cases the reverse pair cannot put back: a pivot word the French has as written (fr-es passed
 * "micro" through, es-fr gives it back unchanged) is looked up as that French word; a capitalised
 * pivot word at the start of a sentence that is not a name of the French ("Bienvenida", for
 * "Bienvenue") is put back lower-cased, and the answer gets the capital.
 *
 * The functions here are pure; the translator owns the pipelines and calls `lookUp`.
 */

/**
 * The word after a mark: letters only (a hyphen or apostrophe ends it, as Apertium's tokens),
 * at least `MIN_LOOKUP_LETTERS` of them, and not the first part of a hyphenated compound: "co" of
 * "co-production" or "ex" of "ex-ministre" is a prefix, which looked up alone means something else
 * ("with").
 */
const MARKED_WORD =
  /(?<![\p{L}\p{N}\\*@#])(\*\*|\*)([\p{L}\p{M}]{3,})(?![\p{L}\p{M}\p{N}]|[-‐][\p{L}\p{N}])/gu;

/** A mark anywhere in an answer: the lookup did not fully translate the word. */
const ANY_MARK = /(?<![\p{L}\p{N}\\])[*@#](?=[\p{L}\p{N}])/u;

/**
 * An answer longer than this many words is a phrase the pair built around the word ("you
 * castrated" is two): more than three is no longer a translation of one word.
 */
export const MAX_ANSWER_WORDS = 3;

/**
 * A French word left as written that begins a hyphenated compound ("**sapeurs-firemen": the pair
 * knew "pompiers", not "sapeurs"), with the rest of the compound, unmarked.
 */
const MARKED_COMPOUND =
  /(?<![\p{L}\p{N}\\*@#])\*\*([\p{L}\p{M}]{2,})((?:[-‐][\p{L}\p{M}]+)+)(?![\p{L}\p{M}\p{N}*@#\-‐])/gu;

export type ForeignKind = "source" | "pivot" | "compound";

export interface MarkedWord {
  /** Where the mark starts in the marked text, and where the word ends. */
  readonly start: number;
  readonly end: number;
  readonly word: string;
  /** `source`: French left as written (`**`); `pivot`: a word of the pivot language (`*`). */
  readonly kind: ForeignKind;
}

/** The words a two-pair pivot left foreign in `marked`, in order. */
export function markedWords(marked: string): MarkedWord[] {
  return [...marked.matchAll(MARKED_WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    word: m[2] ?? "",
    kind: m[1] === "**" ? "source" : "pivot",
  }));
}

/**
 * Hyphenated compounds whose first part the pivot left in French, each with the French
 * compound it comes from (the hyphenated word of `french` that starts with that part, as
 * written): `word` is the French compound, the span the whole English compound.
 */
export function markedCompounds(marked: string, french: string): MarkedWord[] {
  const found: MarkedWord[] = [];
  for (const m of marked.matchAll(MARKED_COMPOUND)) {
    const head = m[1] ?? "";
    const escaped = head.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
    const source = new RegExp(
      `(?<![\\p{L}\\p{N}])${escaped}(?:[-‐][\\p{L}\\p{M}]+)+(?![\\p{L}\\p{N}])`,
      "u",
    ).exec(french);
    if (source === null) continue;
    found.push({ start: m.index, end: m.index + m[0].length, word: source[0], kind: "compound" });
  }
  return found;
}

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Text before a word that puts it at a sentence start: nothing, or an end mark (and a quote). */
const SENTENCE_START = /(?:^|[.!?…:]\s+)["«“'‘(]?\s*$/u;

/** True when the word starting at `at` in `text` begins a sentence. */
export function atSentenceStart(text: string, at: number): boolean {
  return SENTENCE_START.test(text.slice(0, at));
}

/**
 * An English answer for one word, or `undefined` when the lookup failed: Apertium marked
 * something, gave the word back unchanged, gave nothing, or built a phrase.
 */
export function acceptedAnswer(word: string, answer: string): string | undefined {
  const text = answer.trim().replace(/\s+/gu, " ");
  if (text === "" || ANY_MARK.test(text)) return undefined;
  if (text.toLowerCase() === word.toLowerCase()) return undefined;
  if (text.split(" ").length > MAX_ANSWER_WORDS) return undefined;
  // Only words: a lookup that answers with punctuation or digits translated something else.
  if (!/^[\p{L}\p{M}' -]+$/u.test(text)) return undefined;
  return text;
}

/** True when `name` occurs in `french` as a whole word, as written. */
export function occursAsWritten(name: string, french: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(french);
}

export interface WordLookups {
  /** The word through the other ways from French to English, first accepted answer; or none. */
  readonly french: (word: string) => Promise<string | undefined>;
  /** A pivot-language word back in French (the pivot's reverse pair), fully translated; or none. */
  readonly back: (word: string) => Promise<string | undefined>;
  /** A French word through the dictionaries, when `french` has no answer. */
  readonly dictionary?: (word: string) => Promise<string | undefined>;
  /** The English twin of a pivot-language word, when `french` has no answer for its French. */
  readonly cognate?: (word: string) => Promise<string | undefined>;
}

export interface SpliceResult {
  readonly text: string;
  /**
   * Words replaced, by how: `source` (French word looked up), `pivot` (via French), `name`,
   * `dictionary` (French word, or a pivot word's French, in the dictionaries), `cognate`.
   */
  readonly replaced: Readonly<
    Record<"source" | "pivot" | "name" | "dictionary" | "cognate", number>
  >;
  /** Marked words left as they were. */
  readonly kept: number;
}

/**
 * `marked` (one pivot's `-g` output) with each foreign word replaced by its lookup where one
 * was accepted; marks are left in place for the caller to remove. `french` is the paragraph the
 * pivot translated (for names).
 */
export async function spliceForeignWords(
  marked: string,
  french: string,
  lookups: WordLookups,
): Promise<SpliceResult> {
  const words = [...markedWords(marked), ...markedCompounds(marked, french)].sort(
    (a, b) => a.start - b.start,
  );
  const replaced = { source: 0, pivot: 0, name: 0, dictionary: 0, cognate: 0 };
  type Found = [string, keyof typeof replaced] | undefined;
  /** A French word through the pivots, then the dictionaries. */
  const lookUpFrench = async (word: string, kind: "source" | "pivot"): Promise<Found> => {
    const english = await lookups.french(word);
    if (english !== undefined) return [english, kind];
    const found = await lookups.dictionary?.(word);
    return found === undefined ? undefined : [found, "dictionary"];
  };
  /**
   * A lower-case pivot-language word put back into French and looked up there; its English twin
   * before the dictionaries (a twin keeps the word's sense, a dictionary guesses among senses).
   */
  const viaFrench = async (word: string): Promise<Found> => {
    const answer = await lookups.back(word);
    // Case follows the word looked up (es-fr capitalises some lemmas: "treintena" → "Trentaine").
    let back = answer === undefined ? undefined : lowerFirst(answer);
    // The reverse pair gives back a word the two languages share unchanged ("micro"): the
    // French has it as written, so it is that French word.
    if (back === undefined && occursAsWritten(word, french)) back = word;
    if (back !== undefined && isCapitalised(back)) return undefined;
    const english = back === undefined ? undefined : await lookups.french(back);
    if (english !== undefined) return [english, "pivot"];
    const twin = await lookups.cognate?.(word);
    if (twin !== undefined) return [twin, "cognate"];
    const found = back === undefined ? undefined : await lookups.dictionary?.(back);
    return found === undefined ? undefined : [found, "dictionary"];
  };
  if (words.length === 0) return { text: marked, replaced, kept: 0 };
  const answers = await Promise.all(
    words.map(async ({ word, kind, start }): Promise<Found> => {
      if (kind === "compound") {
        // The pairs translated it part by part already: only a dictionary knows the whole.
        if (isCapitalised(word)) return undefined;
        const found = await lookups.dictionary?.(word);
        return found === undefined ? undefined : [found, "dictionary"];
      }
      if (kind === "source") {
        // A capitalised word Apertium does not know is a name, copied on purpose.
        if (isCapitalised(word)) return undefined;
        return lookUpFrench(word, "source");
      }
      if (isCapitalised(word)) {
        const answer = await lookups.back(word);
        // A name the pivot language spells its own way: the French spelling, if it is the source's.
        if (answer !== undefined && occursAsWritten(answer, french)) return [answer, "name"];
        // Not a name of the French: at a sentence start the capital is the sentence's.
        if (!atSentenceStart(marked, start) || occursAsWritten(word, french)) return undefined;
        const found = await viaFrench(lowerFirst(word));
        return found === undefined ? undefined : [upperFirst(found[0]), found[1]];
      }
      return viaFrench(word);
    }),
  );
  let text = "";
  let at = 0;
  let kept = 0;
  words.forEach((word, i) => {
    const answer = answers[i];
    text += marked.slice(at, word.start);
    if (answer === undefined) {
      kept += 1;
      text += marked.slice(word.start, word.end);
    } else {
      replaced[answer[1]] += 1;
      text += answer[0];
    }
    at = word.end;
  });
  text += marked.slice(at);
  return { text, replaced, kept };
}
