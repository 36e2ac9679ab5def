import {
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  BatchDetectTargetedSentimentCommand,
  ComprehendClient,
} from "@aws-sdk/client-comprehend";
import { TranslateClient, TranslateTextCommand } from "@aws-sdk/client-translate";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { ComprehendAnalyzer } from "../../../functions/adapters/aws/comprehend-analyzer.js";
import { AmazonTranslator } from "../../../functions/adapters/aws/translate-translator.js";
import { translateArticle } from "../../../functions/core/translate/translate-article.js";
import { storeTranslationCache } from "../../../functions/core/translate/translation-cache.js";
import { InMemoryArticleStore } from "../../fakes/in-memory-store.js";

const FR_EN = { source: "fr", target: "en" } as const;

/** Counts requests in flight; `answer` replies after a delay that makes later requests finish first. */
function inFlight() {
  let running = 0;
  let max = 0;
  let calls = 0;
  return {
    async around<T>(answer: () => T): Promise<T> {
      running += 1;
      max = Math.max(max, running);
      const delay = 30 - (calls++ % 4) * 7;
      await new Promise((resolve) => setTimeout(resolve, delay));
      running -= 1;
      return answer();
    },
    max: () => max,
  };
}

/** ≈ 100 KB of French in 1,000-byte paragraphs: a dozen 9,000-byte requests. */
const longFrench = Array.from(
  { length: 100 },
  (_, i) =>
    `Paragraphe ${i} : ${"Le gouvernement a présenté mercredi un plan de relance très attendu. ".repeat(14).trim()}`,
);

const translateMock = mockClient(TranslateClient);
const comprehendMock = mockClient(ComprehendClient);
afterEach(() => {
  translateMock.reset();
  comprehendMock.reset();
});

async function translateWith(requestConcurrency: number) {
  const flight = inFlight();
  translateMock.reset();
  translateMock.on(TranslateTextCommand).callsFake((input: { Text: string }) =>
    flight.around(() => ({
      TranslatedText: input.Text.split("\n\n")
        .map((p) => `[en] ${p}`)
        .join("\n\n"),
      SourceLanguageCode: "fr",
      TargetLanguageCode: "en",
    })),
  );
  const store = new InMemoryArticleStore();
  const translator = new AmazonTranslator(new TranslateClient({}), { requestConcurrency });
  const result = await translateArticle(
    { title: "Un long article", paragraphs: longFrench },
    { translator, cache: storeTranslationCache(store) },
    FR_EN,
  );
  const sent = translateMock
    .commandCalls(TranslateTextCommand)
    .map((call) => call.args[0].input.Text ?? "")
    .sort();
  const cache = await Promise.all(
    store.keys().map(async (key) => [key, new TextDecoder().decode((await store.get(key))?.bytes)]),
  );
  return { result, sent, cache, maxInFlight: flight.max() };
}

describe("one article's requests in parallel", () => {
  it("Translate: chunks go out a few at a time, come back in order, bill and cache the same", async () => {
    const sequential = await translateWith(1);
    const parallel = await translateWith(4);

    expect(sequential.sent.length).toBeGreaterThanOrEqual(11);
    expect(sequential.maxInFlight).toBe(1);
    expect(parallel.maxInFlight).toBe(4);
    expect(parallel.result).toEqual(sequential.result);
    expect(parallel.result.paragraphs[42]).toBe(`[en] ${longFrench[42]}`);
    expect(parallel.sent).toEqual(sequential.sent);
    expect(parallel.result.usage.billedCharacters).toBe(sequential.result.usage.billedCharacters);
    expect(parallel.cache).toEqual(sequential.cache);
  });

  it("Comprehend: one feature's batches go out a few at a time and map back to their documents", async () => {
    // 60 paragraphs of ≈ 3,000 bytes: one document each, 60 documents = 3 batches per feature.
    const paragraphs = Array.from(
      { length: 60 },
      (_, i) => `Paragraph ${i}. ${"Paris said on Tuesday that the plan would work. ".repeat(62)}`,
    );
    const run = async (requestConcurrency: number) => {
      const flights = {
        keyPhrases: inFlight(),
        sentiment: inFlight(),
        targeted: inFlight(),
      };
      comprehendMock.reset();
      const first = (list: readonly string[] | undefined, i: number) =>
        Number(/^Paragraph (\d+)/.exec(list?.[i] ?? "")?.[1] ?? -1);
      comprehendMock
        .on(BatchDetectKeyPhrasesCommand)
        .callsFake((input: { TextList: string[] }) =>
          flights.keyPhrases.around(() => ({
            ResultList: input.TextList.map((text, Index) => ({
              Index,
              KeyPhrases: [
                {
                  Text: `Paragraph ${first(input.TextList, Index)}`,
                  Score: 0.9,
                  BeginOffset: 0,
                  EndOffset: text.indexOf("."),
                },
              ],
            })),
            ErrorList: [],
          })),
        )
        .on(BatchDetectSentimentCommand)
        .callsFake((input: { TextList: string[] }) =>
          flights.sentiment.around(() => ({
            ResultList: input.TextList.map((_, Index) => ({
              Index,
              Sentiment: "NEUTRAL",
              SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.8, Mixed: 0 },
            })),
            ErrorList: [],
          })),
        )
        .on(BatchDetectTargetedSentimentCommand)
        .callsFake((input: { TextList: string[] }) =>
          flights.targeted.around(() => ({
            ResultList: input.TextList.map((_, Index) => ({ Index, Entities: [] })),
            ErrorList: [],
          })),
        );
      const analyzer = new ComprehendAnalyzer(new ComprehendClient({}), { requestConcurrency });
      const [raw] = await analyzer.analyze([{ title: null, paragraphs, language: "en" }]);
      return { raw, maxInFlight: flights.keyPhrases.max(), calls: comprehendMock.calls().length };
    };
    const sequential = await run(1);
    const parallel = await run(3);

    expect(sequential.maxInFlight).toBe(1);
    expect(parallel.maxInFlight).toBe(3);
    expect(parallel.calls).toBe(sequential.calls);
    expect(parallel.raw).toEqual(sequential.raw);
    // Each key phrase is found in the paragraph it was reported for, though replies crossed.
    const texts = parallel.raw?.keyPhrases.map((mention) => mention.text) ?? [];
    expect(texts).toEqual(paragraphs.map((_, i) => `Paragraph ${i}`));
  });
});
