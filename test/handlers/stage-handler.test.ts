import { FullBatchFailureError } from "@aws-lambda-powertools/batch";
import { beforeEach, describe, expect, it } from "vitest";
import { FailureRecordSchema } from "../../functions/core/document.js";
import { TransientError } from "../../functions/core/errors.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";
import { storeTranslationCache } from "../../functions/core/translate/translation-cache.js";
import { analyzeDefinition } from "../../functions/handlers/analyze-definition.js";
import { cleanDefinition } from "../../functions/handlers/clean-definition.js";
import {
  createStageHandler,
  type Log,
  type SqsHandler,
} from "../../functions/handlers/stage-handler.js";
import { translateDefinition } from "../../functions/handlers/translate-definition.js";
import { FakeAnalyzer, FakeTranslator } from "../fakes/fake-engines.js";
import { InMemoryArticleStore } from "../fakes/in-memory-store.js";
import { notificationFor, sqsEvent } from "../support/sqs-events.js";
import { validateEnriched } from "../support/validate-enriched.js";

const BUCKET = "articles";
const MAX_RECEIVE_COUNT = 3;
const ARTICLE = [
  "Erdogan rencontrera Poutine à Sotchi",
  "",
  "Le président turc Recep Tayyip Erdogan se rendra vendredi à Sotchi pour rencontrer Vladimir Poutine, a annoncé mardi la présidence turque dans un communiqué.",
  "",
  "Les deux dirigeants doivent évoquer la situation en Ukraine, les exportations de céréales et la coopération dans le domaine de l'énergie, selon Ankara.",
].join("\n");
const REWRITTEN = `${ARTICLE}\n\nLa rencontre durera une journée, a précisé le Kremlin dans la soirée de mardi.`;

const silent: Log = { info() {}, warn() {}, error() {} };

let store: InMemoryArticleStore;
let translator: FakeTranslator;
let analyzer: FakeAnalyzer;
let handlers: Record<"clean" | "translate" | "analyze", SqsHandler>;

beforeEach(() => {
  store = new InMemoryArticleStore();
  translator = new FakeTranslator();
  analyzer = new FakeAnalyzer();
  const base = { bucket: BUCKET, store, maxReceiveCount: MAX_RECEIVE_COUNT, log: silent };
  const settings = DEFAULT_SETTINGS;
  handlers = {
    clean: createStageHandler({
      ...base,
      definition: cleanDefinition(BUCKET, settings),
    }),
    translate: createStageHandler({
      ...base,
      definition: translateDefinition(
        { translator, cache: storeTranslationCache(store) },
        settings,
      ),
    }),
    analyze: createStageHandler({
      ...base,
      definition: analyzeDefinition({ analyzer }, settings),
    }),
  };
});

/** Delivers the notification of `key` to the stage that listens to it, as S3 → SQS would. */
async function deliver(stage: keyof typeof handlers, key: string, receiveCount = 1) {
  return handlers[stage](sqsEvent(await notificationFor(store, BUCKET, key, receiveCount)));
}

async function runAll(name: string): Promise<void> {
  await deliver("clean", `incoming/${name}`);
  await deliver("translate", `clean/${name}.json`);
  await deliver("analyze", `english/${name}.json`);
}

const text = async (key: string) => {
  const object = await store.get(key);
  return object ? new TextDecoder().decode(object.bytes) : undefined;
};

describe("createStageHandler: at-least-once delivery", () => {
  it("gives a re-delivered message identical bytes and no second translation or analysis", async () => {
    // Given: an article enriched once
    await store.put("incoming/a.txt", ARTICLE);
    await runAll("a.txt");
    const first = await text("enriched/a.txt.json");
    expect(validateEnriched(JSON.parse(first ?? ""))).toEqual([]);
    const putsAfterFirstRun = store.puts;

    // When: every stage's message is delivered again (S3 and SQS are at-least-once)
    for (const stage of ["clean", "translate", "analyze"] as const) {
      const key = {
        clean: "incoming/a.txt",
        translate: "clean/a.txt.json",
        analyze: "english/a.txt.json",
      }[stage];
      expect((await deliver(stage, key, 2)).batchItemFailures).toEqual([]);
    }

    // Then: nothing is translated, analysed or written twice
    expect(translator.calls).toHaveLength(1);
    expect(analyzer.calls).toBe(1);
    expect(store.puts).toBe(putsAfterFirstRun);
    expect(await text("enriched/a.txt.json")).toBe(first);
  });

  it("ignores an older event for an object overwritten since, so the newer result stands", async () => {
    // Given: the notification of the first upload, delayed until after a second upload
    await store.put("incoming/a.txt", ARTICLE);
    const stale = await notificationFor(store, BUCKET, "incoming/a.txt");
    await store.put("incoming/a.txt", REWRITTEN);
    await runAll("a.txt");
    const newer = await text("enriched/a.txt.json");

    // When: the stale event finally arrives
    const response = await handlers.clean(sqsEvent(stale));

    // Then: acknowledged and ignored
    expect(response.batchItemFailures).toEqual([]);
    expect(await text("enriched/a.txt.json")).toBe(newer);
    expect(JSON.parse((await text("clean/a.txt.json")) ?? "").clean.paragraphs).toHaveLength(3);
  });

  it("does not write a result for an upload overwritten while the stage was running", async () => {
    // Given: the clean document of the first upload, and a second upload landing mid-translation
    await store.put("incoming/a.txt", ARTICLE);
    await deliver("clean", "incoming/a.txt");
    const translate = translator.translate.bind(translator);
    translator.translate = async (paragraphs, pair) => {
      await store.put("incoming/a.txt", REWRITTEN);
      return translate(paragraphs, pair);
    };

    // When: the translate stage finishes for the old version
    const response = await deliver("translate", "clean/a.txt.json");

    // Then: acknowledged, and no English document of the old version lands
    expect(response.batchItemFailures).toEqual([]);
    expect(translator.calls).toHaveLength(1);
    expect(await text("english/a.txt.json")).toBeUndefined();
    expect(await text("failed/a.txt.json")).toBeUndefined();
  });

  it("retries a failed S3 write and writes the output once when the retry succeeds", async () => {
    // Given: the first write of the clean stage fails (as when the Lambda dies mid-batch)
    await store.put("incoming/a.txt", ARTICLE);
    await store.put("incoming/b.txt", REWRITTEN);
    const batch = sqsEvent(
      await notificationFor(store, BUCKET, "incoming/a.txt"),
      await notificationFor(store, BUCKET, "incoming/b.txt"),
    );
    store.failNextPuts(new Error("socket hang up"));

    // When: the batch is delivered, then only the reported message comes back
    const first = await handlers.clean(batch);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "msg:incoming/a.txt" }]);
    expect(await text("failed/a.txt.json")).toBeUndefined();
    const retry = await deliver("clean", "incoming/a.txt", 2);

    // Then: both articles have their one clean document
    expect(retry.batchItemFailures).toEqual([]);
    expect(store.keys("clean/")).toEqual(["clean/a.txt.json", "clean/b.txt.json"]);
  });

  it("writes a failure record on the last delivery and clears it when a redrive succeeds", async () => {
    // Given: a clean document, and a translator that keeps failing
    await store.put("incoming/a.txt", ARTICLE);
    await deliver("clean", "incoming/a.txt");
    translator.failNext(
      ...Array.from({ length: MAX_RECEIVE_COUNT }, () => new TransientError("throttled")),
    );

    // When: SQS delivers it maxReceiveCount times (a batch whose every message fails throws,
    // so that the Lambda's Errors metric counts it)
    for (let attempt = 1; attempt <= MAX_RECEIVE_COUNT; attempt += 1) {
      await expect(deliver("translate", "clean/a.txt.json", attempt)).rejects.toThrow(
        FullBatchFailureError,
      );
      expect(await text("failed/a.txt.json")).toSatisfy(
        (record: string | undefined) => attempt < MAX_RECEIVE_COUNT === (record === undefined),
      );
    }

    // Then: the failure record says what happened…
    const failure = FailureRecordSchema.parse(JSON.parse((await text("failed/a.txt.json")) ?? ""));
    expect(failure).toMatchObject({
      stage: "translate",
      code: "RETRIES_EXHAUSTED",
      attempts: MAX_RECEIVE_COUNT,
      source: { key: "incoming/a.txt", bytes: Buffer.byteLength(ARTICLE) },
    });
    expect(failure.reason).toContain("throttled");

    // …and a redrive from the DLQ that succeeds replaces it with the result
    await deliver("translate", "clean/a.txt.json", 1);
    await deliver("analyze", "english/a.txt.json");
    expect(await text("failed/a.txt.json")).toBeUndefined();
    expect(await text("enriched/a.txt.json")).toBeDefined();
  });

  it("re-runs an article whose earlier attempt left a failure record, even for the same bytes", async () => {
    // Given: an article that failed downstream after its clean document was written
    await store.put("incoming/a.txt", ARTICLE);
    await deliver("clean", "incoming/a.txt");
    await store.put("failed/a.txt.json", '{"status":"failed"}');
    const writes = store.puts;

    // When: the user uploads the same bytes again to retry
    await store.put("incoming/a.txt", ARTICLE);
    await deliver("clean", "incoming/a.txt");

    // Then: the clean stage runs again (its write is what re-triggers the next stage)
    expect(store.puts).toBeGreaterThan(writes + 1);
    expect(await text("failed/a.txt.json")).toBeUndefined();
  });

  it("skips the s3:TestEvent and keys outside its input, and acknowledges unreadable messages", async () => {
    const testEvent = (
      await import("../fixtures/events/s3-test-event.json", { with: { type: "json" } })
    ).default;
    await store.put("enriched/x.txt.json", "{}");
    const outside = await notificationFor(store, BUCKET, "enriched/x.txt.json");
    const garbage = { ...outside, messageId: "garbage", body: "not json" };

    const response = await handlers.clean(
      sqsEvent(...(testEvent.Records as never[]), outside, garbage),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(store.keys("clean/")).toEqual([]);
    expect(store.keys("failed/")).toEqual([]);
  });

  it("refuses an object over the size limit before reading it, with a TOO_LARGE record", async () => {
    const handler = createStageHandler({
      bucket: BUCKET,
      store,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      log: silent,
      definition: cleanDefinition(BUCKET, { ...DEFAULT_SETTINGS, maxObjectBytes: 1_000 }),
    });
    await store.put("incoming/big.txt", "x".repeat(1_001));

    await handler(sqsEvent(await notificationFor(store, BUCKET, "incoming/big.txt")));

    const failure = FailureRecordSchema.parse(
      JSON.parse((await text("failed/big.txt.json")) ?? ""),
    );
    expect(failure).toMatchObject({ stage: "clean", code: "TOO_LARGE", source: { bytes: 1_001 } });
    expect(translator.calls).toHaveLength(0);
  });

  it("logs keys and codes, never article text", async () => {
    // Given: a logger that keeps everything it is told
    const lines: string[] = [];
    const capture: Log = {
      info: (m, ...extra) => lines.push(JSON.stringify([m, ...extra])),
      warn: (m, ...extra) => lines.push(JSON.stringify([m, ...extra])),
      error: (m, ...extra) => lines.push(JSON.stringify([m, ...extra])),
    };
    const handler = createStageHandler({
      bucket: BUCKET,
      store,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      log: capture,
      definition: translateDefinition({ translator }, DEFAULT_SETTINGS),
    });
    await store.put("incoming/a.txt", ARTICLE);
    await deliver("clean", "incoming/a.txt");
    translator.failNext(new TransientError("throttled"));

    // When: a stage fails once, then succeeds on the retry
    await expect(
      handler(sqsEvent(await notificationFor(store, BUCKET, "clean/a.txt.json"))),
    ).rejects.toThrow(FullBatchFailureError);
    await handler(sqsEvent(await notificationFor(store, BUCKET, "clean/a.txt.json", 2)));

    // Then: something was logged, and no sentence of the article appears in it
    expect(lines.length).toBeGreaterThan(0);
    const logged = lines.join("\n");
    for (const sentence of ARTICLE.split("\n").filter((l) => l.length > 20)) {
      expect(logged).not.toContain(sentence.slice(0, 30));
    }
  });
});

describe("createStageHandler: S3 keys, versioned deletes and metrics", () => {
  /** Counts the GETs of one key (the store counts all of them together). */
  function getsOf(key: string): { count: number } {
    const seen = { count: 0 };
    const get = store.get.bind(store);
    store.get = async (k, options) => {
      if (k === key) seen.count += 1;
      return get(k, options);
    };
    return seen;
  }

  it("answers 'already done' from the output's metadata, never downloading the output", async () => {
    // Given: an article enriched once
    await store.put("incoming/a.txt", ARTICLE);
    await runAll("a.txt");
    const enrichedGets = getsOf("enriched/a.txt.json");

    // When: the analyze message comes again
    expect((await deliver("analyze", "english/a.txt.json", 2)).batchItemFailures).toEqual([]);

    // Then: skipped on a HEAD of the output, not a GET
    expect(analyzer.calls).toBe(1);
    expect(enrichedGets.count).toBe(0);
    expect((await store.head("enriched/a.txt.json"))?.metadata).toEqual({
      "source-etag": (await store.head("incoming/a.txt"))?.etag,
      "producer-version": expect.any(String),
    });
  });

  it("deletes failed/<name>.json only where one exists (no delete markers on success)", async () => {
    // Given: one article that never failed, and one with a stale failure record
    await store.put("incoming/a.txt", ARTICLE);
    await store.put("incoming/b.txt", REWRITTEN);
    await store.put("failed/b.txt.json", '{"status":"failed"}');

    // When: both go through the three stages
    await runAll("a.txt");
    await runAll("b.txt");

    // Then: the only delete is the one record that existed
    expect(store.deletes).toEqual(["failed/b.txt.json"]);
    expect(await text("enriched/b.txt.json")).toBeDefined();
  });

  it("ends an upload whose name is too long for its derived keys as a failure record", async () => {
    // Given: names whose enriched/ key (and, for the longest, even failed/ key) exceeds 1,024 bytes
    const names = ["é".repeat(506), "a".repeat(1_015)];
    for (const name of names) {
      const key = `incoming/${name}`;
      expect(Buffer.byteLength(key)).toBeLessThanOrEqual(1_024);
      await store.put(key, ARTICLE);

      // When: the clean stage gets it
      const response = await deliver("clean", key);

      // Then: acknowledged (no dead letter), nothing derived, one failure record that fits S3
      expect(response.batchItemFailures).toEqual([]);
      expect(store.keys("clean/")).toEqual([]);
      const [failedKey, ...others] = store.keys("failed/");
      expect(others).toEqual([]);
      expect(Buffer.byteLength(failedKey ?? "")).toBeLessThanOrEqual(1_024);
      const failure = FailureRecordSchema.parse(JSON.parse((await text(failedKey ?? "")) ?? ""));
      expect(failure).toMatchObject({ code: "KEY_TOO_LONG", source: { key } });
      await store.delete(failedKey ?? "");
    }
  });

  it("publishes one set of measures per article: done, failed by code, retried, skipped", async () => {
    // Given: a stage whose metrics are recorded
    const published: { measures: Record<string, number | undefined>; code?: string }[] = [];
    const clean = createStageHandler({
      bucket: BUCKET,
      store,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      log: silent,
      metrics: { publish: (measures, code) => void published.push({ measures, code }) },
      definition: cleanDefinition(BUCKET, DEFAULT_SETTINGS),
    });
    await store.put("incoming/a.txt", ARTICLE);
    await store.put("incoming/vide.txt", "");

    // When: an article and an empty file arrive, then the article again
    await clean(
      sqsEvent(
        await notificationFor(store, BUCKET, "incoming/a.txt"),
        await notificationFor(store, BUCKET, "incoming/vide.txt"),
      ),
    );
    await clean(sqsEvent(await notificationFor(store, BUCKET, "incoming/a.txt", 2)));

    // Then
    const zero = {
      ArticlesSucceeded: 0,
      ArticlesFailed: 0,
      ArticlesRetried: 0,
      ArticlesSkipped: 0,
    };
    expect(published).toEqual([
      { measures: { ...zero, ArticlesSucceeded: 1 }, code: undefined },
      { measures: { ...zero, ArticlesFailed: 1 }, code: "EMPTY_INPUT" },
      { measures: { ...zero, ArticlesSkipped: 1 }, code: undefined },
    ]);
  });
});
