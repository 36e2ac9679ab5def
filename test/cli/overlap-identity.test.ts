import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus, loadSeeds } from "../../bench/corpus.js";
import { apertiumAvailable } from "../../functions/adapters/local/apertium-translator.js";
import {
  LOCAL_CONCURRENCY,
  type LocalTransport,
  SEQUENTIAL_CONCURRENCY,
} from "../../functions/cli/local-pipeline.js";
import { runCommand } from "../../functions/cli/run-command.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";

const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * Enough generated articles that several share a title and some paragraphs (the corpus keeps
 * each seed's layout), so translations overlap in time and answer each other from the cache.
 */
const ARTICLES = 30;

const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

async function filesUnder(directory: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  // Results only: out/report.html also states the run's wall-clock time.
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = entry.name;
    for (const name of (await readdir(join(directory, sub))).sort()) {
      files.set(`${sub}/${name}`, await readFile(join(directory, sub, name)));
    }
  }
  return files;
}

let work: string;
beforeAll(async () => {
  expect(await apertiumAvailable(), "Apertium must be installed (scripts/ensure-apertium.sh)").toBe(
    true,
  );
  work = await mkdtemp(join(tmpdir(), "depeche-overlap-"));
  const input = join(work, "in");
  await mkdir(input);
  const corpus = generateCorpus(await loadSeeds(join(ROOT, "seeds")), ARTICLES);
  for (const article of corpus) await writeFile(join(input, article.name), article.bytes);
  // One wire story from two outlets (seeds 000 and 001): the story index links them.
  for (const seed of ["000_26c99712ce6ead19.txt", "001_51d2232ddbd615fb.txt"]) {
    await writeFile(join(input, `seed-${seed}`), await readFile(join(ROOT, "seeds", seed)));
  }
  // One article that ends as a failure record (not French): failures are part of the output.
  await writeFile(join(input, "zz-deutsch.txt"), GERMAN);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("depeche run with the stages overlapped, in the process or over the S3 wire", () => {
  it("writes the same bytes as a run with one delivery at a time per stage", async () => {
    expect(Object.values(LOCAL_CONCURRENCY).some((n) => n > 1)).toBe(true);
    const run = (
      out: string,
      concurrency: typeof LOCAL_CONCURRENCY,
      transport: LocalTransport = "in-process",
    ) =>
      runCommand({
        inputs: [join(work, "in")],
        out: join(work, out),
        engine: "offline",
        settings: DEFAULT_SETTINGS,
        concurrency,
        transport,
        stdout: quiet,
        stderr: quiet,
      });
    const sequential = await run("sequential", SEQUENTIAL_CONCURRENCY);
    const overlapped = await run("overlapped", LOCAL_CONCURRENCY);
    // `depeche run` keeps the stage documents in the process (ADR 0013); the same run with every
    // stage document over the embedded server's S3 wire, as `depeche serve` runs, agrees.
    const wire = await run("overlapped-wire", LOCAL_CONCURRENCY, "s3-wire");
    expect(sequential.enriched).toHaveLength(ARTICLES + 2);
    expect(sequential.failed.map((f) => f.name)).toEqual(["zz-deutsch.txt"]);
    expect(overlapped.enriched).toEqual(sequential.enriched);
    expect(wire.enriched).toEqual(sequential.enriched);

    const expected = await filesUnder(join(work, "sequential"));
    for (const out of ["overlapped", "overlapped-wire"]) {
      const actual = await filesUnder(join(work, out));
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      for (const [name, bytes] of expected) {
        expect(actual.get(name)?.equals(bytes), `${out}: ${name}`).toBe(true);
      }
    }
    // The order-sensitive part was exercised: articles got paragraphs from the cache.
    const fromCache = [...expected.values()]
      .map((bytes) => JSON.parse(bytes.toString("utf8")))
      .filter((doc) => (doc.usage?.translate?.cachedCharacters ?? 0) > 0);
    expect(fromCache.length).toBeGreaterThan(ARTICLES / 3);
    // …and so was the story index: the two outlets' copies share a story.
    const story = (seed: string) =>
      JSON.parse(expected.get(`enriched/seed-${seed}.txt.json`)?.toString("utf8") ?? "{}").story;
    expect(story("001_51d2232ddbd615fb").duplicateOf).toBe(
      "incoming/seed-000_26c99712ce6ead19.txt",
    );
    expect(story("001_51d2232ddbd615fb").id).toBe(story("000_26c99712ce6ead19").id);
  }, 240_000);
});

const GERMAN =
  "Die Bundesregierung hat am Mittwoch neue Maßnahmen angekündigt. Die Opposition kritisierte " +
  "den Plan als unzureichend und forderte weitere Gespräche mit den Ländern über die Finanzierung.\n";
