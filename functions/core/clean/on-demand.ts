import { articleSource } from "./article-source.js";
import { type CleanedArticle, readersNeeded, selectContent, withLanguage } from "./clean-core.js";
import { decodeBytes } from "./decode.js";
import { languageFromIdentifier, languageFromProfiles } from "./language.js";

/**
 * `cleanArticle` for the clean Lambda: the HTML reader (linkedom + Readability) is imported on
 * the first page, the character-reference decoder on the first text with an "&" and franc-min
 * on the first text that is not plainly French or English, so a cold start that only meets
 * plain French text compiles none of them. The Lambda bundle is split
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
  const content = selectContent(bytes, decoded, source, { readHtml, decodeReferences });
  const detected =
    languageFromProfiles(content.paragraphs) ??
    languageFromIdentifier(
      content.paragraphs,
      (await import("./franc-identifier.js")).identifyLanguage,
    );
  return withLanguage(content, detected);
}
