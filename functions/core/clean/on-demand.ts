import { articleSource } from "./article-source.js";
import { type CleanedArticle, cleanDecoded } from "./clean-core.js";
import { decodeBytes } from "./decode.js";

/**
 * `cleanArticle` for the clean Lambda: the HTML reader (linkedom + Readability, ~40 ms of CPU to
 * load) is imported on the first page, so a cold start that only meets text files never pays
 * for it. Bundlers keep the dynamic import inside the bundle and evaluate it lazily.
 */
export async function cleanArticleLoadingHtmlOnDemand(bytes: Uint8Array): Promise<CleanedArticle> {
  const decoded = decodeBytes(bytes);
  const source = articleSource(decoded.text);
  const readHtml = source.html ? (await import("./html.js")).readHtml : undefined;
  return cleanDecoded(bytes, decoded, source, readHtml);
}
