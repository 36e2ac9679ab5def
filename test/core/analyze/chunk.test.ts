import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packDocuments } from "../../../functions/core/analyze/chunk.js";
import { utf8Bytes } from "../../../functions/core/text/measure.js";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("packDocuments", () => {
  it("keeps paragraphs whole and packs as many as fit, separated by a blank line", () => {
    const documents = packDocuments(["aaaa", "bbbb", "cccc"], 10);
    expect(documents).toEqual(["aaaa\n\nbbbb", "cccc"]);
  });

  it("splits a paragraph over the limit on sentence boundaries", () => {
    const paragraph = "Russia and Turkey met. They agreed on drones. The deal is signed.";
    const documents = packDocuments([paragraph], 30);
    expect(documents).toEqual([
      "Russia and Turkey met.",
      "They agreed on drones.",
      "The deal is signed.",
    ]);
  });

  it("cuts a sentence longer than the limit at a space, never inside a character", () => {
    const sentence = "Çavuşoğlu ".repeat(50).trim();
    const documents = packDocuments([sentence], 64);
    for (const document of documents) {
      expect(utf8Bytes(document)).toBeLessThanOrEqual(64);
      expect(document).not.toContain("\uFFFD");
      expect(document.startsWith("Çavuşoğlu")).toBe(true);
    }
    expect(documents.join(" ")).toBe(sentence);
  });

  it("skips blank paragraphs and returns nothing for an empty article", () => {
    expect(packDocuments(["", "  "], 100)).toEqual([]);
    expect(packDocuments(["", "Russia."], 100)).toEqual(["Russia."]);
  });

  it("keeps every document within the limit and loses no word, for any text", () => {
    const word = fc.constantFrom("Russia", "é", "Ç", "🙂", "S-400", "drones.", "said,", "«", "»");
    const paragraph = fc.array(word, { minLength: 1, maxLength: 80 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(
        fc.array(paragraph, { maxLength: 8 }),
        fc.integer({ min: 8, max: 200 }),
        (paragraphs, max) => {
          const documents = packDocuments(paragraphs, max);
          for (const document of documents) {
            expect(utf8Bytes(document)).toBeLessThanOrEqual(max);
            expect(document.trim()).not.toBe("");
            // Never a lone surrogate: a code point is never cut in two
            expect(document).not.toMatch(LONE_SURROGATE);
          }
          const wordsIn = (texts: readonly string[]): string[] =>
            texts.join(" ").split(/\s+/).filter(Boolean);
          expect(wordsIn(documents)).toEqual(wordsIn(paragraphs));
        },
      ),
      { numRuns: 200 },
    );
  });
});
