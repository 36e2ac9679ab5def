import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;

/** The CDK app as `cdk synth -c key=value` runs it: context arrives in CDK_CONTEXT_JSON. */
async function synthApp(context: Record<string, string>) {
  const outdir = await mkdtemp(join(tmpdir(), "depeche-synth-"));
  try {
    await exec(process.execPath, ["--import", "tsx", "infra/app.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ ...context, "aws:cdk:bundling-stacks": [] }),
        CDK_OUTDIR: outdir,
      },
      timeout: 120_000,
    });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? "" };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

describe("cdk synth with a setting out of its bounds", () => {
  it("fails with one line naming the setting and its allowed range", async () => {
    const { code, stderr } = await synthApp({ summarySentences: "5" });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'depeche: context summarySentences must be an integer in [1, 3], got "5"\n',
    );
  }, 120_000);
});
