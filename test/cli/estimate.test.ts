import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  BatchDetectTargetedSentimentCommand,
  ComprehendClient,
} from "@aws-sdk/client-comprehend";
import { TranslateClient, TranslateTextCommand } from "@aws-sdk/client-translate";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ComprehendAnalyzer } from "../../functions/adapters/aws/comprehend-analyzer.js";
import { AmazonTranslator } from "../../functions/adapters/aws/translate-translator.js";
import { estimateCommand } from "../../functions/cli/estimate-command.js";
import { formatEstimate } from "../../functions/cli/estimate-format.js";
import { collectInputs, readInput } from "../../functions/cli/inputs.js";
import { LocalPipeline } from "../../functions/cli/local-pipeline.js";
import { EnrichedDocumentSchema, FailureRecordSchema } from "../../functions/core/document.js";
import { keysFor } from "../../functions/core/keys.js";
import { LIST_PRICES, pricesWithOverrides } from "../../functions/core/pricing.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";
import { estimateTokens } from "../../functions/core/summarize/prompt.js";
import { completionOf, FakeSummarizer } from "../fakes/fake-summarizer.js";
import { writeBadInputs } from "../reliability/bad-inputs.js";

const SEEDS = new URL("../../seeds/", import.meta.url).pathname;

/** Deliveries per message, as the stack configures them. */
const MAX_RECEIVE_COUNT = 5;

const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

let translateMock: AwsClientStub<TranslateClient>;
let comprehendMock: AwsClientStub<ComprehendClient>;

/** Translate echoes its input; Comprehend answers every document, as the benchmark's mocks do. */
function answerLikeTheServices(): void {
  translateMock.on(TranslateTextCommand).callsFake((input: TranslateTextCommand["input"]) => ({
    TranslatedText: input.Text,
    SourceLanguageCode: input.SourceLanguageCode,
    TargetLanguageCode: input.TargetLanguageCode,
  }));
  const indexed = (list: readonly string[] | undefined) =>
    (list ?? []).map((_, Index) => ({ Index }));
  comprehendMock
    .on(BatchDetectKeyPhrasesCommand)
    .callsFake((input: BatchDetectKeyPhrasesCommand["input"]) => ({
      ResultList: indexed(input.TextList).map((r) => ({ ...r, KeyPhrases: [] })),
      ErrorList: [],
    }))
    .on(BatchDetectSentimentCommand)
    .callsFake((input: BatchDetectSentimentCommand["input"]) => ({
      ResultList: indexed(input.TextList).map((r) => ({
        ...r,
        Sentiment: "NEUTRAL" as const,
        SentimentScore: { Positive: 0, Negative: 0, Neutral: 1, Mixed: 0 },
      })),
      ErrorList: [],
    }))
    .on(BatchDetectTargetedSentimentCommand)
    .callsFake((input: BatchDetectTargetedSentimentCommand["input"]) => ({
      ResultList: indexed(input.TextList).map((r) => ({ ...r, Entities: [] })),
      ErrorList: [],
    }));
}

interface RealRun {
  /** Σ `Text.length` of the TranslateText requests that reached the mocked client. */
  readonly sentCharacters: number;
  readonly billedCharacters: number;
  readonly comprehendUnits: number;
  readonly outcomes: Map<string, string>;
}

/** The real thing: the Lambda handlers over the embedded S3, Amazon adapters on mocked clients. */
async function realRun(
  folder: string,
  storeDirectory?: string,
  summarizer?: FakeSummarizer,
): Promise<RealRun> {
  translateMock.resetHistory();
  comprehendMock.resetHistory();
  const pipeline = await LocalPipeline.start({
    translator: new AmazonTranslator(new TranslateClient({}), {
      chunkBytes: DEFAULT_SETTINGS.translateChunkBytes,
    }),
    analyzer: new ComprehendAnalyzer(new ComprehendClient({})),
    settings: DEFAULT_SETTINGS,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    storeDirectory,
    summarizer,
  });
  try {
    const inputs = await collectInputs([folder]);
    for (const input of inputs) await pipeline.upload(input.name, await readInput(input));
    await pipeline.drain();
    let billedCharacters = 0;
    let comprehendUnits = 0;
    const outcomes = new Map<string, string>();
    for (const { name } of inputs) {
      const keys = keysFor(name);
      const enriched = await pipeline.store.get(keys.enriched);
      if (enriched) {
        const doc = EnrichedDocumentSchema.parse(
          JSON.parse(new TextDecoder().decode(enriched.bytes)),
        );
        billedCharacters += doc.usage.translate.billedCharacters;
        comprehendUnits += doc.usage.analyze.units;
        outcomes.set(name, doc.clean.language === "en" ? "english" : "translate");
        continue;
      }
      const failed = await pipeline.store.get(keys.failed);
      if (!failed) throw new Error(`${name} has no result`);
      const record = FailureRecordSchema.parse(JSON.parse(new TextDecoder().decode(failed.bytes)));
      outcomes.set(name, `failed ${record.code}`);
    }
    const sentCharacters = translateMock
      .commandCalls(TranslateTextCommand)
      .reduce((sum, call) => sum + (call.args[0].input.Text ?? "").length, 0);
    return { sentCharacters, billedCharacters, comprehendUnits, outcomes };
  } finally {
    await pipeline.close();
  }
}

async function estimate(location: string, storeDirectory?: string) {
  translateMock.resetHistory();
  comprehendMock.resetHistory();
  const result = await estimateCommand({
    location,
    settings: DEFAULT_SETTINGS,
    prices: LIST_PRICES,
    storeDirectory,
    stderr: quiet,
  });
  // A dry run: not one request reached either service.
  expect(translateMock.calls()).toHaveLength(0);
  expect(comprehendMock.calls()).toHaveLength(0);
  return result;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "depeche-estimate-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  translateMock = mockClient(TranslateClient);
  comprehendMock = mockClient(ComprehendClient);
  answerLikeTheServices();
});
afterEach(() => {
  translateMock.restore();
  comprehendMock.restore();
});

describe("depeche estimate", () => {
  it("prices the seeds at exactly what a real run through the Amazon engines bills", async () => {
    const real = await realRun(SEEDS);
    const result = await estimate(SEEDS);

    expect(real.sentCharacters).toBeGreaterThan(0);
    expect(result.totals.translateCharacters).toBe(real.sentCharacters);
    expect(result.totals.translateCharacters).toBe(real.billedCharacters);
    expect(result.totals.comprehendUnits).toBe(real.comprehendUnits);
    expect(result.totals).toMatchObject({ objects: 5, toTranslate: 5, failed: 0 });
    expect(result.bill.totalUsd).toBeCloseTo(
      result.totals.translateCharacters * LIST_PRICES.translateUsdPerCharacter +
        result.totals.comprehendUnits * LIST_PRICES.comprehendUsdPerUnit,
      10,
    );
  });

  it("predicts every failure code of a folder of bad inputs, and bills what the run bills", async () => {
    const folder = join(work, "bad");
    await writeBadInputs(folder);
    const real = await realRun(folder);
    const result = await estimate(folder);

    const predicted = new Map(
      result.articles.map((a) => [a.name, a.outcome === "failed" ? `failed ${a.code}` : a.outcome]),
    );
    expect(predicted).toEqual(real.outcomes);
    expect([...predicted.values()].filter((o) => o.startsWith("failed")).length).toBeGreaterThan(5);
    expect(result.totals.translateCharacters).toBe(real.sentCharacters);
    expect(result.totals.comprehendUnits).toBe(real.comprehendUnits);
  });

  it("applies the translation cache a store already holds: a second batch bills nothing", async () => {
    const store = join(work, "store");
    await realRun(SEEDS, store);
    const again = join(work, "again");
    await cp(SEEDS, again, { recursive: true });

    const result = await estimate(again, store);

    expect(result.totals.translateCharacters).toBe(0);
    expect(result.totals.cachedCharacters).toBeGreaterThan(9_000);
    // Comprehend still analyses every article: the cache holds translations, not analyses.
    expect(result.totals.comprehendUnits).toBeGreaterThan(0);
  });
});

describe("depeche estimate --summarizer bedrock", () => {
  const bedrock = {
    ...DEFAULT_SETTINGS,
    summarizer: "bedrock" as const,
    bedrockModelId: "us.amazon.nova-lite-v1:0",
  };

  it("counts the prompt tokens the summariser sends and the output ceiling, priced for the model", async () => {
    // A real run with a generative summariser: what it was asked is what Bedrock would bill.
    const summarizer = new FakeSummarizer(() => completionOf("not JSON"), bedrock.bedrockModelId);
    await realRun(SEEDS, undefined, summarizer);
    expect(summarizer.requests).toHaveLength(5);
    const sentTokens = summarizer.requests.reduce(
      (sum, r) => sum + estimateTokens(r.system) + estimateTokens(r.user),
      0,
    );

    const result = await estimateCommand({
      location: SEEDS,
      settings: bedrock,
      prices: LIST_PRICES,
      stderr: quiet,
    });

    expect(result.summaryModelId).toBe("us.amazon.nova-lite-v1:0");
    expect(result.totals.summaryInputTokens).toBe(sentTokens);
    expect(result.totals.summaryOutputTokens).toBe(5 * bedrock.summaryOutputTokens);
    const price = LIST_PRICES.bedrockTokenPrices["amazon.nova-lite-v1:0"];
    if (price === undefined) throw new Error("Nova Lite has no list price");
    const summaryUsd =
      (sentTokens * price.inputUsdPer1kTokens +
        5 * bedrock.summaryOutputTokens * price.outputUsdPer1kTokens) /
      1_000;
    expect(result.bill.summaryUsd).toBeCloseTo(summaryUsd, 12);
    expect(result.bill.totalUsd).toBeCloseTo(
      result.bill.translateUsd + result.bill.comprehendUsd + summaryUsd,
      12,
    );
    expect(formatEstimate(result)).toMatch(
      /Amazon Bedrock \(summary\) +[\d,]+ tokens +[\d,]+ in, at most 2,000 out \(us\.amazon\.nova-lite-v1:0\), \$0\.\d{4}/,
    );
  });

  it("prices nothing for the extractive default and prints no Bedrock line", async () => {
    const result = await estimate(SEEDS);
    expect(result.summaryModelId).toBeNull();
    expect(result.totals.summaryInputTokens).toBe(0);
    expect(result.bill.summaryUsd).toBe(0);
    expect(formatEstimate(result)).not.toContain("Bedrock");
  });

  it("refuses a model without a price in one line, before reading the folder", async () => {
    await expect(
      estimateCommand({
        location: join(work, "does-not-exist"),
        settings: { ...bedrock, bedrockModelId: "mistral.mistral-large-2402-v1:0" },
        prices: LIST_PRICES,
        stderr: quiet,
      }),
    ).rejects.toThrow(
      /^no Bedrock token price for mistral\.mistral-large-2402-v1:0: add it to a --prices file/,
    );
  });
});

describe("price table", () => {
  it("merges a partial override over the list prices", () => {
    expect(pricesWithOverrides({ translateUsdPerCharacter: 0.00001 })).toEqual({
      ...LIST_PRICES,
      translateUsdPerCharacter: 0.00001,
    });
  });

  it.each([
    [{ translateUsdPerChar: 1 }, /translateUsdPerChar|Unrecognized/],
    [{ comprehendUsdPerUnit: -1 }, /comprehendUsdPerUnit/],
    [{ comprehendUsdPerUnit: "cheap" }, /comprehendUsdPerUnit/],
  ])("refuses %j with one line naming the field", (overrides, message) => {
    expect(() => pricesWithOverrides(overrides)).toThrow(message);
  });
});
