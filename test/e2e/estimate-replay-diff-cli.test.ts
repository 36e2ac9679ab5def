import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadSeeds } from "../../bench/corpus.js";
import { measureCost } from "../../bench/cost.js";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/depeche.mjs");

/** Runs the real CLI in a child process, as a user would. */
async function depeche(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("depeche estimate seeds (CLI)", () => {
  it("prints the Translate characters the benchmark's mocked Amazon run bills, and a dollar bill", async () => {
    const seeds = await loadSeeds(join(ROOT, "seeds"));
    const bench = await measureCost(seeds, () => {});

    const text = await depeche("estimate", "seeds");
    const json = await depeche("estimate", "seeds", "--json");

    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `${bench.billedTranslateChars.toLocaleString("en-US")} characters`,
    );
    expect(text.stdout).toMatch(/expected bill\s+\$\d+\.\d{4}/);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      totals: { translateCharacters: number; comprehendUnits: number };
      bill: { totalUsd: number };
    };
    expect(report.totals.translateCharacters).toBe(bench.billedTranslateChars);
    expect(report.totals.comprehendUnits).toBe(bench.comprehendUnits);
    expect(report.bill.totalUsd).toBeCloseTo(bench.usdPerArticle * seeds.length, 10);
  });
});

describe("estimate, replay and diff: help and bad arguments", () => {
  it.each(["estimate", "replay", "diff"])(
    "depeche %s --help exits 0 with its usage",
    async (command) => {
      const { code, stdout } = await depeche(command, "--help");
      expect(code).toBe(0);
      expect(stdout).toContain(`depeche ${command}`);
      expect(stdout).toMatch(/USAGE/);
    },
  );

  it.each([
    [["replay"], /name what to replay/],
    [["replay", "--store", "/nonexistent/store"], /no store at \/nonexistent\/store/],
    [
      [
        "replay",
        "s3://bucket-name",
        "--execution-name",
        "x",
        "--state-machine",
        "arn:aws:states:eu-west-1:123456789012:stateMachine:R",
      ],
      /name a prefix/,
    ],
    [["replay", "s3://bucket-name/incoming/", "--execution-name", "x"], /--state-machine/],
    [
      [
        "replay",
        "s3://bucket-name/incoming/",
        "--state-machine",
        "arn:aws:states:eu-west-1:123456789012:stateMachine:R",
      ],
      /--execution-name/,
    ],
    [
      [
        "replay",
        "s3://bucket-name/incoming/",
        "--execution-name",
        "x",
        "--state-machine",
        "arn:aws:states:eu-west-1:123456789012:stateMachine:R",
        "--estimate-first",
      ],
      /--estimate-first and --max-usd go together/,
    ],
    [["estimate", "/nonexistent/folder"], /no such file or folder/],
    [["estimate", "s3://Bad_Bucket/x"], /does not name an S3 bucket/],
    [["diff", "/nonexistent/a", "seeds"], /no such file or folder/],
    [["diff", "seeds", "seeds"], /no enriched documents in seeds/],
  ])("depeche %j: one line, exit 1", async (args, message) => {
    const { code, stderr } = await depeche(...args);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
