import { TRANSLATION_CACHE_PREFIX } from "../keys.js";
import type { ArticleStore, LanguagePair, TranslationOptions } from "../ports.js";
import { sha256Hex } from "../sha256.js";
import { type Glossary, glossaryEntriesIn } from "./glossary.js";

/**
 * Paragraph-level translation memory. A paragraph translated once by an engine is never sent
 * to that engine again: re-processing an article, or another outlet's copy of the same wire
 * story, bills only the paragraphs that differ.
 */
export interface TranslationCache {
  /** Resolves `undefined` when the key has never been stored. */
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  /**
   * All of one article's lookups at once, answers in key order. Optional: a cache that orders
   * articles (the local pipeline's, see functions/cli/ordered-translation-cache.ts) needs to see
   * an article's lookups as one step; the others are asked key by key.
   */
  getMany?(keys: readonly string[]): Promise<(string | undefined)[]>;
}

/** One article's cache reads: through `getMany` when the cache has it, else key by key. */
export function readCache(
  cache: TranslationCache,
  keys: readonly string[],
): Promise<(string | undefined)[]> {
  return cache.getMany ? cache.getMany(keys) : Promise.all(keys.map((key) => cache.get(key)));
}

export { TRANSLATION_CACHE_PREFIX };

/** Bump when the normalisation or the value format changes: old entries are then ignored. */
const CACHE_KEY_VERSION = "1";

/** Apostrophe look-alikes French typesetting uses interchangeably (’ in one outlet, ' in another). */
const APOSTROPHES = /[’‘ʼ`´]/gu;

/** Double quotation marks and what closes each: French guillemets, English curly, straight. */
const QUOTE_CLOSER: Readonly<Record<string, string>> = { "«": "»", "“": "”", '"': '"' };
/** Whitespace French typography puts inside guillemets (plain, no-break, narrow no-break). */
const SPACE = /\s/u;

/**
 * One style of quotation marks, by nesting level: `"` around a quotation, `'` around one quoted
 * inside it (English usage), and no space just inside the marks (French puts a no-break space
 * inside « »). « Non », “Non” and "Non" are then the same text. A closing mark with no opening
 * one before it (a quotation carried over from the previous paragraph) is kept as it is.
 */
export function foldQuotes(text: string): string {
  const open: string[] = [];
  let out = "";
  let justOpened = false;
  for (const char of text) {
    const top = open.at(-1);
    if (top !== undefined && char === QUOTE_CLOSER[top]) {
      open.pop();
      out = `${out.trimEnd()}${open.length === 0 ? '"' : "'"}`;
      justOpened = false;
    } else if (char in QUOTE_CLOSER) {
      out += open.length === 0 ? '"' : "'";
      open.push(char);
      justOpened = true;
    } else if (!(justOpened && SPACE.test(char))) {
      out += char;
      justOpened = false;
    }
  }
  return out;
}

/**
 * The text the cache compares: Unicode NFC, one apostrophe, one style of quotation marks
 * (`foldQuotes`), whitespace runs (incl. the no-break spaces of French typography) as one space,
 * trimmed. None of these change what a translation engine understands, so equal normal forms may
 * share one translation; `typesetTranslation` makes the shared English the same for each variant.
 */
export function normaliseParagraph(paragraph: string): string {
  return foldQuotes(paragraph.normalize("NFC").replace(APOSTROPHES, "'"))
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * A translation as the document gets it, fresh or from the cache: in English, quotation marks in
 * English style (`foldQuotes`). Paragraphs that differ only in their quotation marks share a
 * cache entry, and an engine keeps the marks it is given (Apertium turns « Non » into « No »), so
 * without this the English would carry whichever variant happened to be translated first.
 * (Apostrophes, also folded in the key, are left as the engine wrote them: ’ and ' are both
 * English, and French elisions rarely survive translation.)
 */
export function typesetTranslation(text: string, target: string): string {
  return target === "en" ? foldQuotes(text) : text;
}

/** What else than the text decides a translation: the glossary and the service options. */
export interface TranslationContext {
  readonly glossary?: Glossary | undefined;
  readonly options?: TranslationOptions | undefined;
}

/**
 * sha256 (hex) of the engine, the language pair, the normalised paragraph, the service options
 * and the glossary entries that occur in the paragraph. Only those entries: a new glossary, or
 * an edited term, re-translates the paragraphs it can change and nothing else; a paragraph
 * without any glossary term keeps the key it has without a glossary.
 */
export function translationCacheKey(
  engine: string,
  pair: LanguagePair,
  paragraph: string,
  context: TranslationContext = {},
): string {
  const normal = normaliseParagraph(paragraph);
  const terms =
    context.glossary === undefined
      ? []
      : glossaryEntriesIn(context.glossary, normal).map((e) => [e.source, e.target]);
  const options = Object.entries(context.options ?? {})
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  // JSON of an array: unambiguous field boundaries whatever the paragraph contains. The
  // version-1 layout is kept when there are no options and no terms (existing caches stay valid).
  const identity = JSON.stringify([
    CACHE_KEY_VERSION,
    engine,
    pair.source,
    pair.target,
    normal,
    ...(options.length > 0 || terms.length > 0 ? [options, terms] : []),
  ]);
  return sha256Hex(identity);
}

/** A cache stored as one plain-text object per paragraph under `prefix` in the article store. */
export function storeTranslationCache(
  store: ArticleStore,
  prefix: string = TRANSLATION_CACHE_PREFIX,
): TranslationCache {
  const decoder = new TextDecoder("utf-8");
  return {
    async get(key) {
      const object = await store.get(`${prefix}${key}`);
      return object === undefined ? undefined : decoder.decode(object.bytes);
    },
    async put(key, value) {
      await store.put(`${prefix}${key}`, value, { contentType: "text/plain; charset=utf-8" });
    },
  };
}
