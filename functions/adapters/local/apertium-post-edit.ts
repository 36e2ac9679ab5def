/**
 * Pre- and post-editing around Apertium fr→es→en, written against what the raw pipe gets wrong
 * on French news (see /work/shared/docs/apertium.md and docs/adr/0004-translation.md):
 *
 * - Model names and codes are mangled ("le chasseur Su-57" → "the Known hunter-57"), and so
 *   are URLs and @handles: they become placeholders (`Zq<n>x`), which both pairs copy through
 *   unchanged (checked by test in every position: sentence start, after articles, in quotes).
 * - Terms the dictionaries lack or get wrong (OTAN, PDG, Émirats arabes unis, exonyms,
 *   "mi-décembre", "russo-turc", "M. Peskov") become placeholders restored to their English.
 * - Output typography follows English: « » → "", no space before : ; ! ?, 3,5 → 3.5,
 *   12 000 → 12,000, 5 % → 5%.
 * - A word Apertium capitalised after a name at the start of a sentence ("Erdogan Foresees")
 *   is lowercased when the French word after that name was lowercase.
 */

/** Placeholder shape: unknown to both dictionaries, no character the stream format escapes. */
const placeholder = (index: number): string => `Zq${index}x`;
const PLACEHOLDER = /Zq(\d+)x/g;

/**
 * Tokens that mix letters and digits (Su-57, S-400, TB2, F-35, A400M, COVID-19, 12h30), with
 * inner hyphens, slashes or dots. Plain numbers are left to Apertium, which copies them, and
 * French ordinals (1er, 2e, XXIe) are left to it too: it translates them (1st, 2nd).
 */
const MODEL_CODE =
  /(?<![\p{L}\p{N}])(?=[\p{L}\p{N}‐-]*\p{N})(?=[\p{L}\p{N}‐-]*\p{L})[\p{L}\p{N}]+(?:[‐\-/.][\p{L}\p{N}]+)*(?![\p{L}\p{N}])/gu;
const FRENCH_ORDINAL = /^\d+(?:er|re|ère|e|ème|eme|nd|nde)s?$/u;
const URL = /\b(?:https?:\/\/|www\.)[^\s«»"<>]*[^\s«»"<>.,;:!?)]/gu;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gu;
const HANDLE_OR_TAG = /(?<![\p{L}\p{N}])[@#][\p{L}\p{N}_]+/gu;
const MODEL_CODE_ONLY = new RegExp(`^(?:${MODEL_CODE.source})$`, "u");
/** Everything copied verbatim into the English, longest kinds first. */
const VERBATIM = new RegExp(
  [URL, EMAIL, HANDLE_OR_TAG, MODEL_CODE].map((pattern) => pattern.source).join("|"),
  "gu",
);

export interface GlossaryEntry {
  /** French form, matched as a whole word (a regular expression source, case as written). */
  readonly fr: string;
  readonly en: string;
  /** English uses no article before it ("NATO", not "the NATO"): drop the one Apertium adds. */
  readonly noArticle?: boolean;
  /**
   * Words of the noun phrase English puts it before: French says "la coopération militaire
   * russo-turque", English "the Russian-Turkish military cooperation" (0 = leave in place).
   */
  readonly prenominal?: number;
}

const MONTHS: Record<string, string> = {
  janvier: "January",
  février: "February",
  mars: "March",
  avril: "April",
  mai: "May",
  juin: "June",
  juillet: "July",
  août: "August",
  septembre: "September",
  octobre: "October",
  novembre: "November",
  décembre: "December",
};

/** Nationality adjectives, in the compound forms "russo-turc", "franco-allemande"… */
const COMPOUND_PREFIXES: Record<string, string> = {
  russo: "Russian",
  franco: "Franco",
  germano: "German",
  sino: "Sino",
  americano: "American",
  israélo: "Israeli",
  turco: "Turkish",
  italo: "Italian",
  anglo: "Anglo",
  irano: "Iranian",
  indo: "Indo",
};
/** Nationality adjectives with their feminine and plural forms, as regular-expression sources. */
const NATIONALITIES: Record<string, string> = {
  "turc|turque|turcs|turques": "Turkish",
  "russes?": "Russian",
  "américaine?s?": "American",
  "ukrainien(?:ne)?s?": "Ukrainian",
  "allemande?s?": "German",
  "chinoise?s?": "Chinese",
  "français(?:es?)?": "French",
  "britanniques?": "British",
  "syrien(?:ne)?s?": "Syrian",
  "iranien(?:ne)?s?": "Iranian",
  "palestinien(?:ne)?s?": "Palestinian",
  "israélien(?:ne)?s?": "Israeli",
  "saoudien(?:ne)?s?": "Saudi",
  "japonaise?s?": "Japanese",
  "indien(?:ne)?s?": "Indian",
  "pakistanaise?s?": "Pakistani",
  "européen(?:ne)?s?": "European",
  "africaine?s?": "African",
};

/**
 * Terms Apertium's dictionaries lack or mistranslate in news, as data. General vocabulary of
 * international news only: institutions, titles, exonyms.
 */
export const FR_EN_GLOSSARY: readonly GlossaryEntry[] = [
  { fr: "OTAN|Otan", en: "NATO", noArticle: true },
  { fr: "ONU", en: "UN" },
  { fr: "UE", en: "EU" },
  { fr: "PDG", en: "CEO" },
  { fr: "[ÉE]tats-Unis", en: "United States" },
  { fr: "[ÉE]mirats arabes unis", en: "United Arab Emirates" },
  { fr: "Pékin", en: "Beijing", noArticle: true },
  { fr: "Sotchi", en: "Sochi", noArticle: true },
  { fr: "Biélorussie", en: "Belarus", noArticle: true },
  { fr: "Tchétchénie", en: "Chechnya", noArticle: true },
  { fr: "Le Caire", en: "Cairo", noArticle: true },
  { fr: "Mme(?= \\p{Lu})", en: "Ms", noArticle: true },
  { fr: "MM\\.(?= \\p{Lu})", en: "Messrs", noArticle: true },
  { fr: "M\\.(?= \\p{Lu})", en: "Mr", noArticle: true },
  ...Object.entries(MONTHS).map(([fr, en]) => ({ fr: `mi-${fr}`, en: `mid-${en}` })),
  ...Object.entries(COMPOUND_PREFIXES).flatMap(([prefix, first]) =>
    Object.entries(NATIONALITIES).map(([forms, second]) => ({
      fr: `${prefix}-(?:${forms})`,
      en: `${first}-${second}`,
      prenominal: 2,
    })),
  ),
];

interface CompiledEntry {
  readonly pattern: RegExp;
  readonly entry: GlossaryEntry;
}

const COMPILED_GLOSSARY: readonly CompiledEntry[] = FR_EN_GLOSSARY.map((entry) => ({
  entry,
  pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${entry.fr})(?![\\p{L}\\p{N}])`, "gu"),
}));

export interface Placeholder {
  /** What replaces the placeholder in the English. */
  readonly english: string;
  readonly noArticle: boolean;
  /** Nouns English puts it before (a code: "the S-400 system"; see `GlossaryEntry`). */
  readonly prenominal: number;
}

export interface ProtectedText {
  readonly text: string;
  readonly placeholders: readonly Placeholder[];
}

/** Replaces codes, URLs and glossary terms by placeholders (see module comment). */
export function protectText(french: string): ProtectedText {
  const placeholders: Placeholder[] = [];
  const swap = (english: string, noArticle = false, prenominal = 0): string => {
    placeholders.push({ english, noArticle, prenominal });
    return placeholder(placeholders.length - 1);
  };
  let text = french.replace(/[\u00a0\u202f]/gu, " ");
  // One pass, so a placeholder is never matched again (and a literal "Zq5x" is a code).
  text = text.replace(VERBATIM, (m) =>
    FRENCH_ORDINAL.test(m) ? m : swap(m, false, MODEL_CODE_ONLY.test(m) ? 1 : 0),
  );
  for (const { pattern, entry } of COMPILED_GLOSSARY) {
    text = text.replace(pattern, () =>
      swap(entry.en, entry.noArticle ?? false, entry.prenominal ?? 0),
    );
  }
  return { text, placeholders };
}

/**
 * The English with placeholders restored and post-edits applied, or `undefined` when Apertium
 * lost or duplicated a placeholder (the caller then falls back to the unprotected text).
 */
export function restoreText(
  english: string,
  placeholders: readonly Placeholder[],
  french: string,
): string | undefined {
  const seen = new Array<number>(placeholders.length).fill(0);
  for (const match of english.matchAll(PLACEHOLDER)) {
    const index = Number(match[1]);
    if (index >= placeholders.length) return undefined;
    seen[index] = (seen[index] ?? 0) + 1;
  }
  if (seen.some((count) => count !== 1)) return undefined;

  // French puts codes and compound adjectives after the noun ("le système S-400"), English
  // before ("the S-400 system").
  let text = english.replace(
    /\b(the|The|a|A|an|An) ((?:\p{Ll}+ ){1,2})Zq(\d+)x(?![\p{L}\p{N}])/gu,
    (whole, article: string, nouns: string, index: string) => {
      const words = nouns.trim().split(" ");
      const limit = placeholders[Number(index)]?.prenominal ?? 0;
      return words.length <= limit ? `${article} Zq${index}x ${words.join(" ")}` : whole;
    },
  );
  text = text.replace(
    /(\b[Tt]he\s+)?Zq(\d+)x/g,
    (_whole, article: string | undefined, index: string) => {
      const { english: term, noArticle } = placeholders[Number(index)] as Placeholder;
      if (article === undefined || !noArticle) return (article ?? "") + term;
      // "The NATO" at a sentence start becomes "NATO": the capital moves to the term.
      return term;
    },
  );
  text = fixSentenceStartCapitals(text, french, placeholders);
  text = titlesBeforeNames(text);
  return englishTypography(text);
}

/** Titles Apertium renders "the president Putin"; English writes "President Putin". */
const TITLES: Record<string, string> = {
  president: "President",
  "prime minister": "Prime Minister",
  "Prime minister": "Prime Minister",
  chancellor: "Chancellor",
  king: "King",
  queen: "Queen",
  pope: "Pope",
};
const TITLE_BEFORE_NAME = new RegExp(
  `\\b[Tt]he ((?:\\p{Lu}\\p{Ll}+ )?)(${Object.keys(TITLES).join("|")}) (?=\\p{Lu})`,
  "gu",
);

function titlesBeforeNames(text: string): string {
  return text.replace(
    TITLE_BEFORE_NAME,
    (_whole, adjective: string, title: string) => `${adjective}${TITLES[title] ?? title} `,
  );
}

/** English punctuation and number conventions on Apertium's (French-typography) output. */
export function englishTypography(text: string): string {
  return text
    .replace(/[\u00a0\u202f]/gu, " ")
    .replace(/«\s*/gu, '"')
    .replace(/\s*»/gu, '"')
    .replace(/(\d),(\d)/gu, "$1.$2")
    .replace(/(\d{1,3})((?: \d{3})+)(?!\d)/gu, (_, head: string, groups: string) =>
      [head, ...groups.trim().split(" ")].join(","),
    )
    .replace(/(\d) %/gu, "$1%")
    .replace(/ +([:;!?])/gu, "$1")
    .replace(/ {2,}/gu, " ")
    .replace(/ +([,.])/gu, "$1")
    .trim();
}

const SENTENCE_START = /(?:^|[.!?…]\s+|["“«(]\s*)/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const isTitleCase = (word: string): boolean =>
  /^\p{Lu}/u.test(word) && /\p{Ll}/u.test(word.slice(1));

/**
 * Apertium capitalises the first word it translates in a sentence, even when a copied name
 * comes first: "Erdogan prévoit" → "Erdogan Foresees". After a sentence-initial run of words
 * copied from the French, a title-case word that is not in the French is lowercased when the
 * French has the last copied word followed by a lowercase word.
 */
function fixSentenceStartCapitals(
  english: string,
  french: string,
  placeholders: readonly Placeholder[],
): string {
  const frenchWords = new Set(french.match(WORD) ?? []);
  const copied = new Set([...frenchWords, ...placeholders.map((p) => p.english)]);
  const followedByLowercase = (word: string): boolean =>
    new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}[\\s,]+\\p{Ll}`, "u").test(french) ||
    // a restored term (Mr, NATO…): its French form is not in the text, judge by the English run
    placeholders.some((p) => p.english === word);

  let out = "";
  let cursor = 0;
  for (const start of english.matchAll(SENTENCE_START)) {
    const from = start.index + start[0].length;
    if (from < cursor) continue;
    const rest = english.slice(from);
    const words = [...rest.matchAll(WORD)].slice(0, 6);
    let k = 0;
    while (
      k < words.length &&
      copied.has(words[k]?.[0] ?? "") &&
      isTitleCase(words[k]?.[0] ?? "")
    ) {
      k += 1;
    }
    const last = words[k - 1]?.[0];
    const next = words[k];
    if (
      k === 0 ||
      last === undefined ||
      next === undefined ||
      !isTitleCase(next[0]) ||
      frenchWords.has(next[0]) ||
      !followedByLowercase(last)
    ) {
      continue;
    }
    // Only words directly separated by spaces form the run ("Erdogan Foresees", not "Erdogan, Foresees").
    const gap = rest.slice((words[k - 1]?.index ?? 0) + last.length, next.index);
    if (!/^\s+$/u.test(gap)) continue;
    const at = from + next.index;
    out += english.slice(cursor, at) + next[0].charAt(0).toLowerCase();
    cursor = at + 1;
  }
  return out + english.slice(cursor);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
