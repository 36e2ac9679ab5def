import { textBlocks } from "../../core/clean/blocks/text-blocks.js";
import { articleSource } from "../../core/clean/decode/article-source.js";
import { decodeBytes } from "../../core/clean/decode/decode.js";
import { normalizeText } from "../../core/clean/decode/normalize.js";
import { readersOnDemand } from "../../core/clean/index.js";
import type { EnrichedDocument } from "../../core/document.js";

/** Beyond this many, the report lists the first ones and says how many more. */
export const MAX_REMOVED_SHOWN = 200;

/**
 * What the cleaner dropped from an article's source: the source is split into candidate blocks
 * the way the cleaner splits it (lines of a text, block elements of a page) and every block that
 * is not the kept title, byline or a kept paragraph is listed. For the report only: the cleaner
 * itself keeps no trace of what it dropped (and needs none).
 */
export async function removedBlocks(
  bytes: Uint8Array,
  document: EnrichedDocument,
): Promise<string[]> {
  try {
    const source = articleSource(decodeBytes(bytes).text);
    let text = source.text;
    if (!source.html && text.includes("&")) text = (await readersOnDemand.references())(text);
    text = normalizeText(text);
    const blocks = source.html ? (await readersOnDemand.html())(text).blocks : textBlocks(text);
    const kept = new Set(
      [
        document.clean.title,
        document.clean.author,
        document.clean.published,
        ...document.clean.paragraphs,
      ]
        .filter((t): t is string => typeof t === "string")
        .map(squash),
    );
    const keptText = document.clean.paragraphs.map(squash).join("\n");
    return blocks
      .map((block) => block.text.trim())
      .filter((block) => block.length > 0)
      .filter((block) => {
        const key = squash(block);
        // A block kept whole, or merged into a kept paragraph (wrapped lines), was not removed.
        return !kept.has(key) && !keptText.includes(key);
      });
  } catch {
    // An unreadable source ended as a failure record; nothing to show for it here.
    return [];
  }
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();
