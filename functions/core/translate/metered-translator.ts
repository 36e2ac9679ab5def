import type { LanguagePair, TranslationOutput, Translator } from "../ports.js";
import { characterCount } from "../text/measure.js";
import { AMAZON_TRANSLATE_ENGINE, amazonTranslateRequests } from "./amazon-requests.js";
import { assembleParagraphs } from "./chunk.js";
import type { Glossary } from "./glossary.js";
import type { TranslationCache } from "./translation-cache.js";

/**
 * A `Translator` that prices Amazon Translate without calling it: it builds the very requests the
 * Amazon adapter would send (`amazonTranslateRequests`), counts their characters as billed, and
 * answers with the source pieces reassembled the way the adapter reassembles a reply, so what
 * follows (Comprehend) is measured on a text of the same shape. Its engine id is Amazon's, so it
 * reads the same translation-cache entries the deployed pipeline wrote.
 */
export class MeteredTranslator implements Translator {
  readonly engine = AMAZON_TRANSLATE_ENGINE;

  constructor(
    private readonly chunkBytes: number,
    /** The glossary the deployed translator applies: part of the cache keys it wrote. */
    readonly glossary?: Glossary | undefined,
  ) {}

  async translate(paragraphs: readonly string[], _pair: LanguagePair): Promise<TranslationOutput> {
    const requests = amazonTranslateRequests(paragraphs, this.chunkBytes);
    let billedCharacters = 0;
    let sent = 0;
    for (const request of requests) {
      if (request.sent.length === 0) continue;
      billedCharacters += characterCount(request.text);
      sent += 1;
    }
    const echoed = assembleParagraphs(
      paragraphs.length,
      requests.map((request) => request.chunk),
      requests.flatMap((request) => request.pieces),
    );
    return { paragraphs: echoed, billedCharacters, requests: sent };
  }
}

/**
 * A translation cache for a dry run: reads go to `base` (the cache the bucket already holds),
 * writes stay in memory. A paragraph met twice in one batch is then priced once, as the real run
 * would bill it, and nothing is written to the store.
 */
export function dryRunCache(base?: TranslationCache): TranslationCache {
  const written = new Map<string, string>();
  return {
    async get(key) {
      return written.get(key) ?? (await base?.get(key));
    },
    async put(key, value) {
      written.set(key, value);
    },
  };
}
