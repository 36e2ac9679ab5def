import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Bytes } from "../../../functions/core/text/measure.js";
import {
  assembleParagraphs,
  type Chunk,
  chunkParagraphs,
  MIN_CHUNK_BYTES,
  PARAGRAPH_SEPARATOR,
} from "../../../functions/core/translate/chunk.js";

/** Letters of every UTF-8 width, a combining sequence, a ligature and a ZWJ emoji family. */
const LETTERS = ["a", "z", "é", "à", "ç", "œ", "É", "ß", "中", "🙂", "👩‍👩‍👧", "e\u0301", "ﬁ", "7"];
const SPACES = [" ", " ", " ", "  ", "\u00a0", "\u202f", "\n", "\t"];
const ENDINGS = [".", "!", "?", "…", " ?", " !", ".»", "", "."];

const word = fc
  .oneof(
    {
      weight: 20,
      arbitrary: fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 10 }),
    },
    // Now and then a "word" longer than most limits (a URL, a hash, a run-on).
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom(...LETTERS), { minLength: 40, maxLength: 150 }),
    },
  )
  .map((letters) => letters.join(""));

const sentence = fc
  .tuple(
    fc.constantFrom("", "M. ", "« ", "MM. Dupont et ", ""),
    fc.array(fc.tuple(word, fc.constantFrom(...SPACES)), { minLength: 1, maxLength: 16 }),
    fc.constantFrom(...ENDINGS),
  )
  .map(
    ([lead, words, end]) => lead + words.map(([w, s], i) => (i === 0 ? w : s + w)).join("") + end,
  );

const paragraph = fc
  .tuple(
    fc.constantFrom("", " ", "\u00a0"),
    fc.array(sentence, { minLength: 1, maxLength: 6 }),
    fc.constantFrom("", " ", "\n"),
  )
  .map(([lead, sentences, trail]) => lead + sentences.join(" ") + trail);

const paragraphs = fc.array(paragraph, { minLength: 1, maxLength: 6 });
const limit = fc.integer({ min: MIN_CHUNK_BYTES, max: 400 });

const PROPERTY_RUNS = 1_000;

/** Pieces of paragraph `i`, in chunk order. */
const piecesOf = (chunks: readonly Chunk[], i: number): string[] =>
  chunks.flatMap((c) => c.pieces.filter((p) => p.paragraph === i).map((p) => p.text));

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/u.test(char);

/** The maximal run of non-space characters around position `at` of `text`. */
function wordAround(text: string, at: number): string {
  let start = at;
  let end = at;
  while (start > 0 && !isSpace(text[start - 1])) start -= 1;
  while (end < text.length && !isSpace(text[end])) end += 1;
  return text.slice(start, end);
}

describe("chunkParagraphs", () => {
  it("restores every paragraph exactly when its pieces are concatenated", () => {
    fc.assert(
      fc.property(paragraphs, limit, (input, maxBytes) => {
        const chunks = chunkParagraphs(input, maxBytes);
        input.forEach((text, i) => {
          expect(piecesOf(chunks, i).join("")).toBe(text);
        });
        // Pieces come in paragraph order: chunk order is reading order.
        const order = chunks.flatMap((c) => c.pieces.map((p) => p.paragraph));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("keeps every chunk within the byte limit, separators included", () => {
    fc.assert(
      fc.property(paragraphs, limit, (input, maxBytes) => {
        const wrong = chunkParagraphs(input, maxBytes).filter(
          (chunk) =>
            chunk.text !== chunk.pieces.map((p) => p.text).join(PARAGRAPH_SEPARATOR) ||
            chunk.bytes !== utf8Bytes(chunk.text) ||
            chunk.bytes > maxBytes,
        );
        expect(wrong).toEqual([]);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("never cuts a word, unless that single word is over the limit, and never a character", () => {
    fc.assert(
      fc.property(paragraphs, limit, (input, maxBytes) => {
        const chunks = chunkParagraphs(input, maxBytes);
        const cuts: string[] = [];
        input.forEach((text, i) => {
          let offset = 0;
          for (const piece of piecesOf(chunks, i).slice(0, -1)) {
            offset += piece.length;
            // Never between the two halves of a surrogate pair.
            if (/[\ud800-\udbff]/u.test(text.charAt(offset - 1))) cuts.push(`surrogate@${offset}`);
            const inWord = !isSpace(text[offset - 1]) && !isSpace(text[offset]);
            if (inWord && utf8Bytes(wordAround(text, offset)) <= maxBytes) {
              cuts.push(wordAround(text, offset));
            }
          }
        });
        expect(cuts).toEqual([]);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("never splits a paragraph that fits, and never leaves room for the next whole paragraph", () => {
    fc.assert(
      fc.property(paragraphs, limit, (input, maxBytes) => {
        const chunks = chunkParagraphs(input, maxBytes);
        input.forEach((text, i) => {
          if (utf8Bytes(text) <= maxBytes) expect(piecesOf(chunks, i)).toEqual([text]);
        });
        // Greedy packing: a chunk closes only when the next unit does not fit in it.
        for (let k = 1; k < chunks.length; k += 1) {
          const previous = chunks[k - 1] as Chunk;
          const first = (chunks[k] as Chunk).pieces[0];
          const whole = first !== undefined && input[first.paragraph] === first.text;
          if (whole) {
            expect(
              previous.bytes + utf8Bytes(PARAGRAPH_SEPARATOR) + utf8Bytes(first.text),
            ).toBeGreaterThan(maxBytes);
          }
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("packs short paragraphs into one request joined by a blank line", () => {
    const chunks = chunkParagraphs(["Un.", "Deux.", "Trois."], 9_000);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.text).toBe("Un.\n\nDeux.\n\nTrois.");
  });

  it("splits a paragraph over the limit on sentence boundaries, not after « M. »", () => {
    const text =
      "M. Peskov a parlé. Le Kremlin a confirmé la visite. Poutine et Erdogan se verront.";
    const chunks = chunkParagraphs([text], 40);
    expect(chunks.map((c) => c.text)).toEqual([
      "M. Peskov a parlé. ",
      "Le Kremlin a confirmé la visite. ",
      "Poutine et Erdogan se verront.",
    ]);
  });

  it("measures bytes, not characters: 5,000 « é » are 10,000 bytes", () => {
    const accents = `${"é".repeat(4_000)} ${"é".repeat(1_000)}`;
    const chunks = chunkParagraphs([accents], 9_000);
    expect(chunks.map((c) => c.bytes)).toEqual([8_001, 2_000]);
  });

  it("cuts a 400 KB word (a pasted data URI) in linear time, on grapheme boundaries", () => {
    // Given: one "word" 40× over the limit, with accents (2-byte graphemes) inside it
    const word = `data:${"QUJDé".repeat(80_000)}`;
    const started = performance.now();

    // When
    const chunks = chunkParagraphs([`Voir ${word} ici.`], 9_000);

    // Then: fast (it was quadratic: 22 s at 60 KB), within the limit, lossless
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(chunks.every((c) => c.bytes <= 9_000)).toBe(true);
    expect(chunks.flatMap((c) => c.pieces.map((p) => p.text)).join("")).toBe(`Voir ${word} ici.`);
  });

  it("refuses a limit below one code point", () => {
    expect(() => chunkParagraphs(["a"], 3)).toThrow(RangeError);
  });
});

describe("assembleParagraphs", () => {
  it("joins the translated pieces of a split paragraph with a space, in order", () => {
    const chunks = chunkParagraphs(["Une phrase. Une autre phrase.", "Court."], 20);
    const translated = chunks.flatMap((c) => c.pieces.map((p) => `<${p.text.trim()}>`));
    expect(assembleParagraphs(2, chunks, translated)).toEqual([
      "<Une phrase.> <Une autre phrase.>",
      "<Court.>",
    ]);
  });

  it("refuses a reply with a different number of pieces", () => {
    const chunks = chunkParagraphs(["Un.", "Deux."], 9_000);
    expect(() => assembleParagraphs(2, chunks, ["One."])).toThrow(RangeError);
  });
});
