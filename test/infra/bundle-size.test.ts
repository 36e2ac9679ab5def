import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "../../bench/report.js";
import { STAGES, type Stage } from "../../functions/core/keys.js";
import { lambdaBuildOptions, startupOutputs } from "../../infra/bundling.js";
import { pipelineApp } from "./pipeline-fixture.js";

/**
 * The budget per function, all files: the bench's target (1.2 MB, decimal, issue #20 item 5),
 * so a package that outgrows it fails here before a bench run reports it.
 */
const MAX_BUNDLE_BYTES = TARGETS.maxBundleBytes;

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

interface Mirror {
  /** Relative path → size of every file esbuild would write. */
  readonly files: Record<string, number>;
  /** Every input of the package, and the inputs of the files a cold start loads. */
  readonly inputs: string[];
  readonly startupInputs: string[];
}

/** `lambdaBuildOptions` run again in memory, with a metafile to see what went where. */
async function mirrorBundle(stage: Stage): Promise<Mirror> {
  const outdir = join(tmpdir(), `depeche-mirror-${stage}`);
  const result = await build({
    ...lambdaBuildOptions(entryOf(stage), outdir),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const metafile = result.metafile as Metafile;
  const { outputs } = metafile;
  const inputsOf = (paths: Iterable<string>) => [
    ...new Set([...paths].flatMap((path) => Object.keys(outputs[path]?.inputs ?? {}))),
  ];
  return {
    files: Object.fromEntries(
      result.outputFiles.map((file) => [relative(outdir, file.path), file.contents.byteLength]),
    ),
    inputs: inputsOf(Object.keys(outputs)),
    startupInputs: inputsOf(startupOutputs(metafile)),
  };
}

/** Relative path → size of every file under `dir`. */
function filesUnder(dir: string): Record<string, number> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), statSync(path).size];
      }),
  );
}

describe("function bundles", () => {
  const mirrors = new Map<Stage, Mirror>();
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
    it(`is index.mjs and its chunks, at most ${MAX_BUNDLE_BYTES.toLocaleString("en")} bytes in all`, () => {
      const files = filesUnder(assets.get(stage) ?? "");
      expect(Object.keys(files)).toContain("index.mjs");
      expect(
        Object.keys(files).filter((path) => path !== "index.mjs" && !path.startsWith("chunks/")),
      ).toEqual([]);
      const total = Object.values(files).reduce((sum, size) => sum + size, 0);
      expect(total).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    });

    it("is what lambdaBuildOptions produces, file for file and byte for byte in size", () => {
      expect(filesUnder(assets.get(stage) ?? "")).toEqual(mirrors.get(stage)?.files);
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

    it("loads as ES modules on Node (with the createRequire shim): the handler and every chunk", () => {
      const asset = assets.get(stage) ?? "";
      const files = Object.keys(filesUnder(asset)).map((path) => join(asset, path));
      const script = [
        `const files = ${JSON.stringify(files)};`,
        `const m = await import(${JSON.stringify(join(asset, "index.mjs"))});`,
        "for (const file of files) await import(file);",
        "process.stdout.write(typeof m.handler + ' ' + files.length);",
      ].join("\n");
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
      expect(exported).toBe(`function ${files.length}`);
    });
  });

  // The point of splitting (ADR 0007): a cold start of the clean Lambda compiles neither the HTML
  // reader, nor the entity tables, nor franc-min's 66 trigram tables; they ship in chunks loaded
  // by the first page, the first "&" or the first text that is not plainly French or English.
  it.each(STAGES)(
    "%s: takes linkedom's CSS parser from its shim, and carries no X-Ray SDK (ADR 0001: our own subsegments)",
    (stage) => {
      const inputs = mirrors.get(stage)?.inputs ?? [];
      expect(inputs.filter((input) => /node_modules\/cssomnom\//.test(input))).toEqual([]);
      const tracing =
        /node_modules\/(aws-xray-sdk-core|cls-hooked|@aws-lambda-powertools\/tracer|semver)\//;
      expect(inputs.filter((input) => tracing.test(input))).toEqual([]);
      expect(mirrors.get(stage)?.startupInputs).toContain("functions/lambda/xray-tracer.ts");
    },
  );

  // Logger, Metrics and Batch are pinned to one release (package.json): one copy of their
  // shared commons in every package, not one per Powertools version (ADR 0007).
  it.each(STAGES)("%s: bundles one copy of each Powertools package", (stage) => {
    const copies = new Map<string, Set<string>>();
    for (const input of mirrors.get(stage)?.inputs ?? []) {
      const found = /^(.*node_modules\/)(@aws-lambda-powertools\/[^/]+)\//.exec(input);
      if (found === null) continue;
      const [, root = "", name = ""] = found;
      copies.set(name, new Set([...(copies.get(name) ?? []), root]));
    }
    expect([...copies.keys()]).toEqual(
      expect.arrayContaining(
        ["commons", "logger", "metrics", "batch"].map((n) => `@aws-lambda-powertools/${n}`),
      ),
    );
    const twice = [...copies].filter(([, roots]) => roots.size > 1).map(([name]) => name);
    expect(twice).toEqual([]);
  });

  // A Lambda parses only its own input document: the enriched document's schemas (CLI only)
  // stay out of every cold start, and the clean stage, which parses none, builds none.
  it.each(STAGES)("%s: builds at cold start only the zod schemas it parses", (stage) => {
    const startup = mirrors.get(stage)?.startupInputs ?? [];
    expect(startup).toContain("functions/core/settings.ts");
    expect(startup).not.toContain("functions/core/document.ts");
    expect(startup.includes("functions/core/stage-documents.ts")).toBe(stage !== "clean");
    // Translate parses clean documents: the English document's schemas are analyze's alone.
    expect(startup.includes("functions/core/english-documents.ts")).toBe(stage === "analyze");
  });

  // Only the opt-in Bedrock summariser speaks HTTP/2: its handler (and node:http2) ship in a
  // chunk of their own, loaded by the first Bedrock request, not by every analyze cold start.
  it.each(STAGES)("%s: leaves the SDK's HTTP/2 handler out of its cold start", (stage) => {
    const { inputs = [], startupInputs = [] } = mirrors.get(stage) ?? {};
    const http2 = "node_modules/@smithy/node-http-handler/dist-es/node-http2-handler.js";
    expect(startupInputs).not.toContain(http2);
    if (stage === "analyze") {
      expect(inputs).toContain(http2);
      expect(startupInputs).toContain("functions/lambda/bundle-shims/lazy-http2-handler.ts");
    }
  });

  // linkedom takes only htmlparser2's Parser: the shim keeps htmlparser2's other exports, and the
  // older DOM helpers and entity tables they pull in, out of the package.
  it("clean: takes htmlparser2's Parser from its shim, with one copy of each DOM helper", () => {
    const inputs = mirrors.get("clean")?.inputs ?? [];
    expect(inputs).toContain("functions/lambda/bundle-shims/htmlparser2-parser.ts");
    expect(inputs).toContain("node_modules/htmlparser2/dist/esm/Parser.js");
    expect(inputs).not.toContain("node_modules/htmlparser2/dist/esm/index.js");
    const nested = inputs.filter((input) =>
      /node_modules\/htmlparser2\/node_modules\/(domutils|dom-serializer|domhandler|domelementtype)\//.test(
        input,
      ),
    );
    expect(nested).toEqual([]);
    expect(inputs.filter((input) => /node_modules\/entities\/lib\//.test(input))).toEqual([]);
  });

  // The default summary is extractive: the generative steps (prompt, answer reader, grounding
  // rules) ship in a chunk that the first article asking Bedrock loads.
  it("analyze: the generative summary ships, but outside what a cold start loads", () => {
    const { inputs = [], startupInputs = [] } = mirrors.get("analyze") ?? {};
    expect(startupInputs).toContain("functions/core/summarize/summarize.ts");
    for (const lazy of ["generate", "grounding", "prompt"].map(
      (name) => `functions/core/summarize/${name}.ts`,
    )) {
      expect(inputs).toContain(lazy);
      expect(startupInputs).not.toContain(lazy);
    }
  });

  it("clean: HTML reader, entity tables and franc-min ship, but outside what a cold start loads", () => {
    const clean = mirrors.get("clean");
    const lazy = [
      /node_modules\/(linkedom|@mozilla\/readability|htmlparser2|entities)\//,
      /node_modules\/franc-min\/index\.js$/,
      /functions\/core\/clean\/(html\/read-html|decode\/references|language\/franc-identifier)\.ts$/,
    ];
    for (const pattern of lazy) {
      expect(
        clean?.inputs.some((input) => pattern.test(input)),
        String(pattern),
      ).toBe(true);
      expect(clean?.startupInputs.filter((input) => pattern.test(input))).toEqual([]);
    }
    // The profiles of the routed languages come from franc-min's data, loaded at start.
    expect(clean?.startupInputs).toContain("node_modules/franc-min/data.js");
  });
});
