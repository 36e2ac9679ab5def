import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { FailureRecordSchema } from "../../functions/core/document.js";
import { TransientError } from "../../functions/core/errors.js";
import { keysFor } from "../../functions/core/keys.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";
import { storeTranslationCache } from "../../functions/core/translate/translation-cache.js";
import {
  createReplayRunner,
  type ReplayItem,
  replayedBeforeKey,
  replayItemOf,
  SpendPausedError,
} from "../../functions/handlers/replay-item.js";
import { FakeAnalyzer, FakeTranslator } from "../fakes/fake-engines.js";
import { InMemoryArticleStore } from "../fakes/in-memory-store.js";

const PIPELINE = "pipeline-bucket";
const ARCHIVE = "news-archive";
const SEED = new URL("../../seeds/000_26c99712ce6ead19.txt", import.meta.url);
const quiet = { info() {}, warn() {}, error() {} };
const decode = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

function setup(options: { paused?: boolean } = {}) {
  const pipeline = new InMemoryArticleStore();
  const archive = new InMemoryArticleStore();
  const translator = new FakeTranslator();
  const run = createReplayRunner({
    pipelineBucket: PIPELINE,
    pipeline,
    sourceStore: (bucket) => (bucket === PIPELINE ? pipeline : archive),
    deps: { translator, analyzer: new FakeAnalyzer(), cache: storeTranslationCache(pipeline) },
    settings: DEFAULT_SETTINGS,
    spendGuard: {
      assertOpen: async () => {
        if (options.paused) throw new SpendPausedError("paused");
      },
    },
    log: quiet,
  });
  return { pipeline, archive, translator, run };
}

const item = (overrides: Partial<ReplayItem> = {}): ReplayItem => ({
  bucket: PIPELINE,
  key: "incoming/a.txt",
  force: false,
  execution: "backfill-1",
  attempt: 1,
  maxAttempts: 5,
  ...overrides,
});

describe("replay runner", () => {
  it("enriches an upload, then skips it as up to date; force re-runs it and keeps the old one", async () => {
    const { pipeline, translator, run } = setup();
    await pipeline.put("incoming/a.txt", await readFile(SEED));

    expect(await run(item())).toMatchObject({ status: "enriched", reason: "no-result" });
    expect(pipeline.keys("clean/")).toEqual([]); // the live stages are never notified
    expect(await run(item())).toMatchObject({ status: "skipped", reason: "up-to-date" });
    const calls = translator.calls.length;

    expect(await run(item({ force: true }))).toMatchObject({
      status: "enriched",
      reason: "forced",
    });
    expect(pipeline.keys("replay/")).toEqual([replayedBeforeKey("backfill-1", "a.txt")]);
    // The second run's paragraphs came from the translation cache.
    expect(translator.calls.length).toBe(calls);
  });

  it("names archive objects by their whole key and reads them from the archive bucket", async () => {
    const { pipeline, archive, run } = setup();
    await archive.put("2024/05/a.txt", await readFile(SEED));

    const result = await run(item({ bucket: ARCHIVE, key: "2024/05/a.txt" }));

    expect(result).toMatchObject({ name: "2024/05/a.txt", status: "enriched" });
    expect(
      decode((await pipeline.get(keysFor("2024/05/a.txt").enriched))?.bytes).source,
    ).toMatchObject({
      bucket: ARCHIVE,
      key: "2024/05/a.txt",
    });
  });

  it("writes the failure record a stage would for bad input", async () => {
    const { pipeline, run } = setup();
    await pipeline.put("incoming/empty.txt", "");

    expect(await run(item({ key: "incoming/empty.txt" }))).toMatchObject({
      status: "failed",
      code: "EMPTY_INPUT",
    });
    const record = FailureRecordSchema.parse(
      decode((await pipeline.get(keysFor("empty.txt").failed))?.bytes),
    );
    expect(record).toMatchObject({ stage: "clean", code: "EMPTY_INPUT" });
    // A permanent failure of this version is not replayed again.
    expect(await run(item({ key: "incoming/empty.txt" }))).toMatchObject({
      status: "skipped",
      reason: "failed-for-good",
    });
  });

  it("rethrows a fault, and on the last attempt leaves a RETRIES_EXHAUSTED record first", async () => {
    const { pipeline, translator, run } = setup();
    await pipeline.put("incoming/a.txt", await readFile(SEED));
    translator.failNext(new TransientError("throttled"), new TransientError("throttled"));

    await expect(run(item({ attempt: 1 }))).rejects.toThrow("throttled");
    expect(await pipeline.get(keysFor("a.txt").failed)).toBeUndefined();
    await expect(run(item({ attempt: 5 }))).rejects.toThrow("throttled");
    const record = FailureRecordSchema.parse(
      decode((await pipeline.get(keysFor("a.txt").failed))?.bytes),
    );
    expect(record).toMatchObject({ stage: "translate", code: "RETRIES_EXHAUSTED", attempts: 5 });
    // A transient failure is replayed, and success clears the record.
    expect(await run(item())).toMatchObject({ status: "enriched", reason: "retries-exhausted" });
    expect(await pipeline.get(keysFor("a.txt").failed)).toBeUndefined();
  });

  it("bills nothing and writes nothing while the spend breaker has translation paused", async () => {
    const { pipeline, translator, run } = setup({ paused: true });
    await pipeline.put("incoming/a.txt", await readFile(SEED));

    await expect(run(item({ attempt: 5 }))).rejects.toThrow(SpendPausedError);
    expect(translator.calls).toEqual([]);
    expect(pipeline.keys()).toEqual(["incoming/a.txt"]);
  });

  it("refuses a pipeline-bucket key outside incoming/", async () => {
    const { run } = setup();
    await expect(run(item({ key: "enriched/a.txt.json" }))).rejects.toThrow(/not an upload/);
  });

  it("reads the state machine's payload: attempt = RetryCount + 1", () => {
    const payload = {
      bucket: PIPELINE,
      key: "incoming/a.txt",
      force: false,
      execution: "x",
      retries: 2,
    };
    expect(replayItemOf(payload, 5)).toMatchObject({ attempt: 3, maxAttempts: 5 });
    expect(() => replayItemOf({ ...payload, retries: -1 }, 5)).toThrow();
  });
});
