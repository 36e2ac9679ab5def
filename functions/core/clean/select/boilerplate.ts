import { BOILERPLATE_PATTERNS } from "./boilerplate-patterns.js";
import type { PhraseList } from "./boilerplate-phrases.js";
import { fold, words } from "./fold.js";

/** What a boilerplate phrase says about a block. */
export type BoilerplateMatch =
  | { readonly kind: "chrome" }
  | { readonly kind: "teaser"; readonly labelOnly: boolean }
  | { readonly kind: "end-of-article" }
  | { readonly kind: "byline"; readonly author: string | null }
  | { readonly kind: "dateline"; readonly published: string | null };

/**
 * A "Lire aussi : <headline>" block carries a headline of up to ~25 words; longer blocks that
 * start with a share or credit phrase are prose that happens to begin with the same words.
 */
const MAX_STARTS_WITH_WORDS = 40;

/** Copyright and credit notices are short; a long block quoting "©" is prose. */
const MAX_CONTAINS_WORDS = 15;

/**
 * A block that opens with a copyright sign or closes with the reservation formula is a notice
 * however it is punctuated ("© 2024 Le Dauphiné Express. Tous droits réservés."), up to
 * `MAX_CONTAINS_WORDS`; prose merely mentioning "©" neither starts nor ends that way.
 */
const COPYRIGHT_NOTICE =
  /^(?:©|\(c\)\s|copyright\b)|(?:tous droits reserves|droits reserves|all rights reserved)\W*$/u;

/** "Tous droits réservés.", "© AFP 2024." — notices that end with a full stop are this short. */
const MAX_SENTENCE_NOTICE_WORDS = 6;

/** "Par Jean Dupont et Marie Durand, envoyés spéciaux" fits; a sentence starting "Par…" does not. */
const MAX_BYLINE_WORDS = 10;

/** "Publié le 12 mars 2024 à 10h35, mis à jour le 13 mars 2024 à 08h02" is 15 words. */
const MAX_DATELINE_WORDS = 16;

/** "À découvrir également", "Les plus lus du jour", "À propos de l'auteur Jean Dupont". */
const MAX_END_MARKER_WORDS = 8;

interface CompiledList {
  readonly startsWith: RegExp;
  readonly teasers: RegExp;
  readonly contains: RegExp;
  readonly exact: ReadonlySet<string>;
  /** Several-word markers, matched as a prefix ("À propos de l'auteur Jean Dupont"). */
  readonly endOfArticle: RegExp;
  /**
   * One-word markers, matched as the whole label only: "Réactions" ends a page, "Réactions du
   * Kremlin" is a subheading.
   */
  readonly endOfArticleWords: ReadonlySet<string>;
  readonly byline: RegExp;
  readonly dateline: RegExp;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A one-word phrase ends where letters and digits stop ("pub" is not "publication")… */
const WORD_END = "(?![\\p{L}\\p{N}])";

/** …and a byline's "Par"/"By" is followed by a space or a colon ("Par-delà" is no byline). */
const BYLINE_WORD_END = "(?=[\\s:])";

/**
 * One alternation per list. A phrase of several words matches as a plain prefix (scrapers glue
 * labels together); a one-word phrase must be followed by a non-letter or the end. Longer phrases
 * come first so the longest label wins. The one-word phrases share one word-end lookahead at the
 * end: written after each of the 89 one-word phrases, V8 spent 3.4 ms building the patterns and
 * 4.3 ms on their first match; once per list, 0.7 and 2.0 ms. Grouping them last keeps "longest
 * first" because no other phrase is a prefix of a one-word phrase (a test checks the lists).
 */
export function phraseAlternation(
  phrases: readonly string[],
  anchored: boolean,
  wordEnd = WORD_END,
): RegExp {
  return new RegExp(phraseAlternationSource(phrases, anchored, wordEnd), "u");
}

/** The source of `phraseAlternation`'s pattern (flag `u`). */
export function phraseAlternationSource(
  phrases: readonly string[],
  anchored: boolean,
  wordEnd = WORD_END,
): string {
  const plain: string[] = [];
  const wholeWords: string[] = [];
  for (const phrase of phrases.map(fold).sort((a, b) => b.length - a.length)) {
    const escaped = phrase.replace(REGEX_SPECIAL, "\\$&");
    if (isWholeWordPhrase(phrase)) wholeWords.push(escaped);
    else plain.push(escaped);
  }
  if (wholeWords.length > 0) plain.push(`(?:${wholeWords.join("|")})${wordEnd}`);
  return `${anchored ? "^" : ""}(?:${plain.join("|")})`;
}

/** A folded phrase of one word ending in a letter: it must not match inside a longer word. */
export function isWholeWordPhrase(folded: string): boolean {
  return !/[\s:]/.test(folded) && /\p{L}$/u.test(folded);
}

function isSeveralWords(phrase: string): boolean {
  return /\s/.test(phrase.trim());
}

/** A phrase list folded and turned into pattern sources: what matching needs, as data. */
export interface BoilerplatePatterns {
  readonly startsWith: string;
  readonly teasers: string;
  readonly contains: string;
  readonly exact: readonly string[];
  readonly endOfArticle: string;
  readonly endOfArticleWords: readonly string[];
  readonly byline: string;
  readonly dateline: string;
}

/**
 * Folds a phrase list into its patterns. Run at build time: `boilerplate-patterns.ts` holds the
 * result for every list (`npm run boilerplate` writes it, a test fails when it disagrees with
 * the lists), so a cold start builds the regular expressions from their sources and does not
 * fold, sort and escape 438 phrases first (ADR 0007).
 */
export function patternsOf(list: PhraseList): BoilerplatePatterns {
  return {
    startsWith: phraseAlternationSource(list.startsWith, true),
    teasers: phraseAlternationSource(list.teasers, true),
    contains: phraseAlternationSource(list.contains, false),
    exact: list.exact.map(fold),
    endOfArticle: phraseAlternationSource(list.endOfArticle.filter(isSeveralWords), true),
    endOfArticleWords: list.endOfArticle.filter((phrase) => !isSeveralWords(phrase)).map(fold),
    byline: phraseAlternationSource(list.byline, true, BYLINE_WORD_END),
    dateline: phraseAlternationSource(list.dateline, true),
  };
}

function compile(patterns: BoilerplatePatterns): CompiledList {
  const pattern = (source: string) => new RegExp(source, "u");
  return {
    startsWith: pattern(patterns.startsWith),
    teasers: pattern(patterns.teasers),
    contains: pattern(patterns.contains),
    exact: new Set(patterns.exact),
    endOfArticle: pattern(patterns.endOfArticle),
    endOfArticleWords: new Set(patterns.endOfArticleWords),
    byline: pattern(patterns.byline),
    dateline: pattern(patterns.dateline),
  };
}

const COMPILED: readonly CompiledList[] = BOILERPLATE_PATTERNS.map(compile);

/** Arrows and bullets before a label: "» Lire aussi", "→ À découvrir", "▶ Vidéo". */
const LEADING_SYMBOLS = /^[\s»>→⟶▶►•·*|]+/u;

/** What separates a teaser label from its headline: "Lire aussi : …", "À lire | …", "Voir aussi >> …". */
const TEASER_GLUE = /^[\s:|>»\-–—]+/u;

/** Trailing punctuation a label may carry: "Partager :", "Menu ▾", "Lire la suite »". */
const LABEL_TRIM_CHAR = /[\s:;,.!?…»«"'()[\]|•·▾▸►>›\-–—]/u;

/**
 * `text` without its trailing label punctuation. A loop from the end, not `/[…]+$/`: that regex
 * retries from every position of a long punctuation run and is quadratic on lines like "!!!!…x".
 */
function trimLabel(text: string): string {
  let end = text.length;
  while (end > 0 && LABEL_TRIM_CHAR.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

/**
 * Where a byline stops: a date ("on 4 May", "on Friday December 19", "4 August 2010"), a
 * separator or a second clause.
 */
const BYLINE_END =
  /\s*(?:[|•·,;]|\s[-–—]\s|\b(?:publié|mis à jour|le \d|published|updated|on \d|on (?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b)|\s\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b).*$/iu;

const DIGIT = /\p{N}/u;

/** "12 commentaires", "(3) comments": a count before an end-of-article heading… */
const LEADING_COUNT = /^\(?\d+\)?\s*/u;

/** …or after it: "Commentaires (42)". */
const TRAILING_COUNT = /\s*\(?\d+\)?$/u;

/** Where the first date of a dateline stops: "12/03 à 10h, mis à jour le 13/03" → "12/03 à 10h". */
const DATELINE_END =
  /[\s,]*(?:[|•·]|\s[-–—]\s|\b(?:mis à jour|modifié|actualisé|updated|last updated)).*$/iu;

/** The name part of a byline: "Jean Dupont | Publié le 3 mars" → "Jean Dupont". */
export function bylineName(byline: string): string {
  return byline
    .replace(BYLINE_END, "")
    .replace(/^[\s:]+/, "")
    .trim();
}

export interface BoilerplateInput {
  readonly text: string;
  /** `fold(text)`, or of its first few thousand characters for a very long block. */
  readonly folded: string;
  readonly wordCount: number;
  /** The block ends like a sentence (see `features.ts`). */
  readonly endsSentence: boolean;
}

/**
 * Matches a block against the French and English phrase lists. Weak matches (a one-word prefix,
 * a phrase inside the block) only count for blocks that do not read as a sentence, so that
 * "Publicité mensongère : l'entreprise condamnée." stays.
 */
export function matchBoilerplate(block: BoilerplateInput): BoilerplateMatch | undefined {
  const folded = block.folded.replace(LEADING_SYMBOLS, "");
  const label = trimLabel(folded);
  for (const list of COMPILED) {
    if (list.exact.has(label)) return { kind: "chrome" };
  }
  for (const list of COMPILED) {
    if (block.wordCount <= MAX_END_MARKER_WORDS && !block.endsSentence) {
      const marker = folded.replace(LEADING_COUNT, "");
      const word = trimLabel(marker).replace(TRAILING_COUNT, "");
      const markerWords = list.endOfArticleWords;
      if (markerWords.has(word) || markerWords.has(marker) || list.endOfArticle.test(marker)) {
        return { kind: "end-of-article" };
      }
    }
    if (block.wordCount <= MAX_BYLINE_WORDS + MAX_DATELINE_WORDS && !block.endsSentence) {
      const byline = list.byline.exec(folded);
      if (byline) {
        const rest = block.text.slice(originalOffset(block.text, byline[0].length));
        const author = rest
          .replace(BYLINE_END, "")
          .replace(/^[\s:]+/, "")
          .trim();
        // "Par X, publié le …": a long block is a byline only when a date follows the name.
        const named = words(author).length < MAX_BYLINE_WORDS;
        if (named && (block.wordCount <= MAX_BYLINE_WORDS || author.length < rest.trim().length)) {
          return { kind: "byline", author: author.length > 0 ? author : null };
        }
      }
    }
    if (block.wordCount <= MAX_DATELINE_WORDS && !block.endsSentence) {
      const dateline = list.dateline.exec(folded);
      if (dateline) {
        const rest = block.text
          .slice(originalOffset(block.text, dateline[0].length))
          .replace(DATELINE_END, "")
          .replace(/^[\s:]+/, "")
          .trim();
        const published = DIGIT.test(rest) ? rest : null;
        // A one-word phrase ("Publié", "Published") needs a date after it.
        if (published !== null || !isWeak(dateline[0])) return { kind: "dateline", published };
      }
    }
    const teaser = list.teasers.exec(folded);
    if (teaser && block.wordCount <= MAX_STARTS_WITH_WORDS) {
      if (!isWeak(teaser[0]) || !block.endsSentence) {
        const rest = trimLabel(folded.slice(teaser[0].length)).replace(TEASER_GLUE, "");
        return { kind: "teaser", labelOnly: rest.length === 0 };
      }
    }
    const match = list.startsWith.exec(folded);
    if (match && block.wordCount <= MAX_STARTS_WITH_WORDS) {
      if (!isWeak(match[0]) || !block.endsSentence) return { kind: "chrome" };
    }
    const notice =
      !block.endsSentence ||
      block.wordCount <= MAX_SENTENCE_NOTICE_WORDS ||
      COPYRIGHT_NOTICE.test(folded);
    if (notice && block.wordCount <= MAX_CONTAINS_WORDS && list.contains.test(folded)) {
      return { kind: "chrome" };
    }
  }
  return undefined;
}

/** A one-word phrase ("publicité") is weak evidence; "lire aussi", "source :" are strong. */
function isWeak(phrase: string): boolean {
  return !/[^\p{L}\p{N}'-]/u.test(phrase);
}

/**
 * The offset in `text` after the first `foldedLength` characters of `fold(text)`. Folding drops
 * accents and collapses spaces, so offsets are recovered by folding growing prefixes; bylines
 * and datelines are short, so the scan is cheap.
 */
function originalOffset(text: string, foldedLength: number): number {
  for (let end = foldedLength; end <= text.length; end++) {
    if (fold(text.slice(0, end)).length >= foldedLength) return end;
  }
  return text.length;
}
