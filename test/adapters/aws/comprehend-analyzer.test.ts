import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BatchDetectEntitiesCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  BatchDetectTargetedSentimentCommand,
  ComprehendClient,
} from "@aws-sdk/client-comprehend";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  COMPREHEND_MAX_BATCH_DOCUMENTS,
  COMPREHEND_MAX_DOCUMENT_BYTES,
  ComprehendAnalyzer,
} from "../../../functions/adapters/aws/comprehend-analyzer.js";
import { BuiltinAnalyzer } from "../../../functions/adapters/local/builtin-analyzer.js";
import { type ArticleAnalysis, buildAnalysis } from "../../../functions/core/analyze/analysis.js";
import {
  AnalyzeUsageSchema,
  EntityTypeSchema,
  SentimentSchema,
} from "../../../functions/core/document.js";
import { InputError, TransientError } from "../../../functions/core/errors.js";
import type { AnalysisInput, AnalyzeUsage, TextAnalyzer } from "../../../functions/core/ports.js";

/** One article through the engine and the core, as the analyze stage does it. */
async function analyzeOne(
  analyzer: TextAnalyzer,
  input: AnalysisInput,
): Promise<ArticleAnalysis & { readonly usage: AnalyzeUsage }> {
  const [raw] = await analyzer.analyze([input]);
  if (raw === undefined) throw new Error("no analysis");
  return { ...buildAnalysis(input, raw), usage: raw.usage };
}

const FIXTURES = fileURLToPath(new URL("../../fixtures/analyze/", import.meta.url));

/** What both engines must return: the v1 document's analysis fields, nothing more. */
const score = z.number().min(0).max(1);
const MentionShape = z.strictObject({
  paragraph: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
const AnalysisOutputSchema = z
  .object({
    keyPhrases: z.array(
      z.object({ text: z.string().min(1), score, mentions: z.array(MentionShape) }).strict(),
    ),
    entities: z.array(
      z
        .object({
          text: z.string().min(1),
          type: EntityTypeSchema,
          score,
          mentions: z.array(MentionShape),
          sentiment: z.strictObject(SentimentSchema.shape),
        })
        .strict(),
    ),
    sentiment: z.strictObject(SentimentSchema.shape),
    usage: z.strictObject(AnalyzeUsageSchema.shape).omit({ engine: true }),
  })
  .strict();

const comprehend = mockClient(ComprehendClient);
const encoder = new TextEncoder();
const bytes = (text: string): number => encoder.encode(text).length;

/** A fake clock: records the backoff delays instead of waiting. */
function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

/** A 30 KB English article: 60 paragraphs of ~540 bytes, accented names included. */
function longArticle(): string[] {
  return Array.from({ length: 60 }, (_, i) =>
    [
      `Paragraph ${i}: Sergueï Lavrov met Mevlut Çavuşoğlu in Sochi to discuss the S-400 deal.`,
      "Both ministers said that the military cooperation between Russia and Turkey would continue despite the American sanctions decided in mid-December.",
      "Analysts in Ankara and Moscow described the talks as constructive, although several Western states criticised the purchase.",
      "The delegations agreed to meet again next month to prepare a visit of the two presidents.",
      "Officials declined to give details about the financing of the deliveries or the schedule.",
    ].join(" "),
  );
}

/** Every Batch* call answers each document: neutral sentiment, one phrase, one entity. */
function answerEverything(): void {
  comprehend.on(BatchDetectSentimentCommand).callsFake(async (input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Sentiment: "NEUTRAL",
      SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.8, Mixed: 0 },
    })),
    ErrorList: [],
  }));
  comprehend.on(BatchDetectKeyPhrasesCommand).callsFake(async (input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      KeyPhrases: [{ Text: "the military cooperation", Score: 0.99, BeginOffset: 0, EndOffset: 1 }],
    })),
    ErrorList: [],
  }));
  comprehend.on(BatchDetectEntitiesCommand).callsFake(async (input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Entities: [{ Text: "Russia", Type: "LOCATION", Score: 0.98, BeginOffset: 0, EndOffset: 6 }],
    })),
    ErrorList: [],
  }));
  comprehend
    .on(BatchDetectTargetedSentimentCommand)
    .callsFake(async (input: { TextList: string[] }) => ({
      ResultList: input.TextList.map((_, Index) => ({
        Index,
        Entities: [
          {
            DescriptiveMentionIndex: [0],
            Mentions: [
              {
                Text: "Russia",
                Type: "LOCATION",
                Score: 0.98,
                GroupScore: 1,
                BeginOffset: 0,
                EndOffset: 6,
                MentionSentiment: {
                  Sentiment: "NEGATIVE",
                  SentimentScore: { Positive: 0.05, Negative: 0.85, Neutral: 0.1, Mixed: 0 },
                },
              },
            ],
          },
        ],
      })),
      ErrorList: [],
    }));
}

/** One targeted-sentiment mention as Comprehend reports it, sentiment by label. */
function mention(
  Text: string,
  Type: "PERSON" | "LOCATION" | "COMMERCIAL_ITEM",
  BeginOffset: number,
  Sentiment: "POSITIVE" | "NEGATIVE" | "NEUTRAL",
) {
  return {
    Text,
    Type,
    Score: 0.99,
    GroupScore: 1,
    BeginOffset,
    EndOffset: BeginOffset + Text.length,
    MentionSentiment: {
      Sentiment,
      SentimentScore: {
        Positive: Sentiment === "POSITIVE" ? 0.9 : 0.05,
        Negative: Sentiment === "NEGATIVE" ? 0.9 : 0.05,
        Neutral: Sentiment === "NEUTRAL" ? 0.9 : 0.05,
        Mixed: 0,
      },
    },
  };
}

function sentTexts(command: typeof BatchDetectSentimentCommand): string[][] {
  return comprehend.commandCalls(command).map((call) => call.args[0].input.TextList ?? []);
}

describe("ComprehendAnalyzer", () => {
  beforeEach(() => {
    comprehend.reset();
  });

  it("splits a 30 KB article into ≤ 5,000-byte documents sent in batches of ≤ 25", async () => {
    // Prepare
    answerEverything();
    const paragraphs = longArticle();
    const total = paragraphs.reduce((sum, p) => sum + bytes(p), 0);
    expect(total).toBeGreaterThan(30_000);
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}));

    // Act
    const output = await analyzeOne(analyzer, { title: null, paragraphs, language: "en" });

    // Assess: ⌈30 KB / 5 KB⌉ = 7 documents, one call per feature
    const batches = sentTexts(BatchDetectSentimentCommand);
    const documents = batches.flat();
    expect(batches).toHaveLength(1);
    expect(documents.length).toBeGreaterThanOrEqual(7);
    for (const document of documents) expect(bytes(document)).toBeLessThanOrEqual(5_000);
    // Nothing lost or reordered: the documents hold every paragraph, in order
    expect(documents.join("\n\n")).toBe(paragraphs.join("\n\n"));
    expect(comprehend.commandCalls(BatchDetectKeyPhrasesCommand)).toHaveLength(1);
    // English: the entities come from targeted sentiment, BatchDetectEntities is not sent
    expect(comprehend.commandCalls(BatchDetectEntitiesCommand)).toHaveLength(0);
    expect(output.entities.map((e) => [e.text, e.type])).toEqual([["Russia", "LOCATION"]]);
    // Targeted sentiment gets the very same documents (5 KB bound per document)
    expect(
      comprehend
        .commandCalls(BatchDetectTargetedSentimentCommand)
        .map((call) => call.args[0].input.TextList),
    ).toEqual(batches);
    for (const call of comprehend.calls()) {
      expect(call.args[0].input).toMatchObject({ LanguageCode: "en" });
    }
    expect(output.usage.requests).toBe(3);
  });

  it("sends more than 25 documents in several batches of at most 25", async () => {
    // Prepare: 1,000-byte documents turn the 30 KB article into > 25 documents
    answerEverything();
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), { maxDocumentBytes: 1_000 });

    // Act
    await analyzeOne(analyzer, { title: null, paragraphs: longArticle(), language: "en" });

    // Assess
    for (const command of [
      BatchDetectSentimentCommand,
      BatchDetectKeyPhrasesCommand,
      BatchDetectTargetedSentimentCommand,
    ] as const) {
      const batches = comprehend
        .commandCalls(command)
        .map((call) => call.args[0].input.TextList ?? []);
      const documents = batches.flat();
      expect(documents.length).toBeGreaterThan(COMPREHEND_MAX_BATCH_DOCUMENTS);
      expect(batches).toHaveLength(Math.ceil(documents.length / COMPREHEND_MAX_BATCH_DOCUMENTS));
      for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(25);
      for (const document of documents) expect(bytes(document)).toBeLessThanOrEqual(1_000);
    }
  });

  it("never sends documents over the Batch* limit, even when asked to", () => {
    expect(COMPREHEND_MAX_DOCUMENT_BYTES).toBe(5_000);
    expect(() => new ComprehendAnalyzer(new ComprehendClient({}), { maxDocumentBytes: 0 })).toThrow(
      RangeError,
    );
  });

  it("retries a document from a partial ErrorList and uses its result", async () => {
    // Prepare: the second document fails once with an internal error, then succeeds
    answerEverything();
    let failed = false;
    comprehend.on(BatchDetectSentimentCommand).callsFake(async (input: { TextList: string[] }) => {
      const failNow = !failed && input.TextList.length > 1;
      failed ||= failNow;
      return {
        ResultList: input.TextList.flatMap((text, Index) =>
          failNow && Index === 1
            ? []
            : [
                {
                  Index,
                  Sentiment: text.includes("war") ? "NEGATIVE" : "NEUTRAL",
                  SentimentScore: text.includes("war")
                    ? { Positive: 0, Negative: 1, Neutral: 0, Mixed: 0 }
                    : { Positive: 0, Negative: 0, Neutral: 1, Mixed: 0 },
                },
              ],
        ),
        ErrorList: failNow
          ? [{ Index: 1, ErrorCode: "INTERNAL_SERVER_ERROR", ErrorMessage: "try again" }]
          : [],
      };
    });
    const { delays, sleep } = recordingSleep();
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), {
      maxDocumentBytes: 100,
      sleep,
    });
    const paragraphs = [
      "A calm paragraph about the weather in Sochi today.",
      "A paragraph about the war, the war, and the war again.",
      "Another calm paragraph about the grain exports.",
    ];

    // Act
    const output = await analyzeOne(analyzer, { title: null, paragraphs, language: "en" });

    // Assess: the retry carried only the failed document, after one backoff delay
    expect(sentTexts(BatchDetectSentimentCommand)).toEqual([paragraphs, [paragraphs[1]]]);
    expect(delays).toHaveLength(1);
    expect(output.sentiment.scores.negative).toBeGreaterThan(0.3);
  });

  it("ends in TransientError naming the document when its ErrorList entry persists", async () => {
    // Prepare
    answerEverything();
    comprehend
      .on(BatchDetectTargetedSentimentCommand)
      .callsFake(async (input: { TextList: string[] }) => ({
        ResultList: input.TextList.flatMap((_, Index) =>
          Index === 0 ? [] : [{ Index, Entities: [] }],
        ),
        ErrorList: [{ Index: 0, ErrorCode: "INTERNAL_SERVER_ERROR", ErrorMessage: "boom" }],
      }));
    const { delays, sleep } = recordingSleep();
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), { itemRounds: 3, sleep });

    // Act
    const analysis = analyzeOne(analyzer, { title: null, paragraphs: ["Russia."], language: "en" });

    // Assess
    await expect(analysis).rejects.toBeInstanceOf(TransientError);
    await expect(analysis).rejects.toThrow(
      /targetedSentiment: document 0 failed with INTERNAL_SERVER_ERROR/,
    );
    expect(comprehend.commandCalls(BatchDetectTargetedSentimentCommand)).toHaveLength(3);
    expect(delays).toEqual([200, 400]);
  });

  it("fails at once with InputError when an ErrorList entry can never succeed", async () => {
    answerEverything();
    comprehend.on(BatchDetectKeyPhrasesCommand).resolves({
      ResultList: [],
      ErrorList: [{ Index: 0, ErrorCode: "TEXT_SIZE_LIMIT_EXCEEDED", ErrorMessage: "too big" }],
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), {
      sleep: recordingSleep().sleep,
    });

    await expect(
      analyzeOne(analyzer, { title: null, paragraphs: ["Russia."], language: "en" }),
    ).rejects.toBeInstanceOf(InputError);
    expect(comprehend.commandCalls(BatchDetectKeyPhrasesCommand)).toHaveLength(1);
  });

  it("turns throttling the SDK gave up on into TransientError, counting the SDK's attempts", async () => {
    answerEverything();
    const throttled = Object.assign(new Error("Slow down"), {
      name: "TooManyRequestsException",
      $metadata: { httpStatusCode: 429, attempts: 5 },
    });
    comprehend.on(BatchDetectSentimentCommand).rejects(throttled);
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}));

    await expect(
      analyzeOne(analyzer, { title: null, paragraphs: ["Good."], language: "en" }),
    ).rejects.toBeInstanceOf(TransientError);
    // The adapter does not retry on top of the SDK: one call of the feature.
    expect(comprehend.commandCalls(BatchDetectSentimentCommand)).toHaveLength(1);
  });

  it("aggregates document sentiments weighted by bytes, MIXED when both sides carry weight", async () => {
    // Prepare: each document's sentiment is read from a marker word in it
    answerEverything();
    comprehend.on(BatchDetectSentimentCommand).callsFake(async (input: { TextList: string[] }) => ({
      ResultList: input.TextList.map((text, Index) => ({
        Index,
        Sentiment: text.startsWith("Good") ? "POSITIVE" : "NEGATIVE",
        SentimentScore: text.startsWith("Good")
          ? { Positive: 0.9, Negative: 0.02, Neutral: 0.08, Mixed: 0 }
          : { Positive: 0.02, Negative: 0.9, Neutral: 0.08, Mixed: 0 },
      })),
      ErrorList: [],
    }));
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), { maxDocumentBytes: 200 });
    const good = `Good ${"news ".repeat(30)}`.trim();
    const bad = `Bad ${"news ".repeat(30)}`.trim();

    // Act
    const balanced = await analyzeOne(analyzer, {
      title: null,
      paragraphs: [good, bad],
      language: "en",
    });
    const mostlyBad = await analyzeOne(analyzer, {
      title: null,
      paragraphs: [good, bad, bad, bad],
      language: "en",
    });

    // Assess
    expect(balanced.sentiment.label).toBe("MIXED");
    expect(balanced.sentiment.scores.positive).toBeCloseTo(0.46, 2);
    expect(mostlyBad.sentiment.label).toBe("NEGATIVE");
    const { positive, negative, neutral, mixed } = mostlyBad.sentiment.scores;
    expect(positive + negative + neutral + mixed).toBeCloseTo(1, 9);
  });

  it("merges key phrases and entities repeated across documents", async () => {
    // Prepare: two documents name the same people and phrase differently
    comprehend.on(BatchDetectSentimentCommand).callsFake(async (input: { TextList: string[] }) => ({
      ResultList: input.TextList.map((_, Index) => ({
        Index,
        Sentiment: "NEUTRAL",
        SentimentScore: { Positive: 0, Negative: 0, Neutral: 1, Mixed: 0 },
      })),
    }));
    comprehend.on(BatchDetectKeyPhrasesCommand).resolves({
      ResultList: [
        {
          Index: 0,
          KeyPhrases: [{ Text: "the American sanctions", Score: 0.97, BeginOffset: 19 }],
        },
        {
          Index: 1,
          KeyPhrases: [
            { Text: "the S-400 deal", Score: 0.9, BeginOffset: 12 },
            { Text: "the sanctions", Score: 0.99, BeginOffset: 39 },
          ],
        },
      ],
    });
    // Targeted sentiment names the entities too: Lavrov and Turkey in the first document, Lavrov
    // (with "he") and the S-400 in the second, as Comprehend groups them
    comprehend.on(BatchDetectTargetedSentimentCommand).resolves({
      ResultList: [
        {
          Index: 0,
          Entities: [
            {
              DescriptiveMentionIndex: [0],
              Mentions: [mention("Sergei Lavrov", "PERSON", 0, "NEGATIVE")],
            },
            {
              DescriptiveMentionIndex: [0],
              Mentions: [mention("Turkey", "LOCATION", 62, "NEUTRAL")],
            },
          ],
        },
        {
          Index: 1,
          Entities: [
            {
              DescriptiveMentionIndex: [0],
              Mentions: [
                mention("Lavrov", "PERSON", 0, "NEGATIVE"),
                mention("he", "PERSON", 60, "NEGATIVE"),
              ],
            },
            {
              DescriptiveMentionIndex: [0],
              Mentions: [mention("S-400", "COMMERCIAL_ITEM", 16, "POSITIVE")],
            },
          ],
        },
      ],
      ErrorList: [],
    });
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), { maxDocumentBytes: 100 });
    const paragraphs = [
      "Sergei Lavrov said the American sanctions changed nothing for Turkey.",
      "Lavrov said the S-400 deal stands, and the sanctions too, he said.",
    ];

    // Act
    const output = await analyzeOne(analyzer, { title: null, paragraphs, language: "en" });

    // Assess
    expect(sentTexts(BatchDetectSentimentCommand).flat()).toHaveLength(2);
    // "sanctions" is inside "American sanctions": one of the pair is kept
    expect(output.keyPhrases.map((p) => p.text)).toEqual(["American sanctions", "S-400 deal"]);
    // Offsets point into each paragraph: the second document is the second paragraph
    expect(output.entities.find((e) => e.text === "Sergei Lavrov")?.mentions).toEqual([
      { paragraph: 0, start: 0, end: 13 },
      { paragraph: 1, start: 0, end: 6 },
    ]);
    expect(output.entities.map((e) => [e.text, e.type])).toEqual([
      ["Sergei Lavrov", "PERSON"],
      ["Turkey", "LOCATION"],
      ["S-400", "COMMERCIAL_ITEM"],
    ]);
    const scores = output.keyPhrases.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Per-entity sentiment: targeted mentions joined to the merged entity by name
    const sentimentOf = (text: string) => output.entities.find((e) => e.text === text)?.sentiment;
    expect(sentimentOf("Sergei Lavrov")?.label).toBe("NEGATIVE");
    expect(sentimentOf("Turkey")?.label).toBe("NEUTRAL");
    expect(sentimentOf("S-400")?.label).toBe("POSITIVE");
    // The pronoun is Lavrov's sentiment, not an entity
    expect(output.entities.some((e) => e.text === "he")).toBe(false);
    expect(comprehend.commandCalls(BatchDetectEntitiesCommand)).toHaveLength(0);
  });

  it("with entities: detect-entities, names English entities from BatchDetectEntities (4 features)", async () => {
    // Prepare: targeted sentiment finds a name DetectEntities does not; only the latter counts
    answerEverything();
    comprehend
      .on(BatchDetectTargetedSentimentCommand)
      .callsFake(async (input: { TextList: string[] }) => ({
        ResultList: input.TextList.map((_, Index) => ({
          Index,
          Entities: [
            {
              DescriptiveMentionIndex: [0],
              Mentions: [mention("Turkey", "LOCATION", 11, "NEGATIVE")],
            },
          ],
        })),
        ErrorList: [],
      }));
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), {
      entities: "detect-entities",
    });

    // Act
    const output = await analyzeOne(analyzer, {
      title: null,
      paragraphs: ["Russia and Turkey signed a contract."],
      language: "en",
    });

    // Assess
    expect(comprehend.commandCalls(BatchDetectEntitiesCommand)).toHaveLength(1);
    expect(comprehend.commandCalls(BatchDetectTargetedSentimentCommand)).toHaveLength(1);
    expect(output.entities.map((e) => [e.text, e.type])).toEqual([["Russia", "LOCATION"]]);
    expect(output.usage.requests).toBe(4);
  });

  it("asks BatchDetectEntities for the entities of a language targeted sentiment does not read", async () => {
    // Prepare
    answerEverything();
    comprehend.on(BatchDetectEntitiesCommand).callsFake(async (input: { TextList: string[] }) => ({
      ResultList: input.TextList.map((_, Index) => ({
        Index,
        Entities: [{ Text: "Russie", Type: "LOCATION", Score: 0.97, BeginOffset: 0, EndOffset: 6 }],
      })),
      ErrorList: [],
    }));
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}));

    // Act
    const output = await analyzeOne(analyzer, {
      title: null,
      paragraphs: ["Russie et Turquie ont signé un contrat."],
      language: "fr",
    });

    // Assess: three features, BatchDetectEntities in place of targeted sentiment
    expect(comprehend.commandCalls(BatchDetectTargetedSentimentCommand)).toHaveLength(0);
    expect(comprehend.commandCalls(BatchDetectEntitiesCommand)).toHaveLength(1);
    expect(output.entities.map((e) => [e.text, e.type, e.score])).toEqual([
      ["Russie", "LOCATION", expect.any(Number)],
    ]);
    expect(output.usage.requests).toBe(3);
  });

  it("records usage: characters sent per feature, 100-character units with a 3-unit minimum", async () => {
    // Prepare: one 150-character document and one of 1,234 characters but 1,334 bytes
    // (billing counts characters, not bytes: 13 units, not 14)
    answerEverything();
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), { maxDocumentBytes: 1_400 });
    const short = `${"a".repeat(149)}.`;
    const long = `${"é".repeat(100)} ${"b".repeat(1_132)}.`;
    expect([short.length, long.length, bytes(long)]).toEqual([150, 1_234, 1_334]);

    // Act
    const { usage } = await analyzeOne(analyzer, {
      title: null,
      paragraphs: [short, long],
      language: "en",
    });

    // Assess: (3 + 13) units × 3 features (key phrases, sentiment, targeted sentiment);
    // (150 + 1,234) characters × 3 features
    expect(sentTexts(BatchDetectSentimentCommand)).toEqual([[short, long]]);
    expect(usage).toEqual({ billedCharacters: 3 * 1_384, requests: 3, units: 3 * 16 });
  });

  it("sends nothing and bills nothing for an article without text", async () => {
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}));
    const output = await analyzeOne(analyzer, { title: " ", paragraphs: [""], language: "en" });
    expect(comprehend.calls()).toHaveLength(0);
    expect(output).toEqual({
      keyPhrases: [],
      entities: [],
      sentiment: { label: "NEUTRAL", scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 } },
      usage: { billedCharacters: 0, requests: 0, units: 0 },
    });
  });

  it("refuses a language Comprehend does not analyse, without calling it", async () => {
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({}));
    await expect(
      analyzeOne(analyzer, { title: null, paragraphs: ["Привет"], language: "ru" }),
    ).rejects.toBeInstanceOf(InputError);
    expect(comprehend.calls()).toHaveLength(0);
  });

  describe.each(
    readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".en.json"))
      .sort(),
  )("on seed fixture %s", (file) => {
    it("returns the same shapes as the builtin engine", async () => {
      // Prepare: Comprehend answers every document with its first words as a phrase
      answerEverything();
      comprehend
        .on(BatchDetectKeyPhrasesCommand)
        .callsFake(async (input: { TextList: string[] }) => ({
          ResultList: input.TextList.map((text, Index) => ({
            Index,
            KeyPhrases: [
              { Text: text.split(" ").slice(0, 3).join(" "), Score: 0.99, BeginOffset: 0 },
            ],
          })),
        }));
      const fixture = JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as {
        title: string | null;
        paragraphs: string[];
      };
      const input = { ...fixture, language: "en" };

      // Act
      const amazon = await analyzeOne(new ComprehendAnalyzer(new ComprehendClient({})), input);
      const builtin = await analyzeOne(new BuiltinAnalyzer(), input);

      // Assess
      expect(AnalysisOutputSchema.parse(amazon)).toEqual(amazon);
      expect(AnalysisOutputSchema.parse(builtin)).toEqual(builtin);
      expect(amazon.usage.requests).toBe(3);
      expect(amazon.usage.units).toBeGreaterThanOrEqual(3 * 3);
      const sent = sentTexts(BatchDetectSentimentCommand).flat().join(" ");
      expect(sent.length).toBeGreaterThan(fixture.paragraphs.join(" ").length * 0.99);
    });
  });
});

describe("ComprehendAnalyzer.analyzeEach: articles sharing batch requests", () => {
  beforeEach(() => {
    comprehend.reset();
  });

  /** 30 one-document articles: batches of 25 + 5 per feature. */
  const articles: AnalysisInput[] = Array.from({ length: 30 }, (_, i) => ({
    title: null,
    paragraphs: [`Article ${i} says Russia and Turkey signed a contract number ${1000 + i}.`],
    language: "en",
  }));

  it("fills each 25-document batch with documents of several articles and maps results back", async () => {
    answerEverything();
    // Each document's key phrase is its own number, so a mix-up would show
    comprehend.on(BatchDetectKeyPhrasesCommand).callsFake(async ({ TextList }) => ({
      ResultList: (TextList as string[]).map((text, Index) => {
        const number = /number (\d+)/.exec(text)?.[1] ?? "";
        const at = text.indexOf(number);
        return {
          Index,
          KeyPhrases: [
            { Text: number, Score: 0.9, BeginOffset: at, EndOffset: at + number.length },
          ],
        };
      }),
      ErrorList: [],
    }));
    const outcomes = await new ComprehendAnalyzer(new ComprehendClient({})).analyzeEach(articles);

    expect(comprehend.commandCalls(BatchDetectKeyPhrasesCommand).map(sentCount)).toEqual([25, 5]);
    outcomes.forEach((outcome, i) => {
      if (outcome instanceof Error) throw outcome;
      expect(outcome.keyPhrases.map((phrase) => phrase.text)).toEqual([String(1000 + i)]);
      // 2 requests per feature went out; each article was in one of them per feature
      expect(outcome.usage.requests).toBe(3);
    });
  });

  it("fails only the articles of a batch call the SDK gave up on", async () => {
    answerEverything();
    const throttled = Object.assign(new Error("Rate exceeded"), {
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 400, attempts: 5 },
    });
    comprehend.on(BatchDetectTargetedSentimentCommand).callsFake(async ({ TextList }) => {
      if ((TextList as string[]).some((text) => text.includes("number 1027"))) throw throttled;
      return {
        ResultList: (TextList as string[]).map((_, Index) => ({ Index, Entities: [] })),
        ErrorList: [],
      };
    });
    const outcomes = await new ComprehendAnalyzer(new ComprehendClient({})).analyzeEach(articles);

    // The second batch held articles 25–29: they, and only they, fail (to be retried)
    const failed = outcomes.flatMap((outcome, i) => (outcome instanceof Error ? [i] : []));
    expect(failed).toEqual([25, 26, 27, 28, 29]);
    expect(outcomes[27]).toBeInstanceOf(TransientError);
    // the SDK's attempts count for the articles in that request
    const ok = outcomes[0];
    if (ok instanceof Error || ok === undefined) throw new Error("article 0 should succeed");
    expect(ok.usage.requests).toBe(3);
  });

  it("keeps the articles of a failed ErrorList document's batch, failing its own article alone", async () => {
    answerEverything();
    comprehend.on(BatchDetectSentimentCommand).callsFake(async ({ TextList }) => {
      const texts = TextList as string[];
      return {
        ResultList: texts.flatMap((text, Index) =>
          text.includes("number 1003")
            ? []
            : [{ Index, Sentiment: "NEUTRAL", SentimentScore: { Neutral: 1 } }],
        ),
        ErrorList: texts.flatMap((text, Index) =>
          text.includes("number 1003")
            ? [{ Index, ErrorCode: "INVALID_REQUEST", ErrorMessage: "scripted" }]
            : [],
        ),
      };
    });
    const outcomes = await new ComprehendAnalyzer(new ComprehendClient({})).analyzeEach(articles);

    const failed = outcomes.flatMap((outcome, i) => (outcome instanceof Error ? [i] : []));
    expect(failed).toEqual([3]);
    expect(outcomes[3]).toBeInstanceOf(InputError);
    // analyze (all-or-nothing) still reports the failure
    await expect(
      new ComprehendAnalyzer(new ComprehendClient({})).analyze(articles),
    ).rejects.toBeInstanceOf(InputError);
  });
});

function sentCount(call: { args: [{ input: { TextList?: string[] } }] }): number {
  return call.args[0].input.TextList?.length ?? 0;
}
