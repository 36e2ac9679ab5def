/**
 * A glossary (Amazon Translate's CSV/TMX format, `functions/core/translate/glossary.ts`) applied
 * to Apertium: each French term found in a paragraph becomes a placeholder that both pivots copy
 * through, restored to the glossary's English afterwards. Amazon Translate matches source terms
 * exactly; French inflects, so here a term also matches:
 *
 * - its plural, word by word: "trottinette" finds "trottinettes" (→ "scooters"), "cheval"
 *   finds "chevaux", "bateau" finds "bateaux"; the English gets a regular plural unless the
 *   target is a name (capitalised) or the glossary lists the plural form itself;
 * - its article's elided and contracted forms: "le Kremlin" finds "du Kremlin" and "au Kremlin"
 *   (the preposition stays French: "de"/"à" + placeholder, which Apertium translates), "la"/"le"
 *   find "l'" before a vowel, and any apostrophe (' or ’) matches the other;
 * - a capital at the start of a sentence ("Trottinettes électriques…" → "Scooters…").
 * Names (capitalised words) and codes match as written.
 */
import { readFileSync } from "node:fs";
import { type Glossary, parseGlossary } from "../../core/translate/glossary.js";

export interface CompiledTerm {
  readonly pattern: RegExp;
  /** The English for one match. */
  readonly english: (match: RegExpExecArray | string[], plural: boolean) => string;
  /** French preposition left in front of the placeholder ("du" → "de"), from a contraction. */
  readonly preposition: (match: RegExpExecArray | string[]) => string;
  /** The source carried its article, so the target carries the English one (or none). */
  readonly hasArticle: boolean;
  /** Common noun (lowercase target): a nationality adjective after it moves before it. */
  readonly commonNoun: boolean;
  readonly source: string;
}

const VOWEL_START = /^[aeiouyhàâäéèêëîïôöûüœæ]/iu;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One word of a term as a pattern: apostrophes and hyphens loose, plural optional. */
function wordPattern(word: string, first: boolean): { source: string; inflects: boolean } {
  const parts = word.split(/(['’]|[-‐‑])/u);
  const literal = parts
    .map((part) =>
      part === "'" || part === "’" ? "['’]" : /^[-‐‑]$/u.test(part) ? "[-‐‑]" : escapeRegExp(part),
    )
    .join("");
  const lowercase = /^\p{Ll}[\p{Ll}'’-]*$/u.test(word);
  let head = literal;
  if (first && lowercase) {
    const c = word.charAt(0);
    head = `[${c}${c.toUpperCase()}]${literal.slice(escapeRegExp(c).length)}`;
  }
  // Plurals only for lowercase words of three letters or more that are not already plural.
  if (!lowercase || word.length < 3 || /[sxz]$/u.test(word))
    return { source: head, inflects: false };
  if (/al$/u.test(word)) return { source: `${head.slice(0, -2)}(?:al|(aux))`, inflects: true };
  if (/(?:eau|au|eu)$/u.test(word)) return { source: `${head}(x)?`, inflects: true };
  return { source: `${head}(s)?`, inflects: true };
}

/** Regular English plural of the last word ("scooter" → "scooters", "policy" → "policies"). */
export function englishPlural(target: string): string {
  const match = /(\p{Ll}+)$/u.exec(target);
  if (match === null || /^\p{Lu}/u.test(target.split(/[\s-]/u).at(-1) ?? "")) return target;
  const word = match[1] as string;
  const plural = /[^aeiou]y$/u.test(word)
    ? `${word.slice(0, -1)}ies`
    : /(?:s|x|z|ch|sh)$/u.test(word)
      ? `${word}es`
      : `${word}s`;
  return target.slice(0, match.index) + plural;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Compiles a glossary's entries, longest source first (a longer term wins over its parts). */
export function compileGlossary(glossary: Glossary): CompiledTerm[] {
  const sources = new Set(glossary.entries.map((e) => e.source));
  return [...glossary.entries]
    .sort((a, b) => b.source.length - a.source.length)
    .map(({ source, target }) => {
      const article = /^(?:(le|la|les)\s+|(l)['’])(.+)$/iu.exec(source);
      const rest = article ? (article[3] as string) : source;
      const words = rest.split(/\s+/u);
      const compiled = words.map((word, i) => wordPattern(word, i === 0 && !article));
      // The glossary lists the plural itself: that entry, not an inflection, decides.
      const pluralListed =
        words.length === 1 && [`${rest}s`, `${rest}x`].some((p) => sources.has(p));
      const body = compiled
        .map((w) => (pluralListed ? w.source.replace(/\((?:s|x)\)\?$/u, "") : w.source))
        .join("[\\s\\u00a0\\u202f]+");
      // Group 1 is always the contraction (empty when there is none), group 2 the term.
      let prefix = "()";
      if (article) {
        const kind = (article[1] ?? article[2] ?? "").toLowerCase();
        const elided = VOWEL_START.test(rest) ? "|[Ll]['’]" : "";
        prefix =
          kind === "le"
            ? `(?:[Ll]e\\s+${elided}|([Dd]u|[Aa]u)\\s+)`
            : kind === "les"
              ? `(?:[Ll]es\\s+|([Aa]ux)\\s+)`
              : kind === "la"
                ? `(?:[Ll]a\\s+${elided})()`
                : "[Ll]['’]()";
      }
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${prefix}(${body})(?![\\p{L}\\p{N}])`, "gu");
      const hasArticle = article !== null;
      return {
        source,
        pattern,
        hasArticle,
        commonNoun: /^\p{Ll}/u.test(target),
        preposition: (match) => {
          const contraction = match[1] ?? "";
          if (contraction === "") return "";
          const lower = contraction.toLowerCase();
          const french = lower === "du" ? "de" : "à";
          return /^\p{Lu}/u.test(contraction) ? capitalise(french) : french;
        },
        english: (match, plural) => {
          const whole = match[0] ?? "";
          let english = plural && !pluralListed ? englishPlural(target) : target;
          // A lowercase term at the head of a sentence, or an article written with a capital.
          if (/^\p{Lu}/u.test(whole) && /^\p{Ll}/u.test(source)) english = capitalise(english);
          return english;
        },
      };
    });
}

/** True when a match used a plural ending (the capture groups of `wordPattern`). */
export function matchedPlural(match: RegExpExecArray | string[]): boolean {
  // Group 1 is the contraction, group 2 the term, the groups after it the plural endings.
  for (let i = 3; i < match.length; i += 1) if (match[i] !== undefined) return true;
  return false;
}

/** The built-in news glossary: `data/fr-en-news.csv`, read and checked like a user's file. */
export const BUILTIN_GLOSSARY_FILE = new URL("./data/fr-en-news.csv", import.meta.url);

let builtin: Glossary | undefined;
export function builtinGlossary(): Glossary {
  builtin ??= parseGlossary(readFileSync(BUILTIN_GLOSSARY_FILE, "utf8"), {
    file: "fr-en-news.csv",
    sourceLanguage: "fr",
    targetLanguage: "en",
  });
  return builtin;
}
