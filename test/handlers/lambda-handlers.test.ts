import { createHash } from "node:crypto";
import { FullBatchFailureError } from "@aws-lambda-powertools/batch";
import {
  BatchDetectEntitiesCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  BatchDetectTargetedSentimentCommand,
  ComprehendClient,
} from "@aws-sdk/client-comprehend";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { TranslateClient, TranslateTextCommand } from "@aws-sdk/client-translate";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EnrichedDocumentSchema, FailureRecordSchema } from "../../functions/core/document.js";
import { encodeS3Key } from "../../functions/handlers/s3-event.js";
import type { SqsHandler } from "../../functions/handlers/stage-handler.js";
import batch from "../fixtures/events/clean-batch-3.json" with { type: "json" };
import { validateEnriched } from "../support/validate-enriched.js";

const BUCKET = "depeche-articles";
const SEED_000 = new URL("../../seeds/000_26c99712ce6ead19.txt", import.meta.url);
const SEED_004 = new URL("../../seeds/004_c0c2a675c781d31b.txt", import.meta.url);

// One bucket's objects, served through the mocked S3 client exactly as the SDK would return them.
const objects = new Map<string, Buffer>();
const metadata = new Map<string, Record<string, string>>();
const s3 = mockClient(S3Client);
const translate = mockClient(TranslateClient);
const comprehend = mockClient(ComprehendClient);

const etagOf = (body: Buffer) => createHash("md5").update(body).digest("hex");

function serveBucket(): void {
  s3.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const body = objects.get(Key);
    if (!body)
      throw new NoSuchKey({
        message: "The specified key does not exist.",
        $metadata: { httpStatusCode: 404 },
      });
    return {
      // The part of the SDK stream the adapter uses.
      Body: { transformToByteArray: async () => new Uint8Array(body) },
      ContentLength: body.byteLength,
      ETag: `"${etagOf(body)}"`,
    };
  });
  s3.on(HeadObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const body = objects.get(Key);
    if (!body)
      throw Object.assign(new Error("NotFound"), {
        name: "NotFound",
        $metadata: { httpStatusCode: 404 },
      });
    return {
      ContentLength: body.byteLength,
      ETag: `"${etagOf(body)}"`,
      Metadata: metadata.get(Key) ?? {},
    };
  });
  s3.on(PutObjectCommand).callsFake(
    ({
      Key,
      Body,
      Metadata,
    }: {
      Key: string;
      Body: string | Uint8Array;
      Metadata?: Record<string, string>;
    }) => {
      objects.set(Key, Buffer.from(Body));
      metadata.set(Key, { ...Metadata });
      return { ETag: `"${etagOf(Buffer.from(Body))}"` };
    },
  );
  s3.on(DeleteObjectCommand).callsFake(({ Key }: { Key: string }) => {
    objects.delete(Key);
    metadata.delete(Key);
    return {};
  });
}

/** Amazon Translate, mocked: a recognisable, deterministic "translation" of each request. */
function serveTranslate(): void {
  translate.on(TranslateTextCommand).callsFake(({ Text }: { Text: string }) => ({
    TranslatedText: Text.replace(/Russie/g, "Russia").replace(/Turquie/g, "Turkey"),
    SourceLanguageCode: "fr",
    TargetLanguageCode: "en",
  }));
}

/** Amazon Comprehend, mocked: one result per document of each batch (English: no BatchDetectEntities). */
function serveComprehend(): void {
  const perDocument =
    <T>(make: (text: string) => T) =>
    ({ TextList }: { TextList: string[] }) => ({
      ResultList: TextList.map((text, Index) => ({ Index, ...make(text) })),
      ErrorList: [],
    });
  comprehend.on(BatchDetectKeyPhrasesCommand).callsFake(
    perDocument(() => ({
      KeyPhrases: [{ Text: "military cooperation", Score: 0.99, BeginOffset: 0, EndOffset: 20 }],
    })),
  );
  comprehend.on(BatchDetectSentimentCommand).callsFake(
    perDocument(() => ({
      Sentiment: "NEUTRAL",
      SentimentScore: { Positive: 0.1, Negative: 0.2, Neutral: 0.65, Mixed: 0.05 },
    })),
  );
  comprehend.on(BatchDetectTargetedSentimentCommand).callsFake(
    perDocument(() => ({
      Entities: [
        {
          DescriptiveMentionIndex: [0],
          Mentions: [
            {
              Text: "Russia",
              Type: "LOCATION" as const,
              Score: 0.99,
              GroupScore: 1,
              BeginOffset: 0,
              EndOffset: 6,
              MentionSentiment: {
                Sentiment: "NEGATIVE" as const,
                SentimentScore: { Positive: 0.05, Negative: 0.8, Neutral: 0.15, Mixed: 0 },
              },
            },
          ],
        },
        {
          DescriptiveMentionIndex: [0],
          Mentions: [
            {
              Text: "Turkey",
              Type: "LOCATION" as const,
              Score: 0.98,
              GroupScore: 1,
              BeginOffset: 10,
              EndOffset: 16,
              MentionSentiment: {
                Sentiment: "NEUTRAL" as const,
                SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.8, Mixed: 0 },
              },
            },
          ],
        },
      ],
    })),
  );
}

/** The SQS message S3 would send for an object just written (keys URL-encoded as S3 does). */
function notification(key: string, receiveCount = 1): SQSRecord {
  const body = objects.get(key);
  if (!body) throw new Error(`no object ${key}`);
  const template = batch.Records[0] as SQSRecord;
  const s3Event = JSON.parse(template.body);
  s3Event.Records[0].s3.object = {
    key: encodeS3Key(key),
    size: body.byteLength,
    eTag: etagOf(body),
    sequencer: "00",
  };
  return {
    ...template,
    messageId: `msg-${key}-${receiveCount}`,
    body: JSON.stringify(s3Event),
    attributes: { ...template.attributes, ApproximateReceiveCount: String(receiveCount) },
  };
}

const sqs = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

let handlers: Record<"clean" | "translate" | "analyze", SqsHandler>;

beforeAll(async () => {
  // The Lambdas read their configuration once, at cold start, as the stack sets it.
  Object.assign(process.env, {
    BUCKET_NAME: BUCKET,
    MAX_RECEIVE_COUNT: "5",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    // The EMF lines are asserted on the deployed bundles (test/e2e/deployed-bundles.test.ts).
    POWERTOOLS_METRICS_DISABLED: "true",
  });
  handlers = {
    clean: (await import("../../functions/lambda/clean.js")).handler,
    translate: (await import("../../functions/lambda/translate.js")).handler,
    analyze: (await import("../../functions/lambda/analyze.js")).handler,
  };
});

beforeEach(async () => {
  s3.reset();
  translate.reset();
  comprehend.reset();
  objects.clear();
  metadata.clear();
  serveBucket();
  serveTranslate();
  serveComprehend();
  const { readFile } = await import("node:fs/promises");
  objects.set("incoming/000_26c99712ce6ead19.txt", await readFile(SEED_000));
  objects.set("incoming/revue de presse/Poutine à Sotchi +1.txt", await readFile(SEED_004));
  objects.set("incoming/vide.txt", Buffer.alloc(0));
});

describe("Lambda handlers: clean → translate → analyze on a real-shaped SQS batch", () => {
  it("enriches two articles, records one failure, and asks for no retry", async () => {
    // When: the clean Lambda receives the 3-record batch (one key with spaces, accents and a +)
    const cleaned = await handlers.clean(batch as SQSEvent);

    // Then: nothing to retry; two clean documents and one failure record
    expect(cleaned.batchItemFailures).toEqual([]);
    expect([...objects.keys()].filter((k) => k.startsWith("clean/")).sort()).toEqual([
      "clean/000_26c99712ce6ead19.txt.json",
      "clean/revue de presse/Poutine à Sotchi +1.txt.json",
    ]);
    const failure = FailureRecordSchema.parse(
      JSON.parse(String(objects.get("failed/vide.txt.json"))),
    );
    expect(failure).toMatchObject({
      stage: "clean",
      code: "EMPTY_INPUT",
      source: { key: "incoming/vide.txt" },
    });

    // When: S3 notifies the next stages of what was written
    const translated = await handlers.translate(
      sqs(
        notification("clean/000_26c99712ce6ead19.txt.json"),
        notification("clean/revue de presse/Poutine à Sotchi +1.txt.json"),
      ),
    );
    const analyzed = await handlers.analyze(
      sqs(
        notification("english/000_26c99712ce6ead19.txt.json"),
        notification("english/revue de presse/Poutine à Sotchi +1.txt.json"),
      ),
    );

    // Then: two enriched documents that satisfy the published v1 schema
    expect(translated.batchItemFailures).toEqual([]);
    expect(analyzed.batchItemFailures).toEqual([]);
    const enrichedKeys = [...objects.keys()].filter((k) => k.startsWith("enriched/")).sort();
    expect(enrichedKeys).toEqual([
      "enriched/000_26c99712ce6ead19.txt.json",
      "enriched/revue de presse/Poutine à Sotchi +1.txt.json",
    ]);
    for (const key of enrichedKeys) {
      const document = JSON.parse(String(objects.get(key)));
      expect(validateEnriched(document)).toEqual([]);
      const parsed = EnrichedDocumentSchema.parse(document);
      expect(parsed.usage.translate.engine).toBe("amazon-translate");
      expect(parsed.usage.translate.billedCharacters).toBeGreaterThan(1000);
      expect(parsed.entities.map((e) => e.text)).toContain("Russia");
    }
    expect(JSON.parse(String(objects.get(enrichedKeys[1] ?? ""))).source.key).toBe(
      "incoming/revue de presse/Poutine à Sotchi +1.txt",
    );
  });

  it("reports only the throttled message in batchItemFailures, then records the failure on the last delivery", async () => {
    // Given: two clean documents, and Translate throttling every request for one of them
    await handlers.clean(batch as SQSEvent);
    const seed4 = JSON.parse(
      String(objects.get("clean/revue de presse/Poutine à Sotchi +1.txt.json")),
    );
    const throttled = seed4.clean.paragraphs[0].slice(0, 20);
    translate.reset();
    translate.on(TranslateTextCommand).callsFake(({ Text }: { Text: string }) => {
      if (Text.includes(throttled)) {
        throw Object.assign(new Error("Rate exceeded"), {
          name: "ThrottlingException",
          $metadata: { httpStatusCode: 400 },
        });
      }
      return { TranslatedText: Text, SourceLanguageCode: "fr", TargetLanguageCode: "en" };
    });
    const ok = notification("clean/000_26c99712ce6ead19.txt.json");
    const poisoned = notification("clean/revue de presse/Poutine à Sotchi +1.txt.json");

    // When: the batch is delivered for the first time
    const first = await handlers.translate(sqs(ok, poisoned));

    // Then: only the poisoned message is retried; no failure record yet
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: poisoned.messageId }]);
    expect(objects.has("english/000_26c99712ce6ead19.txt.json")).toBe(true);
    expect(objects.has("failed/revue de presse/Poutine à Sotchi +1.txt.json")).toBe(false);

    // When: SQS delivers it for the last time (MAX_RECEIVE_COUNT = 5) and it fails again
    const last = handlers.translate(
      sqs(notification("clean/revue de presse/Poutine à Sotchi +1.txt.json", 5)),
    );

    // Then: it goes back to SQS (and on to the DLQ): the whole batch failed, so the handler
    // throws (Lambda's Errors metric counts it); and a failure record says why
    await expect(last).rejects.toThrow(FullBatchFailureError);
    const failure = FailureRecordSchema.parse(
      JSON.parse(String(objects.get("failed/revue de presse/Poutine à Sotchi +1.txt.json"))),
    );
    expect(failure).toMatchObject({ stage: "translate", code: "RETRIES_EXHAUSTED", attempts: 5 });
    expect(failure.reason).toMatch(/Throttl/);
  });

  it("answers a re-delivered message with identical bytes and no second Translate or Comprehend call", async () => {
    // Given: one article taken through the three stages
    const name = "000_26c99712ce6ead19.txt";
    await handlers.clean(sqs(batch.Records[0] as SQSRecord));
    await handlers.translate(sqs(notification(`clean/${name}.json`)));
    await handlers.analyze(sqs(notification(`english/${name}.json`)));
    const enriched = String(objects.get(`enriched/${name}.json`));
    const translateCalls = translate.commandCalls(TranslateTextCommand).length;
    const comprehendCalls = comprehend.calls().length;
    expect(translateCalls).toBeGreaterThan(0);

    // When: SQS delivers every stage's message a second time
    await handlers.clean(
      sqs({
        ...(batch.Records[0] as SQSRecord),
        attributes: { ...batch.Records[0]?.attributes, ApproximateReceiveCount: "2" },
      } as SQSRecord),
    );
    await handlers.translate(sqs(notification(`clean/${name}.json`, 2)));
    await handlers.analyze(sqs(notification(`english/${name}.json`, 2)));

    // Then: no call is billed twice and the document is byte-identical
    expect(translate.commandCalls(TranslateTextCommand)).toHaveLength(translateCalls);
    expect(comprehend.calls()).toHaveLength(comprehendCalls);
    expect(String(objects.get(`enriched/${name}.json`))).toBe(enriched);
  });
});

describe("analyze Lambda: the articles of one SQS batch share Comprehend's batch requests", () => {
  const ARTICLES = ["000_26c99712ce6ead19.txt", "revue de presse/Poutine à Sotchi +1.txt"] as const;
  /** English: the entities come from targeted sentiment, BatchDetectEntities is not sent. */
  const FEATURES = [
    BatchDetectKeyPhrasesCommand,
    BatchDetectSentimentCommand,
    BatchDetectTargetedSentimentCommand,
  ] as const;

  /** Both seeds cleaned and translated; returns their english/ notifications. */
  async function englishBatch(): Promise<SQSRecord[]> {
    await handlers.clean(batch as SQSEvent);
    await handlers.translate(sqs(...ARTICLES.map((name) => notification(`clean/${name}.json`))));
    comprehend.resetHistory();
    return ARTICLES.map((name) => notification(`english/${name}.json`));
  }

  /** The English title (when there is one) and paragraphs of an article. */
  const englishOf = (name: string): string[] => {
    const doc = JSON.parse(String(objects.get(`english/${name}.json`)));
    return [doc.english.title, ...doc.english.paragraphs].filter(
      (text): text is string => typeof text === "string",
    );
  };
  /** A piece of the second article's first paragraph: marks the document it is packed in. */
  const markerOf = (name: string): string => {
    const doc = JSON.parse(String(objects.get(`english/${name}.json`)));
    return String(doc.english.paragraphs[0]).slice(0, 40);
  };

  /** Sentiment answers, with `fail(text)` deciding which documents come back in ErrorList. */
  function sentimentWithErrors(fail: (text: string) => string | undefined): void {
    comprehend.on(BatchDetectSentimentCommand).callsFake(({ TextList }: { TextList: string[] }) => {
      const ResultList = [];
      const ErrorList = [];
      for (const [Index, text] of TextList.entries()) {
        const code = fail(text);
        if (code === undefined) {
          ResultList.push({
            Index,
            Sentiment: "NEUTRAL",
            SentimentScore: { Positive: 0.1, Negative: 0.2, Neutral: 0.65, Mixed: 0.05 },
          });
        } else {
          ErrorList.push({ Index, ErrorCode: code, ErrorMessage: `${code} (scripted)` });
        }
      }
      return { ResultList, ErrorList };
    });
  }

  it("sends one request per feature for both articles, and maps every result back to its own article", async () => {
    // Given: two articles whose documents fit in one 25-document batch
    const records = await englishBatch();

    // When: they reach the analyze Lambda in one SQS batch
    const analyzed = await handlers.analyze(sqs(...records));

    // Then: each feature was called once, with the documents of both articles in it
    expect(analyzed.batchItemFailures).toEqual([]);
    for (const feature of FEATURES) {
      const calls = comprehend.commandCalls(feature);
      expect(calls, feature.name).toHaveLength(1);
      const sent = (calls[0]?.args[0].input.TextList ?? []).join("\n");
      for (const name of ARTICLES) expect(sent).toContain(markerOf(name));
    }
    expect(comprehend.commandCalls(BatchDetectEntitiesCommand)).toHaveLength(0);
    // …and each document is its own article's, billed to it alone
    for (const name of ARTICLES) {
      const document = EnrichedDocumentSchema.parse(
        JSON.parse(String(objects.get(`enriched/${name}.json`))),
      );
      expect(validateEnriched(document)).toEqual([]);
      expect(document.source.key).toBe(`incoming/${name}`);
      const characters = englishOf(name).reduce((sum, text) => sum + [...text].length, 0);
      // three features over the article's own text (documents add the blank lines joining it)
      expect(document.usage.analyze.billedCharacters).toBeGreaterThanOrEqual(3 * characters);
      expect(document.usage.analyze.billedCharacters).toBeLessThan(3 * (characters + 2_000));
    }
  });

  it("fails only the article whose document stays in ErrorList: its message alone is retried", async () => {
    // Given: Comprehend keeps answering INTERNAL_SERVER_ERROR for a document of the second article
    const records = await englishBatch();
    const [kept, poisoned] = records as [SQSRecord, SQSRecord];
    const marker = markerOf(ARTICLES[1]);
    expect(marker.length).toBe(40);
    sentimentWithErrors((text) => (text.includes(marker) ? "INTERNAL_SERVER_ERROR" : undefined));

    // When: the batch reaches the analyze Lambda
    const analyzed = await handlers.analyze(sqs(kept, poisoned));

    // Then: only the poisoned article's message goes back to the queue
    expect(analyzed.batchItemFailures).toEqual([{ itemIdentifier: poisoned.messageId }]);
    expect(objects.has(`enriched/${ARTICLES[0]}.json`)).toBe(true);
    expect(objects.has(`enriched/${ARTICLES[1]}.json`)).toBe(false);
    // not final yet (first delivery): no failure record
    expect(objects.has(`failed/${ARTICLES[1]}.json`)).toBe(false);
    // the failing document was re-sent alone, the shared batch went out once
    const sentiment = comprehend.commandCalls(BatchDetectSentimentCommand);
    expect(sentiment.length).toBeGreaterThan(1);
    for (const call of sentiment.slice(1)) {
      expect(call.args[0].input.TextList?.every((text) => text.includes(marker))).toBe(true);
    }
  });

  it("ends an article whose document can never be analysed as a failure record, and keeps the other", async () => {
    // Given: Comprehend refuses a document of the second article as too large, every time
    const records = await englishBatch();
    const marker = markerOf(ARTICLES[1]);
    sentimentWithErrors((text) => (text.includes(marker) ? "TEXT_SIZE_LIMIT_EXCEEDED" : undefined));

    // When
    const analyzed = await handlers.analyze(sqs(...records));

    // Then: nothing to retry; one enriched document and one ANALYSIS_FAILED record
    expect(analyzed.batchItemFailures).toEqual([]);
    expect(objects.has(`enriched/${ARTICLES[0]}.json`)).toBe(true);
    const failure = FailureRecordSchema.parse(
      JSON.parse(String(objects.get(`failed/${ARTICLES[1]}.json`))),
    );
    expect(failure).toMatchObject({ stage: "analyze", code: "ANALYSIS_FAILED" });
    expect(failure.reason).toContain("TEXT_SIZE_LIMIT_EXCEEDED");
    expect(objects.has(`failed/${ARTICLES[0]}.json`)).toBe(false);
  });
});
