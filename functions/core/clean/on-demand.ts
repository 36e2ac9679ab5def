import { articleSource } from "./article-source.js";
import { type CleanedArticle, cleanDecoded, readersNeeded } from "./clean-core.js";
import { decodeBytes } from "./decode.js";

/**
 * `cleanArticle` for the clean Lambda: the HTML reader (linkedom + Readability) is imported on
 * the first page and the character-reference decoder on the first text with an "&", so a cold
 * start that only meets plain text never compiles either. The Lambda bundle is split
 * (`infra/bundling.ts`): each dynamic import is its own file, read only when first imported.
 */
export async function cleanArticleLoadingHtmlOnDemand(bytes: Uint8Array): Promise<CleanedArticle> {
  const decoded = decodeBytes(bytes);
  const source = articleSource(decoded.text);
  const needed = readersNeeded(source);
  const [readHtml, decodeReferences] = await Promise.all([
    needed.html ? import("./html.js").then((m) => m.readHtml) : undefined,
    needed.references ? import("./references.js").then((m) => m.decodeReferences) : undefined,
  ]);
  return cleanDecoded(bytes, decoded, source, { readHtml, decodeReferences });
}
