import { readdirSync, readFileSync } from "node:fs";
import { decodeHTMLStrict } from "entities/decode";
import fc from "fast-check";
import { describe, it } from "vitest";
import { FRENCH_BOILERPLATE } from "../../../functions/core/clean/boilerplate-phrases.js";
import { decodeBytes } from "../../../functions/core/clean/decode.js";
import { fold, words } from "../../../functions/core/clean/fold.js";
import { cleanArticle } from "../../../functions/core/clean/index.js";
import { normalizeText } from "../../../functions/core/clean/normalize.js";
import { InputError } from "../../../functions/core/errors.js";

const SEEDS = new URL("../../../seeds/", import.meta.url);
const seedLines = readdirSync(SEEDS)
  .filter((name) => name.endsWith(".txt"))
  .flatMap((name) => readFileSync(new URL(name, SEEDS), "utf8").split("\n"))
  .filter((line) => line.trim().length > 0);
const vocabulary = [...new Set(seedLines.flatMap((line) => words(line)))];
const phrases = [...FRENCH_BOILERPLATE.startsWith, ...FRENCH_BOILERPLATE.endOfArticle];

const sentence = fc
  .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 40 })
  .chain((picked) =>
    fc.constantFrom(".", "", " ?", ":", "…", " »").map((end) => `${picked.join(" ")}${end}`),
  );

const line = fc.oneof(
  fc.constantFrom(...seedLines),
  fc.constantFrom(...phrases),
  sentence,
  fc.string({ unit: "binary", maxLength: 120 }),
  fc.string({ unit: "grapheme", maxLength: 120 }),
  fc.constantFrom("", " ", "\u00a0", "\u200b", "PUBLICITÉ", "- ", "=====", "--"),
);

const scrapedText = fc.array(line, { maxLength: 40 }).map((lines) => lines.join("\n"));

const htmlPage = fc
  .array(
    fc.tuple(
      fc.constantFrom("p", "h2", "li", "blockquote", "figcaption", "div"),
      fc.constantFrom("", "share-bar", "newsletter", "article-body", "related"),
      sentence,
    ),
    { maxLength: 25 },
  )
  .map(
    (blocks) =>
      `<!doctype html><html><head><title>Titre</title></head><body><article>${blocks
        .map(([tag, cls, text]) => `<${tag} class="${cls}">${text}</${tag}>`)
        .join("")}</article></body></html>`,
  );

/** Runs `cleanArticle`; returns undefined when it refuses the input with an InputError. */
function cleanOrRefuse(bytes: Uint8Array): ReturnType<typeof cleanArticle> | undefined {
  try {
    return cleanArticle(bytes);
  } catch (error: unknown) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** Every word of the output (title and paragraphs) is a word of the normalised input text. */
function outputWordsComeFromInput(bytes: Uint8Array): boolean {
  const article = cleanOrRefuse(bytes);
  if (article === undefined) return true;
  const text = decodeBytes(bytes).text;
  // Text input may carry character references ("&eacute;"), which the cleaner decodes.
  const input = new Set(
    [text, decodeHTMLStrict(text)].flatMap((variant) => words(fold(normalizeText(variant)))),
  );
  const output = [article.title ?? "", ...article.paragraphs].flatMap((text) => words(fold(text)));
  return output.every((word) => input.has(word));
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("cleanArticle properties", () => {
  it("throws nothing but InputError, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        cleanOrRefuse(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("throws nothing but InputError on scraped-looking text and HTML", () => {
    fc.assert(
      fc.property(fc.oneof(scrapedText, htmlPage), (text) => {
        cleanOrRefuse(encode(text));
      }),
      { numRuns: 200 },
    );
  });

  it("only outputs words of the input text", () => {
    fc.assert(
      fc.property(scrapedText, (text) => outputWordsComeFromInput(encode(text))),
      {
        numRuns: 300,
      },
    );
  });

  it("only outputs words of the input page", () => {
    fc.assert(
      fc.property(htmlPage, (html) => outputWordsComeFromInput(encode(html))),
      {
        numRuns: 100,
      },
    );
  });

  it("returns non-empty, trimmed paragraphs and a confidence between 0 and 1", () => {
    fc.assert(
      fc.property(scrapedText, (text) => {
        const article = cleanOrRefuse(encode(text));
        if (article === undefined) return true;
        return (
          article.paragraphs.length > 0 &&
          article.paragraphs.every((p) => p.length > 0 && p === p.trim()) &&
          article.languageConfidence >= 0 &&
          article.languageConfidence <= 1
        );
      }),
      { numRuns: 200 },
    );
  });
});
