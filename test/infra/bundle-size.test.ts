import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGES, type Stage } from "../../functions/core/keys.js";
import { PIPELINE_BUNDLING } from "../../infra/pipeline-function.js";
import { pipelineApp } from "./pipeline-fixture.js";

/** The budget per function bundle (1.5 MB, decimal): cold starts and deploys stay quick. */
const MAX_BUNDLE_BYTES = 1_500_000;

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const entryOf = (stage: Stage) => `functions/lambda/${stage}.ts`;

/** Code no Lambda may carry: CDK, test tooling, the CLI, and the offline (local) engines. */
const NEVER_BUNDLED = [
  /node_modules\/(aws-cdk-lib|aws-cdk|constructs|cdk-nag|esbuild|vitest|@vitest|tsx|typescript)\//,
  /node_modules\/(aws-sdk-client-mock[^/]*|fast-check|citty|cli-progress)\//,
  /apertium|compromise|vader|s3rver/,
  /^(infra|test|bench|scripts)\//,
  /^functions\/(cli|adapters\/local)\//,
];

/** Each stage carries its own engine and not the others'. */
const STAGE_INPUTS: Record<Stage, { required: RegExp[]; forbidden: RegExp[] }> = {
  clean: {
    required: [/node_modules\/@aws-sdk\/client-s3\//, /node_modules\/linkedom\//],
    forbidden: [/@aws-sdk\/client-(translate|comprehend)\//],
  },
  translate: {
    required: [/node_modules\/@aws-sdk\/client-translate\//],
    forbidden: [
      /@aws-sdk\/client-comprehend\//,
      /node_modules\/(linkedom|@mozilla\/readability|franc-min)\//,
    ],
  },
  analyze: {
    required: [/node_modules\/@aws-sdk\/client-comprehend\//],
    forbidden: [
      /@aws-sdk\/client-translate\//,
      /node_modules\/(linkedom|@mozilla\/readability|franc-min)\//,
    ],
  },
};

/** esbuild run with the options the stack gives NodejsFunction, plus a metafile. */
async function mirrorBundle(stage: Stage): Promise<{ bytes: number; inputs: string[] }> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entryOf(stage)],
    bundle: true,
    platform: "node",
    format: PIPELINE_BUNDLING.format === OutputFormat.ESM ? "esm" : "cjs",
    target: PIPELINE_BUNDLING.target,
    minify: PIPELINE_BUNDLING.minify,
    sourcemap: PIPELINE_BUNDLING.sourceMap,
    mainFields: PIPELINE_BUNDLING.mainFields,
    // bundleAwsSDK: true → CDK passes no --external at all.
    external: [],
    outfile: "index.mjs",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  return {
    bytes: output?.contents.byteLength ?? 0,
    inputs: Object.keys((result.metafile as Metafile).inputs),
  };
}

describe("function bundles", () => {
  const mirrors = new Map<Stage, { bytes: number; inputs: string[] }>();
  const assets = new Map<Stage, string>();
  const outdir = mkdtempSync(join(tmpdir(), "depeche-cdk-out-"));

  beforeAll(async () => {
    for (const [stage, bundle] of await Promise.all(
      STAGES.map(async (stage) => [stage, await mirrorBundle(stage)] as const),
    )) {
      mirrors.set(stage, bundle);
    }
    // The real thing: CDK bundles the three entries with local esbuild (no Docker).
    const { app, stack } = pipelineApp({}, { bundle: true, outdir });
    app.synth();
    for (const stage of STAGES) {
      const code = (stack.stages[stage].function.node.defaultChild as CfnFunction)
        .code as CfnFunction.CodeProperty;
      const hash = String(stack.resolve(code.s3Key)).replace(/\.zip$/, "");
      assets.set(stage, join(outdir, `asset.${hash}`));
    }
  }, 120_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  describe.each(STAGES)("%s", (stage) => {
    it(`is a single index.mjs of at most ${MAX_BUNDLE_BYTES.toLocaleString("en")} bytes`, () => {
      const asset = assets.get(stage) ?? "";
      expect(readdirSync(asset)).toEqual(["index.mjs"]);
      expect(statSync(join(asset, "index.mjs")).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    });

    it("is what the esbuild options mirrored in this test produce, byte for byte in size", () => {
      expect(statSync(join(assets.get(stage) ?? "", "index.mjs")).size).toBe(
        mirrors.get(stage)?.bytes,
      );
    });

    it("holds only what the stage uses: no CDK, test, CLI or offline-engine code", () => {
      const inputs = mirrors.get(stage)?.inputs ?? [];
      expect(inputs).toContain(entryOf(stage));
      for (const pattern of STAGE_INPUTS[stage].required) {
        expect(
          inputs.some((input) => pattern.test(input)),
          String(pattern),
        ).toBe(true);
      }
      const unwanted = inputs.filter((input) =>
        [...NEVER_BUNDLED, ...STAGE_INPUTS[stage].forbidden].some((pattern) => pattern.test(input)),
      );
      expect(unwanted).toEqual([]);
    });

    it("loads as an ES module on Node without a require shim and exports the handler", () => {
      const script = `const m = await import(${JSON.stringify(join(assets.get(stage) ?? "", "index.mjs"))}); process.stdout.write(typeof m.handler);`;
      const exported = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: "eu-west-1",
          AWS_EC2_METADATA_DISABLED: "true",
          BUCKET_NAME: "depeche-test",
          MAX_RECEIVE_COUNT: "5",
          POWERTOOLS_SERVICE_NAME: "depeche",
          POWERTOOLS_LOG_LEVEL: "ERROR",
        },
        encoding: "utf8",
        // The SDK warns on stderr that it will soon need Node ≥ 22; Lambda runs Node 24.
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(exported).toBe("function");
    });
  });
});
