import { readdirSync, readFileSync } from "node:fs";
import { decodeHTMLStrict } from "entities/decode";
import fc from "fast-check";
import { describe, it } from "vitest";
import { decodeBytes } from "../../../functions/core/clean/decode/decode.js";
import { normalizeText } from "../../../functions/core/clean/decode/normalize.js";
import { type CleanedArticle, cleanArticle } from "../../../functions/core/clean/index.js";
import { FRENCH_BOILERPLATE } from "../../../functions/core/clean/select/boilerplate-phrases.js";
import { fold, words } from "../../../functions/core/clean/select/fold.js";
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
async function cleanOrRefuse(bytes: Uint8Array): Promise<CleanedArticle | undefined> {
  try {
    return await cleanArticle(bytes);
  } catch (error: unknown) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** Every word of the output (title and paragraphs) is a word of the normalised input text. */
async function outputWordsComeFromInput(bytes: Uint8Array): Promise<boolean> {
  const article = await cleanOrRefuse(bytes);
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
  it("throws nothing but InputError, whatever the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        await cleanOrRefuse(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("throws nothing but InputError on scraped-looking text and HTML", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(scrapedText, htmlPage), async (text) => {
        await cleanOrRefuse(encode(text));
      }),
      { numRuns: 200 },
    );
  });

  it("only outputs words of the input text", async () => {
    await fc.assert(
      fc.asyncProperty(scrapedText, async (text) => outputWordsComeFromInput(encode(text))),
      {
        numRuns: 300,
      },
    );
  });

  it("only outputs words of the input page", async () => {
    await fc.assert(
      fc.asyncProperty(htmlPage, async (html) => outputWordsComeFromInput(encode(html))),
      {
        numRuns: 100,
      },
    );
  });

  it("returns non-empty, trimmed paragraphs and a confidence between 0 and 1", async () => {
    await fc.assert(
      fc.asyncProperty(scrapedText, async (text) => {
        const article = await cleanOrRefuse(encode(text));
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
