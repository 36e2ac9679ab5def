import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffCommand } from "../../functions/cli/diff-command.js";
import { CliError } from "../../functions/cli/exit-codes.js";
import { readGlossaryFile } from "../../functions/cli/glossary-file.js";
import { openLocalStore } from "../../functions/cli/local-store.js";
import { type LocalReplayOptions, replayLocal } from "../../functions/cli/replay-command.js";
import { runCommand } from "../../functions/cli/run-command.js";
import { type EnrichedDocument, EnrichedDocumentSchema } from "../../functions/core/document.js";
import { keysFor } from "../../functions/core/keys.js";
import { serialize } from "../../functions/core/serialize.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";

const SEEDS = new URL("../../seeds/", import.meta.url).pathname;
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

/** The two seeds the test pretends an older release enriched. */
const OLD = ["001_51d2232ddbd615fb.txt", "003_8626bd346835ccc0.txt"];

let work: string;
let store: string;
let replays = 0;

function replay(overrides: Partial<LocalReplayOptions> = {}) {
  replays += 1;
  return replayLocal({
    storeDirectory: store,
    force: false,
    engine: "offline",
    settings: DEFAULT_SETTINGS,
    out: join(work, `replay-${replays}`),
    execution: `test-${replays}`,
    stderr: quiet,
    ...overrides,
  });
}

const rerunNames = (summary: Awaited<ReturnType<typeof replay>>) =>
  summary.results.filter((r) => r.status !== "skipped").map((r) => r.name);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "depeche-replay-"));
  store = join(work, "store");
  await runCommand({
    inputs: [SEEDS],
    out: join(work, "out"),
    engine: "offline",
    settings: DEFAULT_SETTINGS,
    storeDirectory: store,
    stdout: quiet,
    stderr: quiet,
  });
  // An older release wrote two of the documents: another version, a different headline and
  // one key phrase fewer.
  const local = await openLocalStore(store);
  try {
    for (const name of OLD) {
      const key = keysFor(name).enriched;
      const object = await local.store.get(key);
      if (!object) throw new Error(`${key} missing`);
      const doc = EnrichedDocumentSchema.parse(JSON.parse(new TextDecoder().decode(object.bytes)));
      const older: EnrichedDocument = {
        ...doc,
        title: "An older headline",
        keyPhrases: doc.keyPhrases.slice(1),
        producer: { name: "depeche", version: "0.0.9" },
      };
      await local.store.put(key, serialize(older));
    }
  } finally {
    await local.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("depeche replay --store", () => {
  it("re-runs exactly the articles an older producer version enriched; diff names what changed", async () => {
    const summary = await replay();

    expect(rerunNames(summary).sort()).toEqual(OLD);
    expect(summary.rerun).toEqual({ "producer-version": 2 });
    expect(summary.skipped).toEqual({ "up-to-date": 3 });

    const diff = await diffCommand({
      old: join(summary.out, "before"),
      new: join(summary.out, "after"),
    });
    expect(diff.totals).toMatchObject({ compared: 2, changed: 2, unchanged: 0 });
    expect(diff.totals.byField).toMatchObject({ title: 2, keyPhrases: 2, sentiment: 0 });
    for (const article of diff.articles) {
      expect(article.title?.old).toBe("An older headline");
      expect(article.keyPhrases?.added).toHaveLength(1);
      expect(article.keyPhrases?.removed).toEqual([]);
    }

    // Everything is now up to date: a second replay runs nothing.
    const again = await replay();
    expect(rerunNames(again)).toEqual([]);
    expect(again.skipped).toEqual({ "up-to-date": 5 });
  }, 120_000);

  it("re-runs every article when a setting that shapes the document changes", async () => {
    const settings = { ...DEFAULT_SETTINGS, summarySentences: 1 };
    const summary = await replay({ settings });

    expect(summary.rerun).toEqual({ settings: 5 });
    const diff = await diffCommand({
      old: join(summary.out, "before"),
      new: join(summary.out, "after"),
    });
    expect(diff.totals.byField.summary).toBe(5);
    expect(diff.totals.byField.title).toBe(0);
    for (const article of diff.articles) expect(article.summary?.new).toHaveLength(1);

    expect((await replay({ settings })).rerun).toEqual({});
    // Back to the shipped settings: the documents differ from them again.
    expect((await replay()).rerun).toEqual({ settings: 5 });
  }, 180_000);

  it("re-runs every French article when the glossary changes, then nothing", async () => {
    const file = join(work, "terms.csv");
    await writeFile(file, "fr,en\nOtan,the Atlantic Alliance\n");
    const glossary = await readGlossaryFile(file, { source: "fr", target: "en" });

    expect((await replay({ glossary })).rerun).toEqual({ settings: 5 });
    expect((await replay({ glossary })).rerun).toEqual({});
  }, 120_000);

  it("--force re-runs everything", async () => {
    const summary = await replay({ force: true });
    expect(summary.rerun).toEqual({ forced: 5 });
  }, 120_000);

  it("refuses a store that does not exist or holds no uploads, in one line", async () => {
    await expect(replay({ storeDirectory: join(work, "nowhere") })).rejects.toThrow(CliError);
    const empty = join(work, "empty");
    await mkdir(empty);
    await expect(replay({ storeDirectory: empty })).rejects.toThrow(/holds no uploads/);
  });
});
