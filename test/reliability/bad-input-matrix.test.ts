import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EnrichedDocument,
  EnrichedDocumentSchema,
  type FailureRecord,
  FailureRecordSchema,
} from "../../functions/core/document.js";
import { validateEnriched } from "../support/validate-enriched.js";
import { type BadInput, badInputs, writeBadInputs } from "./bad-inputs.js";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/depeche.mjs");

/** The whole matrix runs in ~5 s on 2 cores; this only stops a hung run. */
const RUN_TIMEOUT_MS = 120_000;

/** `depeche run` exit code when some inputs ended as failure records. */
const EXIT_SOME_FAILED = 2;

const CASES = badInputs();

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let work: string;
let out: string;
let run: Run;

async function depeche(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      timeout: RUN_TIMEOUT_MS,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

const resultPath = (input: BadInput): string =>
  `${input.expected.outcome === "enriched" ? "enriched" : "failed"}/${input.name}.json`;

async function enrichedOf(input: BadInput): Promise<EnrichedDocument> {
  const path = join(out, "enriched", `${input.name}.json`);
  return EnrichedDocumentSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

async function failureOf(input: BadInput): Promise<FailureRecord> {
  const path = join(out, "failed", `${input.name}.json`);
  return FailureRecordSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

const enrichedCases = CASES.filter((c) => c.expected.outcome === "enriched");
const failedCases = CASES.filter((c) => c.expected.outcome === "failed");

beforeAll(async () => {
  // Given every bad input of the matrix in one folder (deep names included)
  work = await mkdtemp(join(tmpdir(), "depeche-bad-inputs-"));
  const inputs = join(work, "in");
  out = join(work, "out");
  await writeBadInputs(inputs);
  // When the offline pipeline runs once over the whole folder
  run = await depeche("run", inputs, "--out", out);
}, RUN_TIMEOUT_MS);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("depeche run on the bad-input matrix", () => {
  it("exits 2 and counts every input: none crashes the run, none is left without a result", () => {
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: EXIT_SOME_FAILED });
    expect(run.stdout).toContain(
      `${CASES.length} articles: ${enrichedCases.length} enriched, ${failedCases.length} failed in`,
    );
    expect(run.stdout).not.toMatch(/without a result/);
  });

  it("writes exactly one result per input, in enriched/ or failed/ as expected, and nothing else but the report", async () => {
    expect(await filesUnder(out)).toEqual([...CASES.map(resultPath), "report.html"].sort());
  });

  it.each(
    failedCases.map(
      (c) => [c.name, c.expected.outcome === "failed" ? c.expected.code : "", c] as const,
    ),
  )("fails %s with %s and a reason naming the cause", async (_name, code, input) => {
    const failure = await failureOf(input);
    if (input.expected.outcome !== "failed") throw new Error("not a failure case");

    expect(failure.code).toBe(code);
    expect(failure.reason).toMatch(input.expected.reason);
    expect(failure.source.key).toBe(`incoming/${input.name}`);
    expect(failure.source.bytes).toBe(input.bytes.length);
    expect(failure.stage).toBe(input.expected.stage ?? "clean");
    expect(run.stderr).toContain(`${input.name}: ${code}`);
  });

  it.each(enrichedCases.map((c) => [c.name, c] as const))(
    "enriches %s into a valid v1 document keyed by its name",
    async (_name, input) => {
      const path = join(out, "enriched", `${input.name}.json`);
      const raw: unknown = JSON.parse(await readFile(path, "utf8"));
      const document = await enrichedOf(input);
      const { expected } = input;
      if (expected.outcome !== "enriched") throw new Error("not an enriched case");
      const cleaned = [document.clean.title ?? "", ...document.clean.paragraphs].join("\n");

      expect(validateEnriched(raw)).toEqual([]);
      expect(document.source.key).toBe(`incoming/${input.name}`);
      expect(document.source.bytes).toBe(input.bytes.length);
      expect(document.english.paragraphs).toHaveLength(document.clean.paragraphs.length);
      expect(document.clean.language).toBe(expected.language ?? "fr");
      if (expected.encoding !== undefined) expect(document.clean.encoding).toBe(expected.encoding);
      if (expected.keeps !== undefined) expect(cleaned).toContain(expected.keeps);
      if (expected.drops !== undefined) expect(cleaned).not.toMatch(expected.drops);
    },
  );

  it("translates the French articles and passes the English one through, unbilled, untouched", async () => {
    for (const input of enrichedCases) {
      const document = await enrichedOf(input);
      const english = input.expected.outcome === "enriched" && input.expected.language === "en";

      expect(document.usage.translate.engine).toBe(english ? "none" : "apertium");
      if (english) {
        expect(document.usage.translate).toMatchObject({ billedCharacters: 0, requests: 0 });
        expect(document.english.paragraphs).toEqual(document.clean.paragraphs);
      }
    }
  });

  it("removes every NUL and control character before the text reaches the translator", async () => {
    for (const input of enrichedCases) {
      const document = await enrichedOf(input);
      const text = [document.clean.title ?? "", ...document.clean.paragraphs].join("\n");

      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/);
    }
  });
});
