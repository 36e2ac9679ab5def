/**
 * Pre- and post-editing around Apertium fr→es→en, written against what the raw pipe gets wrong
 * on French news (see /work/shared/docs/apertium.md and docs/adr/0004-translation.md):
 *
 * - Model names and codes are mangled ("le chasseur Su-57" → "the Known hunter-57"), and so
 *   are URLs and @handles: they become placeholders (`Zq<n>x`), which both pairs copy through
 *   unchanged (checked by test in every position: sentence start, after articles, in quotes).
 * - Glossary terms (the user's glossary, then the built-in one, `data/fr-en-news.csv`: OTAN,
 *   PDG, Émirats arabes unis, exonyms, "mi-décembre", "M. Peskov") and compound nationality
 *   adjectives ("russo-turc") become placeholders restored to their English
 *   (`apertium-glossary.ts` says which French inflections a term matches).
 * - Output typography follows English: « » → "", no space before : ; ! ?, 3,5 → 3.5,
 *   12 000 → 12,000, 5 % → 5%.
 * - A word Apertium capitalised after a name at the start of a sentence ("Erdogan Foresees")
 *   is lowercased when the French word after that name was lowercase.
 * - Tenses English news does not use the French way are rewritten in the French first
 *   (`rewriteTenses`): passé composé of -er verbs → passé simple ("a déclaré" → "déclara", which
 *   Apertium renders "declared", not "has declared"), futur proche → futur ("va continuer" →
 *   "continuera": "will continue", not "goes to continue").
 */

import {
  builtinGlossary,
  type CompiledTerm,
  compileGlossary,
  matchedPlural,
} from "./apertium-glossary.js";

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
/**
 * Hyphenated place names with a lowercase link between capitalised parts (Aix-en-Provence,
 * Entre-deux-Mers, Boulogne-sur-Mer, Saint-Jean-de-Luz), or starting with Saint/Sainte
 * (Saint-Estèphe, Sainte-Foy): English keeps them as written, the pivots translate them word by
 * word ("Go in-two-Seas", "*Aix-in-*Provence", Catalan "Sant Estèphe"). Names without a
 * lowercase link (États-Unis, Royaume-Uni) are left to Apertium, which knows them.
 */
const HYPHENATED_PLACE =
  /(?<![\p{L}\p{N}‐-])(?:\p{Lu}\p{L}*(?:[‐-]\p{L}+)*?[‐-]\p{Ll}+[‐-](?:\p{Ll}+[‐-])*|Saint[‐-]|Sainte[‐-])\p{Lu}\p{L}*(?:[‐-]\p{L}+)*(?![\p{L}\p{N}])/gu;
/** Everything copied verbatim into the English, longest kinds first. */
const VERBATIM = new RegExp(
  [URL, EMAIL, HANDLE_OR_TAG, HYPHENATED_PLACE, MODEL_CODE]
    .map((pattern) => pattern.source)
    .join("|"),
  "gu",
);

/** A rule that turns a French pattern into a placeholder (compound nationality adjectives). */
interface NationalityRule {
  /** French form, matched as a whole word (a regular expression source). */
  readonly fr: string;
  readonly en: string;
  /**
   * Words of the noun phrase English puts it before: French says "la coopération militaire
   * russo-turque", English "the Russian-Turkish military cooperation".
   */
  readonly prenominal: number;
}

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
 * Compound nationality adjectives ("russo-turque" → "Russian-Turkish"), generated from the two
 * tables above: a grammar rule, not vocabulary. Vocabulary (institutions, titles, exonyms) is
 * the built-in glossary `data/fr-en-news.csv`, in the same format as a user's glossary.
 */
const COMPOUND_NATIONALITIES: readonly NationalityRule[] = Object.entries(
  COMPOUND_PREFIXES,
).flatMap(([prefix, first]) =>
  Object.entries(NATIONALITIES).map(([forms, second]) => ({
    fr: `${prefix}-(?:${forms})`,
    en: `${first}-${second}`,
    prenominal: 2,
  })),
);

const COMPILED_NATIONALITIES = COMPOUND_NATIONALITIES.map((rule) => ({
  rule,
  pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${rule.fr})(?![\\p{L}\\p{N}])`, "gu"),
}));

/** The built-in glossary, compiled once: the terms `protectText` uses when given none. */
export const BUILTIN_TERMS: readonly CompiledTerm[] = compileGlossary(builtinGlossary());

/** Private-use brackets: a glossary term's mark until the code pass has run (it has digits). */
const TERM_OPEN = "\uE000";
const TERM_CLOSE = "\uE001";
const TERM_MARK = /\uE000(\d+)\uE001/gu;

export interface Placeholder {
  /** What replaces the placeholder in the English. */
  readonly english: string;
  readonly noArticle: boolean;
  /** Nouns English puts it before (a code: "the S-400 system"; see `GlossaryEntry`). */
  readonly prenominal: number;
  readonly nationalityFirst: boolean;
}

export interface ProtectedText {
  readonly text: string;
  readonly placeholders: readonly Placeholder[];
}

/**
 * Passé simple of irregular participles, third person singular and plural, for the forms
 * Apertium reads unambiguously ("vit" would read as vivre, "dit" as the present: singular left
 * out for those). Checked on the installed fr-es pair.
 */
const IRREGULAR_PASSE_SIMPLE: Record<string, readonly [string | undefined, string]> = {
  fait: ["fit", "firent"],
  pris: ["prit", "prirent"],
  mis: ["mit", "mirent"],
  reçu: ["reçut", "reçurent"],
  obtenu: ["obtint", "obtinrent"],
  tenu: ["tint", "tinrent"],
  soutenu: ["soutint", "soutinrent"],
  répondu: ["répondit", "répondirent"],
  écrit: ["écrivit", "écrivirent"],
  pu: ["put", "purent"],
  voulu: ["voulut", "voulurent"],
  dit: [undefined, "dirent"],
  vu: [undefined, "virent"],
  conclu: [undefined, "conclurent"],
};

/** Adverbs that may stand between the auxiliary and the participle ("a également annoncé"). */
const ADVERB =
  "(?:également|aussi|déjà|ensuite|alors|notamment|récemment|enfin|finalement|encore|toujours|bien|longtemps)";

/**
 * Third person "a déclaré", "ont signé", "a-t-il ajouté", "a également annoncé": avoir + the
 * past participle of an -er verb (ending in é, agreement allowed) or a listed irregular one.
 * "été" (être) is not one; "l'a" / "m'a" carry an object pronoun the rewrite would lose, and
 * first and second persons ("nous avons confirmé", mostly in quotes) keep their perfect.
 */
const PASSE_COMPOSE = new RegExp(
  `(?<![\\p{L}'’])(a|ont)(-t-(?:il|elle|on|ils|elles))?((?: ${ADVERB})?) (?!été(?![\\p{L}]))((?:\\p{Ll}+é(?:e|s|es)?)|${Object.keys(IRREGULAR_PASSE_SIMPLE).join("|")})(?![\\p{L}\\p{N}-])`,
  "gu",
);

function passeSimple(auxiliary: string, participle: string): string | undefined {
  const plural = auxiliary === "ont";
  const irregular = IRREGULAR_PASSE_SIMPLE[participle];
  if (irregular) return plural ? irregular[1] : irregular[0];
  const stem = participle.replace(/é(?:e|s|es)?$/u, "");
  // Spelling before a: lanc- → lanç-, mang- → mange-.
  return plural ? `${stem}èrent` : `${stem.replace(/c$/u, "ç").replace(/g$/u, "ge")}a`;
}

/** Infinitives whose future/conditional stem is irregular. */
const IRREGULAR_STEMS: Record<string, string> = {
  être: "ser",
  avoir: "aur",
  aller: "ir",
  faire: "fer",
  venir: "viendr",
  devenir: "deviendr",
  revenir: "reviendr",
  tenir: "tiendr",
  obtenir: "obtiendr",
  maintenir: "maintiendr",
  pouvoir: "pourr",
  voir: "verr",
  revoir: "reverr",
  devoir: "devr",
  savoir: "saur",
  vouloir: "voudr",
  falloir: "faudr",
  recevoir: "recevr",
  envoyer: "enverr",
  mourir: "mourr",
  courir: "courr",
  acquérir: "acquerr",
  appeler: "appeller",
  jeter: "jetter",
  acheter: "achèter",
  mener: "mèner",
  lever: "lèver",
};

/** "va continuer", "vont se rendre", "allait utiliser": aller + an infinitive (clitics allowed). */
const FUTUR_PROCHE =
  /(?<![\p{L}'’])(va|vont|allait|allaient) ((?:(?:se|s'|me|m'|te|t'|nous|vous|le|la|les|l'|lui|leur|y|en) )*)(\p{Ll}+(?:er|ir|re|oir))(?![\p{L}\p{N}-])/gu;
const FUTURE_ENDINGS: Record<string, string> = {
  va: "a",
  vont: "ont",
  allait: "ait",
  allaient: "aient",
};

/** Rewrites French tenses Apertium renders un-English (see module comment). */
export function rewriteTenses(french: string): string {
  return french
    .replace(
      PASSE_COMPOSE,
      (
        whole,
        auxiliary: string,
        inversion: string | undefined,
        adverb: string,
        participle: string,
      ) => {
        const verb = passeSimple(auxiliary, participle);
        return verb === undefined ? whole : `${verb}${inversion ?? ""}${adverb}`;
      },
    )
    .replace(FUTUR_PROCHE, (_whole, aller: string, clitics: string, infinitive: string) => {
      const stem = IRREGULAR_STEMS[infinitive] ?? infinitive.replace(/e$/u, "");
      const ending = FUTURE_ENDINGS[aller] ?? "a";
      return `${clitics}${stem}${ending}`;
    });
}

const LEUR = /(?<![\p{L}'’])[Ll]eurs?(?![\p{L}])/gu;
/** Before "leur", these make it the pronoun ("je leur ai dit", "ne leur donne"). */
const PRONOUN_BEFORE =
  /(?:^|[^\p{L}])(?:je|j['’]|tu|il|elle|on|nous|vous|ils|elles|ne|n['’]|me|m['’]|te|t['’]|se|s['’]|le|la|les|lui|y|en)\s*$/iu;
/** After "leur", a verb form makes it the pronoun ("leur a permis", "pour leur donner"). */
const VERB_AFTER =
  /^\s+(?:a|ont|ai|avait|avaient|aura|auront|est|sont|était|fut|sera|fait|font|faut|dit|disent|donne|donnent|permet|permettent|demande|demandent|\p{Ll}+(?:er|ir|re|oir|era|eront|ait|aient))(?![\p{L}])/u;

/**
 * "leur"/"leurs" as a possessive determiner. Spanish "su" reaches English as "his" whoever
 * owns; "leurs" is always "their", "leur" too unless a pronoun or a verb says it is "them".
 */
function isPossessiveLeur(text: string, at: number, word: string): boolean {
  if (word.toLowerCase() === "leurs") return true;
  return !PRONOUN_BEFORE.test(text.slice(0, at)) && !VERB_AFTER.test(text.slice(at + word.length));
}

/**
 * Replaces glossary terms, codes and URLs by placeholders (see module comment). `terms`: the
 * user's glossary compiled, then the built-in one (the first to match a span wins).
 */
export function protectText(
  french: string,
  terms: readonly CompiledTerm[] = BUILTIN_TERMS,
): ProtectedText {
  const placeholders: Placeholder[] = [];
  const swap = (english: string, options: Partial<Omit<Placeholder, "english">> = {}): string => {
    placeholders.push({
      english,
      noArticle: options.noArticle ?? false,
      prenominal: options.prenominal ?? 0,
      nationalityFirst: options.nationalityFirst ?? false,
    });
    return placeholder(placeholders.length - 1);
  };
  let text = french.replace(/[\u00a0\u202f]/gu, " ");
  // Glossary terms first, as written ("Bayraktar TB2" before "TB2" is seen as a code), marked
  // with characters no later pass matches.
  for (const term of terms) {
    text = text.replace(term.pattern, (...args: unknown[]) => {
      // (match, group 1, …, group n, offset, whole text): no named groups in these patterns.
      const groups = args.slice(0, -2) as string[];
      swap(term.english(groups, matchedPlural(groups)), {
        noArticle: term.hasArticle,
        nationalityFirst: term.commonNoun,
      });
      const mark = `${TERM_OPEN}${placeholders.length - 1}${TERM_CLOSE}`;
      const preposition = term.preposition(groups);
      return preposition === "" ? mark : `${preposition} ${mark}`;
    });
  }
  text = rewriteTenses(text);
  // One pass, so a placeholder is never matched again (and a literal "Zq5x" is a code).
  text = text.replace(VERBATIM, (m) => {
    if (FRENCH_ORDINAL.test(m)) return m;
    const code = MODEL_CODE_ONLY.test(m);
    return swap(m, { prenominal: code ? 1 : 0, nationalityFirst: code });
  });
  text = text.replace(TERM_MARK, (_whole, index: string) => placeholder(Number(index)));
  for (const { pattern, rule } of COMPILED_NATIONALITIES) {
    text = text.replace(pattern, () => swap(rule.en, { prenominal: rule.prenominal }));
  }
  text = text.replace(LEUR, (word: string, at: number, whole: string) =>
    isPossessiveLeur(whole, at, word) ? swap(word.startsWith("L") ? "Their" : "their") : word,
  );
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
  // "the S-400 Russian(s)" → "the Russian S-400"; "his counterpart Turkish" → "his Turkish counterpart".
  text = text.replace(NOUN_NATIONALITY, (whole, index: string, nationality: string) =>
    placeholders[Number(index)]?.nationalityFirst
      ? `${NATIONALITY_ADJECTIVE[nationality] ?? nationality} Zq${index}x`
      : whole,
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

/** English nationality words Apertium writes after a noun, as the adjective English puts before it. */
const NATIONALITY_ADJECTIVE: Record<string, string> = Object.fromEntries(
  Object.values(NATIONALITIES).flatMap((adjective) => [
    [adjective, adjective],
    [`${adjective}s`, adjective],
  ]),
);
NATIONALITY_ADJECTIVE.Turks = "Turkish";
const NOUN_NATIONALITY = new RegExp(
  `Zq(\\d+)x (${Object.keys(NATIONALITY_ADJECTIVE).join("|")})(?![\\p{L}])`,
  "gu",
);

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
    .replace(/(?<![\d.,])(\d{1,3})((?: \d{3})+)(?!\d)/gu, (_, head: string, groups: string) =>
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
