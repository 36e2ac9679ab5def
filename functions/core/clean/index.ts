import { articleSource } from "./article-source.js";
import { type CleanedArticle, cleanDecoded } from "./clean-core.js";
import { decodeBytes } from "./decode.js";
import { identifyLanguage } from "./franc-identifier.js";
import { readHtml } from "./html.js";
import { decodeReferences } from "./references.js";

export type { CleanedArticle } from "./clean-core.js";

/**
 * Turns the bytes of a scraped text file or an HTML page into the article and nothing else:
 * the recipe is `cleanDecoded` in clean-core.ts. Synchronous, with every reader loaded up
 * front (CLI, tests, benchmark); the clean Lambda uses `cleanArticleLoadingHtmlOnDemand`.
 */
export function cleanArticle(bytes: Uint8Array): CleanedArticle {
  const decoded = decodeBytes(bytes);
  return cleanDecoded(bytes, decoded, articleSource(decoded.text), {
    readHtml,
    decodeReferences,
    identifyLanguage,
  });
}
