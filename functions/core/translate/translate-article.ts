import type { TranslateUsage } from "../document.js";
import { asError, InputError } from "../errors.js";
import type { LanguagePair, Translator } from "../ports.js";
import { characterCount } from "../text/measure.js";
import { glossaryIdentity } from "./glossary.js";
import {
  readCache,
  type TranslationCache,
  translationCacheKey,
  typesetTranslation,
} from "./translation-cache.js";

export interface TranslateArticleInput {
  readonly title: string | null;
  readonly paragraphs: readonly string[];
}

export interface TranslateArticleDeps {
  readonly translator: Translator;
  readonly cache?: TranslationCache | undefined;
  /**
   * Told about a cache write that failed. The translation is already paid for and returned,
   * so a failed write costs a future re-translation, not this article.
   */
  readonly onCacheError?: ((error: Error) => void) | undefined;
}

export interface TranslatedArticle {
  readonly title: string | null;
  /** `paragraphs[i]` translates the input's `paragraphs[i]`. */
  readonly paragraphs: string[];
  readonly usage: TranslateUsage;
}

const isBlank = (text: string): boolean => text.trim() === "";

/**
 * Translates an article's title and paragraphs in one translator call (title first), asking the
 * engine only for what the cache does not already hold.
 *
 * 1. key every text by (engine, pair, normalised text);
 * 2. read the cache for every distinct key;
 * 3. send the misses, each distinct text once, in article order;
 * 4. store the new translations, then rebuild title and paragraphs in input order.
 */
export async function translateArticle(
  article: TranslateArticleInput,
  deps: TranslateArticleDeps,
  pair: LanguagePair,
): Promise<TranslatedArticle> {
  const { translator, cache } = deps;
  const texts =
    article.title === null ? [...article.paragraphs] : [article.title, ...article.paragraphs];

  // 1. Keys.
  const context = { glossary: translator.glossary, options: translator.options };
  const keys = texts.map((text) => translationCacheKey(translator.engine, pair, text, context));

  // 2. Cache reads, one per distinct key.
  const known = new Map<string, string>();
  if (cache) {
    const distinct = [...new Set(keys.filter((_, i) => !isBlank(texts[i] ?? "")))];
    const values = await readCache(cache, distinct);
    distinct.forEach((key, i) => {
      const value = values[i];
      if (value !== undefined) known.set(key, value);
    });
  }

  // 3. Misses, each distinct text once.
  const missKeys: string[] = [];
  const missTexts: string[] = [];
  texts.forEach((text, i) => {
    const key = keys[i] as string;
    if (isBlank(text) || known.has(key) || missKeys.includes(key)) return;
    missKeys.push(key);
    missTexts.push(text);
  });

  let billedCharacters = 0;
  let requests = 0;
  if (missTexts.length > 0) {
    const output = await translator.translate(missTexts, pair);
    if (output.paragraphs.length !== missTexts.length) {
      throw new InputError(
        "TRANSLATION_FAILED",
        `${translator.engine} returned ${output.paragraphs.length} paragraphs for ${missTexts.length}`,
      );
    }
    billedCharacters = output.billedCharacters;
    requests = output.requests;
    missKeys.forEach((key, i) => {
      known.set(key, output.paragraphs[i] ?? "");
    });

    // 4a. Cache writes: best effort, reported, never failing the article.
    if (cache) {
      const writes = await Promise.allSettled(
        missKeys.map((key, i) => cache.put(key, output.paragraphs[i] ?? "")),
      );
      for (const write of writes) {
        if (write.status === "rejected") deps.onCacheError?.(asError(write.reason));
      }
    }
  }

  // 4b. Rebuild in input order; whatever was not sent this time came from the cache.
  const sent = new Set<string>();
  let cachedCharacters = 0;
  const english = texts.map((text, i) => {
    const key = keys[i] as string;
    if (isBlank(text)) return "";
    const firstSend = missKeys.includes(key) && !sent.has(key);
    if (firstSend) sent.add(key);
    else cachedCharacters += characterCount(text);
    return typesetTranslation(known.get(key) ?? "", pair.target);
  });

  const title = article.title === null ? null : (english[0] ?? "");
  const paragraphs = article.title === null ? english : english.slice(1);
  return {
    title,
    paragraphs,
    usage: {
      engine: translator.engine,
      billedCharacters,
      cachedCharacters,
      requests,
      ...translationProfile(translator),
    },
  };
}

/** The glossary and options a translator applies, as `usage.translate` records them. */
export function translationProfile(
  translator: Translator,
): Pick<TranslateUsage, "glossary" | "options"> {
  const options = Object.fromEntries(
    Object.entries(translator.options ?? {}).filter(([, value]) => value !== undefined),
  );
  return {
    ...(translator.glossary === undefined
      ? {}
      : { glossary: glossaryIdentity(translator.glossary) }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
  };
}
