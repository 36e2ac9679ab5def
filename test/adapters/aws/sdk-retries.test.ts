import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { TranslateClient } from "@aws-sdk/client-translate";
import { describe, expect, it } from "vitest";
import { ComprehendAnalyzer } from "../../../functions/adapters/aws/comprehend-analyzer.js";
import { ServiceCallCounter } from "../../../functions/adapters/aws/service-calls.js";
import { AmazonTranslator } from "../../../functions/adapters/aws/translate-translator.js";
import { TransientError } from "../../../functions/core/errors.js";
import { scriptedClientConfig, scriptedHttp, serviceError } from "../../support/scripted-http.js";

// Real SDK clients (serialisation, retry strategy, deserialisation) over a scripted HTTP edge:
// aws-sdk-client-mock replaces `send` itself, so it cannot show what the SDK retries.

const FR_EN = { source: "fr", target: "en" } as const;

describe("AmazonTranslator on the SDK's retry strategy", () => {
  it("leaves throttling and 5xx to the SDK's retry strategy and counts every request it made", async () => {
    // Prepare: a real client whose HTTP edge throttles twice, fails once, then answers
    const http = scriptedHttp([
      serviceError(400, "ThrottlingException", "slow down"),
      serviceError(429, "TooManyRequestsException"),
      serviceError(500, "InternalServerException"),
      {
        status: 200,
        body: { TranslatedText: "Hello.", SourceLanguageCode: "fr", TargetLanguageCode: "en" },
      },
    ]);
    const calls = new ServiceCallCounter();
    const client = new TranslateClient(scriptedClientConfig(http));
    // Act
    const result = await new AmazonTranslator(client, { calls }).translate(["Bonjour."], FR_EN);
    // Assess: one command, four HTTP requests, three of them retries; billed once
    expect(result.paragraphs).toEqual(["Hello."]);
    expect(http.requests.map((r) => r.operation)).toEqual(Array(4).fill("TranslateText"));
    expect(result.requests).toBe(4);
    expect(calls).toMatchObject({ requests: 4, retries: 3 });
    expect(result.billedCharacters).toBe("Bonjour.".length);
  });

  it("throws TransientError when the SDK's attempts run out, having counted them", async () => {
    const http = scriptedHttp([serviceError(503, "ServiceUnavailableException")]);
    const calls = new ServiceCallCounter();
    const translator = new AmazonTranslator(new TranslateClient(scriptedClientConfig(http, 3)), {
      calls,
    });
    await expect(translator.translate(["Bonjour."], FR_EN)).rejects.toBeInstanceOf(TransientError);
    expect(http.requests).toHaveLength(3);
    expect(calls).toMatchObject({ requests: 3, retries: 2 });
  });
});

describe("ComprehendAnalyzer on the SDK's retry strategy", () => {
  const sentiment = (texts: number) => ({
    status: 200,
    body: {
      ResultList: Array.from({ length: texts }, (_, Index) => ({
        Index,
        Sentiment: "POSITIVE",
        SentimentScore: { Positive: 0.9, Negative: 0, Neutral: 0.1, Mixed: 0 },
      })),
      ErrorList: [],
    },
  });

  it("leaves throttling to the SDK, re-sends only ErrorList documents itself, and counts it all", async () => {
    // Prepare: throttled twice, then one document of the batch comes back in the ErrorList
    const script = [
      serviceError(400, "ThrottlingException", "Rate exceeded"),
      serviceError(400, "TooManyRequestsException"),
      {
        status: 200,
        body: {
          ResultList: [sentiment(1).body.ResultList[0]],
          ErrorList: [{ Index: 1, ErrorCode: "INTERNAL_SERVER_ERROR", ErrorMessage: "again" }],
        },
      },
      sentiment(1),
    ];
    // Key phrases and targeted sentiment answer every document at once, finding nothing.
    const http = scriptedHttp((operation, body) =>
      operation === "BatchDetectSentiment"
        ? (script.shift() ?? sentiment(1))
        : {
            status: 200,
            body: {
              ResultList: (body.TextList as string[]).map((_, Index) => ({
                Index,
                KeyPhrases: [],
                Entities: [],
              })),
              ErrorList: [],
            },
          },
    );
    const calls = new ServiceCallCounter();
    const delays: number[] = [];
    const analyzer = new ComprehendAnalyzer(new ComprehendClient(scriptedClientConfig(http)), {
      calls,
      maxDocumentBytes: 40,
      sleep: async (ms) => void delays.push(ms),
    });
    // Only sentiment is under test: the other features get their own answers
    const paragraphs = ["A good paragraph about Sochi.", "Another good paragraph here."];

    // Act
    const [output] = await analyzer.analyze([{ title: null, paragraphs, language: "en" }]);
    const sentimentRequests = http.requests.filter((r) => r.operation === "BatchDetectSentiment");

    // Assess: 3 HTTP requests for the first call (2 SDK retries), 1 for the ErrorList re-send
    expect(sentimentRequests.map((r) => (r.body.TextList as string[]).length)).toEqual([
      2, 2, 2, 1,
    ]);
    expect(output?.sentiment).toHaveLength(2);
    // Plus one request each for key phrases and targeted sentiment (English entities come
    // from the latter: no BatchDetectEntities).
    expect(http.requests.map((r) => r.operation)).not.toContain("BatchDetectEntities");
    expect(output?.usage.requests).toBe(6);
    expect(calls).toMatchObject({ requests: 6, retries: 2 });
    expect(delays).toHaveLength(1);
  });
});
