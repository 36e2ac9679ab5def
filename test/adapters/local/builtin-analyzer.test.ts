import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BuiltinAnalyzer } from "../../../functions/adapters/local/builtin-analyzer.js";
import { type ArticleAnalysis, buildAnalysis } from "../../../functions/core/analyze/analysis.js";
import { STOP_WORDS } from "../../../functions/core/analyze/stop-words.js";
import { summarize } from "../../../functions/core/analyze/summary.js";
import {
  AnalyzeUsageSchema,
  EntityTypeSchema,
  SentimentSchema,
} from "../../../functions/core/document.js";
import { InputError } from "../../../functions/core/errors.js";
import type { AnalysisInput, AnalyzeUsage } from "../../../functions/core/ports.js";

type AnalysisOutput = ArticleAnalysis & { readonly usage: AnalyzeUsage };

/** The engine's raw analysis as the analyze stage turns it into the document's fields. */
async function analyzeOne(input: AnalysisInput): Promise<AnalysisOutput> {
  const [raw] = await new BuiltinAnalyzer().analyze([input]);
  if (raw === undefined) throw new Error("no analysis");
  return { ...buildAnalysis(input, raw), usage: raw.usage };
}

const FIXTURES = fileURLToPath(new URL("../../fixtures/analyze/", import.meta.url));

interface EnglishFixture {
  readonly seed: string;
  readonly title: string | null;
  readonly paragraphs: readonly string[];
}

function fixtures(): EnglishFixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".en.json"))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as {
        title: string | null;
        paragraphs: string[];
      };
      return { seed: file.replace(/\.en\.json$/, ""), ...parsed };
    });
}

/** Words that may never be a key phrase on their own: page furniture. */
const BOILERPLATE = ["share", "advertising", "advertisement", "read also", "subscribe"];

/** Seed-specific entities that must be found (by text, case-insensitive, any type). */
const MUST_FIND: Record<string, { text: string; type?: string }[]> = {
  "000_26c99712ce6ead19": [
    { text: "Vladimir Putin", type: "PERSON" },
    { text: "Tayyip Erdogan", type: "PERSON" },
    { text: "Dmitry Peskov", type: "PERSON" },
    { text: "S-400", type: "COMMERCIAL_ITEM" },
  ],
  "002_7551a0c5d4c95c3c": [
    { text: "Bayraktar TB2", type: "COMMERCIAL_ITEM" },
    { text: "Ukraine", type: "LOCATION" },
    { text: "Zelensky", type: "PERSON" },
  ],
  "003_8626bd346835ccc0": [
    { text: "S-400", type: "COMMERCIAL_ITEM" },
    { text: "S-500", type: "COMMERCIAL_ITEM" },
    { text: "F-35", type: "COMMERCIAL_ITEM" },
    { text: "Recep Tayyip Erdogan", type: "PERSON" },
  ],
  "004_c0c2a675c781d31b": [
    { text: "Russia", type: "LOCATION" },
    { text: "Turkey", type: "LOCATION" },
    { text: "Sergueï Lavrov", type: "PERSON" },
    { text: "Mevlut Cavusoglu", type: "PERSON" },
    { text: "S-400", type: "COMMERCIAL_ITEM" },
  ],
};

function isOnlyStopWordsOrDigits(phrase: string): boolean {
  const words = phrase.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu) ?? [];
  return words.every((w) => STOP_WORDS.has(w) || /^[\p{N}\s.,-]+$/u.test(w));
}

function expectValidShape(output: AnalysisOutput): void {
  for (const phrase of output.keyPhrases) {
    expect(phrase.text.length).toBeGreaterThan(0);
    expect(phrase.score).toBeGreaterThanOrEqual(0);
    expect(phrase.score).toBeLessThanOrEqual(1);
  }
  const scores = output.keyPhrases.map((p) => p.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  for (const entity of output.entities) {
    expect(EntityTypeSchema.safeParse(entity.type).success).toBe(true);
    expect(entity.score).toBeGreaterThanOrEqual(0);
    expect(entity.score).toBeLessThanOrEqual(1);
  }
  expect(SentimentSchema.parse(output.sentiment)).toEqual(output.sentiment);
  const { positive, negative, neutral, mixed } = output.sentiment.scores;
  expect(positive + negative + neutral + mixed).toBeCloseTo(1, 9);
  expect(AnalyzeUsageSchema.parse({ engine: "builtin", ...output.usage })).toBeTruthy();
}

describe("BuiltinAnalyzer", () => {
  const analyzer = new BuiltinAnalyzer();

  it("is the offline engine and bills nothing", async () => {
    const output = await analyzeOne({
      title: null,
      paragraphs: ["Russia and Turkey will continue their military cooperation."],
      language: "en",
    });
    expect(analyzer.engine).toBe("builtin");
    expect(output.usage).toEqual({ billedCharacters: 0, requests: 0, units: 0 });
  });

  it("refuses a language its lexicons do not cover", async () => {
    await expect(
      analyzeOne({ title: null, paragraphs: ["La Russie."], language: "fr" }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it("returns empty lists and a neutral sentiment for an empty article", async () => {
    const output = await analyzeOne({ title: null, paragraphs: [""], language: "en" });
    expect(output.keyPhrases).toEqual([]);
    expect(output.entities).toEqual([]);
    expect(output.sentiment.label).toBe("NEUTRAL");
  });

  it("merges 'Lavrov' and 'M. Lavrov' into the longest form 'Sergei Lavrov'", async () => {
    // Given three mentions of one man
    const paragraphs = [
      "Sergei Lavrov met his Turkish counterpart in Sochi on Tuesday.",
      "The talks were constructive, M. Lavrov said.",
      "Lavrov added that sanctions would not change anything.",
    ];

    // When
    const { entities } = await analyzeOne({ title: null, paragraphs, language: "en" });

    // Then one PERSON entity remains, under the full name
    const lavrovs = entities.filter((e) => /lavrov/i.test(e.text));
    expect(lavrovs).toEqual([expect.objectContaining({ text: "Sergei Lavrov", type: "PERSON" })]);
  });

  it("types unknown names by the word before them: a place after 'in', a person after 'to'", async () => {
    const { entities } = await analyzeOne({
      title: null,
      paragraphs: [
        "The ministers met in Nizhny Novgorod on Monday. Sergei Lavrov then flew to Sotchi, and later said to Mevlut Cavusoglu that the talks went well.",
      ],
      language: "en",
    });
    const typed = Object.fromEntries(entities.map((e) => [e.text, e.type]));
    expect(typed).toMatchObject({
      "Nizhny Novgorod": "LOCATION",
      Sotchi: "LOCATION",
      "Mevlut Cavusoglu": "PERSON",
      "Sergei Lavrov": "PERSON",
      Monday: "DATE",
    });
  });

  it("types model codes as commercial items, with the brand when one precedes the code", async () => {
    const { entities } = await analyzeOne({
      title: null,
      paragraphs: [
        "Turkey bought the S-400 and wanted the F-35, while Russia offered the Su-57. Baykar gave a Bayraktar TB2 to Lithuania.",
      ],
      language: "en",
    });
    const items = entities.filter((e) => e.type === "COMMERCIAL_ITEM").map((e) => e.text);
    expect(items).toEqual(expect.arrayContaining(["S-400", "F-35", "Su-57", "Bayraktar TB2"]));
  });

  it("labels a hostile text NEGATIVE and a conciliatory one POSITIVE", async () => {
    const hostile = await analyzeOne({
      title: null,
      paragraphs: [
        "The president condemned the brutal attack and threatened severe retaliation.",
        "Officials denounced the illegal sanctions as an outrageous aggression.",
      ],
      language: "en",
    });
    const conciliatory = await analyzeOne({
      title: null,
      paragraphs: [
        "Both leaders welcomed the successful talks and praised their friendly cooperation.",
        "They agreed to strengthen peace and support each other.",
      ],
      language: "en",
    });
    expect(hostile.sentiment.label).toBe("NEGATIVE");
    expect(conciliatory.sentiment.label).toBe("POSITIVE");
  });

  it("never offers boilerplate as a key phrase or an entity", async () => {
    const { keyPhrases, entities } = await analyzeOne({
      title: null,
      paragraphs: [
        "Share",
        "Advertising",
        "Russia and Turkey signed a new gas agreement on Monday.",
        "The gas agreement covers deliveries until 2030. Read also: Subscribe to our newsletter.",
      ],
      language: "en",
    });
    const texts = [...keyPhrases, ...entities].map((x) => x.text.toLowerCase());
    for (const word of BOILERPLATE) expect(texts).not.toContain(word);
    expect(keyPhrases[0]?.text).toMatch(/gas agreement/i);
  });

  it("de-duplicates key phrases across case, plural and containment", async () => {
    // Given a phrase repeated with variants, and its head noun alone
    const { keyPhrases } = await analyzeOne({
      title: "Military cooperation continues",
      paragraphs: [
        "Russia and Turkey will pursue their military cooperation despite the sanctions.",
        "The Military Cooperation includes air defence. Each sanction was decided in December.",
        "Cooperation is not new, and the military cooperations of both countries grew.",
      ],
      language: "en",
    });

    // Then each topic appears once, under its most specific repeated form
    const texts = keyPhrases.map((p) => p.text.toLowerCase());
    expect(texts.filter((t) => t.includes("cooperation"))).toEqual(["military cooperation"]);
    expect(texts.filter((t) => t.startsWith("sanction"))).toHaveLength(1);
    expect(keyPhrases[0]?.text.toLowerCase()).toBe("military cooperation");
  });

  describe.each(fixtures())("on seed $seed (Apertium English)", (fixture) => {
    const input = { title: fixture.title, paragraphs: fixture.paragraphs, language: "en" };

    it("returns the v1 shapes: scores in 0..1, phrases by score, sentiment summing to 1", async () => {
      expectValidShape(await analyzeOne(input));
    });

    it("names Russia and/or Turkey among the entities", async () => {
      const { entities } = await analyzeOne(input);
      const names = entities.map((e) => e.text);
      expect(names.some((n) => n === "Russia" || n === "Turkey")).toBe(true);
    });

    it("finds ≥ 5 key phrases, none made only of stop words or digits, none boilerplate", async () => {
      const { keyPhrases } = await analyzeOne(input);
      expect(keyPhrases.length).toBeGreaterThanOrEqual(5);
      for (const { text } of keyPhrases) {
        expect(isOnlyStopWordsOrDigits(text), text).toBe(false);
        expect(BOILERPLATE).not.toContain(text.toLowerCase());
      }
    });

    it("finds the seed's pinned entities with their types", async () => {
      const { entities } = await analyzeOne(input);
      for (const wanted of MUST_FIND[fixture.seed] ?? []) {
        const found = entities.find((e) => e.text.toLowerCase() === wanted.text.toLowerCase());
        expect(found, wanted.text).toBeDefined();
        if (wanted.type !== undefined) expect(found?.type, wanted.text).toBe(wanted.type);
      }
    });

    it("never reports a stop word, a bare digit string or a capitalised verb as an entity", async () => {
      const { entities } = await analyzeOne(input);
      for (const { text, type } of entities) {
        if (type === "DATE" || type === "QUANTITY") continue;
        expect(STOP_WORDS.has(text.toLowerCase()), text).toBe(false);
        expect(/^\d+$/.test(text), text).toBe(false);
        expect(/\b(Has|Is|Will|Foresees|And)\b/.test(text), text).toBe(false);
      }
    });

    it("is deterministic: the same text gives the same output", async () => {
      expect(await analyzeOne(input)).toEqual(await analyzeOne(input));
    });

    it("has a 1–3 sentence summary copied verbatim from the English paragraphs", () => {
      const summary = summarize(fixture, 3);
      expect(summary.length).toBeGreaterThanOrEqual(1);
      expect(summary.length).toBeLessThanOrEqual(3);
      for (const sentence of summary) {
        expect(fixture.paragraphs.some((p) => p.includes(sentence))).toBe(true);
        expect(sentence).not.toBe(fixture.title);
      }
    });
  });
});
