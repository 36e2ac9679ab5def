import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  TextSizeLimitExceededException,
  TranslateClient,
  TranslateTextCommand,
  UnsupportedLanguagePairException,
} from "@aws-sdk/client-translate";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
  AmazonTranslator,
  amazonTranslationOptions,
} from "../../../functions/adapters/aws/translate-translator.js";
import { InputError } from "../../../functions/core/errors.js";
import { characterCount, utf8Bytes } from "../../../functions/core/text/measure.js";
import { parseGlossary } from "../../../functions/core/translate/glossary.js";
import { translateArticle } from "../../../functions/core/translate/translate-article.js";
import {
  normaliseParagraph,
  storeTranslationCache,
} from "../../../functions/core/translate/translation-cache.js";
import { InMemoryArticleStore } from "../../fakes/in-memory-store.js";

const GOLD = fileURLToPath(new URL("../../fixtures/gold/", import.meta.url));
const FR_EN = { source: "fr", target: "en" } as const;
const LIMIT = 9_000;

interface Gold {
  readonly file: string;
  readonly title: string | null;
  readonly paragraphs: string[];
}

const gold: Gold[] = readdirSync(GOLD)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(GOLD, f), "utf8")) as Gold);

const translate = mockClient(TranslateClient);

/** The mocked service: "translates" each blank-line-separated paragraph by tagging it. */
function echoParagraphs(): void {
  translate.on(TranslateTextCommand).callsFake(async (input: { Text: string }) => ({
    TranslatedText: input.Text.split("\n\n")
      .map((p) => `[en] ${p}`)
      .join("\n\n"),
    SourceLanguageCode: "fr",
    TargetLanguageCode: "en",
  }));
}

const sentTexts = (): string[] =>
  translate.commandCalls(TranslateTextCommand).map((call) => call.args[0].input.Text ?? "");

/** ~40 KB of French: the gold paragraphs, numbered, until the article passes 40,000 bytes. */
function fortyKilobyteArticle(): string[] {
  const source = gold.flatMap((g) => g.paragraphs);
  const out: string[] = [];
  for (let i = 0; out.reduce((n, p) => n + utf8Bytes(p), 0) < 40_000; i += 1) {
    out.push(`(${i + 1}) ${source[i % source.length]}`);
  }
  return out;
}

const awsError = <T>(Type: new (args: { message: string; $metadata: object }) => T): T =>
  new Type({ message: "test", $metadata: {} });

beforeEach(() => {
  translate.reset();
});

describe("AmazonTranslator", () => {
  it("translates a 40 KB article in the fewest ≤ 9,000-byte requests and restores the order", async () => {
    // Prepare
    echoParagraphs();
    const paragraphs = fortyKilobyteArticle();
    const bytes = paragraphs.reduce((n, p) => n + utf8Bytes(p), 0);
    const separators = utf8Bytes("\n\n") * (paragraphs.length - 1);
    // Act
    const result = await new AmazonTranslator(new TranslateClient({})).translate(paragraphs, FR_EN);
    // Assess: the lower bound ceil(bytes / limit) is reached
    expect(bytes).toBeGreaterThanOrEqual(40_000);
    expect(result.requests).toBe(Math.ceil((bytes + separators) / LIMIT));
    expect(result.requests).toBe(Math.ceil(bytes / LIMIT));
    for (const text of sentTexts()) expect(utf8Bytes(text)).toBeLessThanOrEqual(LIMIT);
    expect(result.paragraphs).toEqual(paragraphs.map((p) => `[en] ${p}`));
    expect(result.billedCharacters).toBe(sentTexts().reduce((n, t) => n + characterCount(t), 0));
    expect(translate).toHaveReceivedCommandWith(TranslateTextCommand, {
      SourceLanguageCode: "fr",
      TargetLanguageCode: "en",
    });
  });

  it("splits a paragraph over the limit on sentences and joins its translation back", async () => {
    echoParagraphs();
    const sentence = "Le président turc a déclaré que la coopération militaire continuera. ";
    const long = sentence.repeat(200).trim(); // ~14 KB, one paragraph
    const result = await new AmazonTranslator(new TranslateClient({})).translate(
      ["Avant.", long, "Après."],
      FR_EN,
    );
    expect(result.requests).toBe(2);
    for (const text of sentTexts()) expect(utf8Bytes(text)).toBeLessThanOrEqual(LIMIT);
    expect(result.paragraphs[0]).toBe("[en] Avant.");
    expect(result.paragraphs[1]?.match(/\[en\]/g)).toHaveLength(2);
    expect(result.paragraphs[1]?.replaceAll("[en] ", "")).toBe(long);
    expect(result.paragraphs[2]).toBe("[en] Après.");
  });

  it("re-sends a chunk piece by piece when the reply loses a paragraph break", async () => {
    // Prepare: the packed request comes back as one paragraph, single ones come back fine
    translate.on(TranslateTextCommand).callsFake(async (input: { Text: string }) => ({
      TranslatedText: `[en] ${input.Text.replace(/\n\n/g, " ")}`,
    }));
    // Act
    const result = await new AmazonTranslator(new TranslateClient({})).translate(
      ["Un.", "Deux."],
      FR_EN,
    );
    // Assess: alignment kept, every character sent is counted
    expect(result.paragraphs).toEqual(["[en] Un.", "[en] Deux."]);
    expect(sentTexts()).toEqual(["Un.\n\nDeux.", "Un.", "Deux."]);
    expect(result.billedCharacters).toBe("Un.\n\nDeux.".length + "Un.".length + "Deux.".length);
  });

  it.each([
    [
      "TextSizeLimitExceededException",
      () => awsError(TextSizeLimitExceededException),
      /size limit/,
    ],
    [
      "UnsupportedLanguagePairException",
      () => awsError(UnsupportedLanguagePairException),
      /language pair/,
    ],
    [
      "DetectedLanguageLowConfidenceException",
      () =>
        Object.assign(new Error("low confidence"), {
          name: "DetectedLanguageLowConfidenceException",
        }),
      /source language/,
    ],
  ])("fails at once with TRANSLATION_FAILED on %s", async (_name, error, message) => {
    translate.on(TranslateTextCommand).rejects(error());
    const failure = new AmazonTranslator(new TranslateClient({})).translate(["Bonjour."], FR_EN);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toMatchObject({
      code: "TRANSLATION_FAILED",
      message: expect.stringMatching(message),
    });
    expect(translate).toHaveReceivedCommandTimes(TranslateTextCommand, 1);
  });

  it("passes other errors through untouched, without retrying", async () => {
    const denied = Object.assign(new Error("not allowed"), { name: "AccessDeniedException" });
    translate.on(TranslateTextCommand).rejects(denied);
    const translator = new AmazonTranslator(new TranslateClient({}));
    await expect(translator.translate(["Bonjour."], FR_EN)).rejects.toBe(denied);
    expect(translate).toHaveReceivedCommandTimes(TranslateTextCommand, 1);
  });

  it("refuses a request size above the service's 10,000-byte limit", () => {
    expect(() => new AmazonTranslator(new TranslateClient({}), { chunkBytes: 10_001 })).toThrow(
      RangeError,
    );
  });
});

describe("AmazonTranslator with the translation cache", () => {
  const run = async (articles: readonly Gold[], store: InMemoryArticleStore): Promise<number> => {
    const deps = {
      translator: new AmazonTranslator(new TranslateClient({})),
      cache: storeTranslationCache(store),
    };
    let billed = 0;
    for (const a of articles) {
      const result = await translateArticle(a, deps, FR_EN);
      // Aligned; a paragraph served from another outlet's copy may differ by typography only.
      expect(result.paragraphs.map(normaliseParagraph)).toEqual(
        a.paragraphs.map((p) => normaliseParagraph(`[en] ${p}`)),
      );
      billed += result.usage.billedCharacters;
    }
    return billed;
  };

  it("bills nothing when the five gold articles are processed a second time", async () => {
    echoParagraphs();
    const store = new InMemoryArticleStore();
    const first = await run(gold, store);
    const callsAfterFirst = translate.commandCalls(TranslateTextCommand).length;
    const second = await run(gold, store);
    expect(first).toBeGreaterThan(5_000);
    expect(second).toBe(0);
    expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(callsAfterFirst);
  });

  it("bills less for seeds 000 and 001 together (one wire story, two outlets) than apart", async () => {
    echoParagraphs();
    const [a, b] = gold;
    if (a === undefined || b === undefined) throw new Error("gold fixtures missing");
    const apart =
      (await run([a], new InMemoryArticleStore())) + (await run([b], new InMemoryArticleStore()));
    const together = await run([a, b], new InMemoryArticleStore());
    // 7 of 9 paragraphs differ only by apostrophes (’ vs '): billed once.
    expect(together).toBeLessThan(apart * 0.7);
  });
});

describe("AmazonTranslator with a terminology and settings", () => {
  const glossary = parseGlossary("fr,en\nSotchi,Sochi\nKremlin,Kremlin\n", {
    file: "terms.csv",
    sourceLanguage: "fr",
    targetLanguage: "en",
  });

  it("names the terminology and sends the settings on every TranslateText", async () => {
    // Prepare: a 40 KB article needs several requests
    echoParagraphs();
    const translator = new AmazonTranslator(new TranslateClient({}), {
      terminology: { name: "depeche-terms", glossary },
      options: amazonTranslationOptions(
        { translateProfanity: "mask", translateBrevity: "on", translateFormality: "formal" },
        FR_EN,
      ),
    });
    // Act
    const result = await translateArticle(
      { title: null, paragraphs: fortyKilobyteArticle() },
      { translator },
      FR_EN,
    );
    // Assess
    const calls = translate.commandCalls(TranslateTextCommand);
    expect(calls.length).toBeGreaterThan(3);
    for (const call of calls) {
      expect(call.args[0].input.TerminologyNames).toEqual(["depeche-terms"]);
      // Formality is not an English option: never sent for fr→en.
      expect(call.args[0].input.Settings).toEqual({ Profanity: "MASK", Brevity: "ON" });
    }
    expect(result.usage.glossary).toEqual({ name: "terms", sha256: glossary.sha256 });
    expect(result.usage.options).toEqual({ profanity: "mask", brevity: "on" });
  });

  it("sends formality to a target that supports it", () => {
    expect(
      amazonTranslationOptions(
        { translateProfanity: "off", translateBrevity: "off", translateFormality: "informal" },
        { source: "en", target: "fr" },
      ),
    ).toEqual({ formality: "informal" });
  });

  it("sends neither terminology nor settings by default", async () => {
    echoParagraphs();
    await new AmazonTranslator(new TranslateClient({})).translate(["Bonjour."], FR_EN);
    const input = translate.commandCalls(TranslateTextCommand)[0]?.args[0].input;
    expect(input).toBeDefined();
    expect(input).not.toHaveProperty("TerminologyNames");
    expect(input).not.toHaveProperty("Settings");
  });
});
