import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AssetHashType, DockerImage, type ILocalBundling } from "aws-cdk-lib";
import { Code } from "aws-cdk-lib/aws-lambda";
import { type BuildOptions, buildSync, type Metafile } from "esbuild";

/** The repository root: esbuild resolves entries and `node_modules` from here. */
const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * Gives the bundle's CommonJS parts a `require`: the SDK's probe for its optional CRT signer
 * (`require("@aws-sdk/signature-v4-crt")`, caught when absent) expects a real one.
 */
export const REQUIRE_SHIM =
  'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);';

/**
 * Packages a bundle takes from `functions/lambda/bundle-shims/` instead of `node_modules` (esbuild
 * `alias`). Each shim says which callers it serves and why they need no more; the bundle test
 * and the deployed-bundle end-to-end test run the result.
 */
export const BUNDLE_SHIMS: Readonly<Record<string, string>> = {
  "cssomnom/parse": fileURLToPath(
    new URL("../functions/lambda/bundle-shims/no-css-parser.ts", import.meta.url),
  ),
  "@smithy/node-http-handler": fileURLToPath(
    new URL("../functions/lambda/bundle-shims/lazy-http2-handler.ts", import.meta.url),
  ),
  htmlparser2: fileURLToPath(
    new URL("../functions/lambda/bundle-shims/htmlparser2-parser.ts", import.meta.url),
  ),
};

/** What the Lambda runtime loads: `index.mjs` exporting `handler` (handler "index.handler"). */
export const LAMBDA_HANDLER = "index.handler";

/**
 * How every stage is bundled, by a local esbuild (no Docker): the stack, the bundle test and
 * `npm run bench` all call this, so there is one definition of what Lambda receives.
 * - ESM for Node 24, with a `createRequire` banner for the CommonJS `require`s left in the
 *   bundle (`REQUIRE_SHIM`; the bundle test loads every file to prove the shim suffices).
 * - Code splitting: each dynamic `import()` becomes its own file under `chunks/`, read and
 *   compiled only when first imported. The clean Lambda imports its HTML reader and the
 *   character-reference tables that way, and the AWS SDK imports its rarely used credential
 *   providers that way, so a cold start compiles what the first article needs and no more
 *   (ADR 0007). NodejsFunction cannot split (it passes esbuild `--outfile`), hence this module.
 * - The AWS SDK is bundled: we ship and test the version in our lock file rather than whichever
 *   one the runtime carries; `module` before `main` lets esbuild tree-shake its ES builds.
 * - Minified, no source maps: smaller files to read and parse at cold start.
 * - Dependencies of dependencies that a Lambda never reaches, or not at start-up, are replaced
 *   (`BUNDLE_SHIMS`): linkedom's CSS parser (~200 KB of the clean package), htmlparser2's exports
 *   other than the `Parser` linkedom takes (≈ 100 KB of duplicate DOM helpers and entity tables),
 *   and the SDK's HTTP/2 handler, loaded on the first Bedrock request instead of at every
 *   analyze cold start (≈ 6 ms of CPU for `node:http2`).
 */
export function lambdaBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    splitting: true,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    mainFields: ["module", "main"],
    alias: { ...BUNDLE_SHIMS },
    banner: { js: REQUIRE_SHIM },
    minify: true,
    sourcemap: false,
    // Warnings and errors only: no per-bundle size summary in every synth and test run.
    logLevel: "warning",
  };
}

/**
 * What a cold start loads of a bundle built with a metafile: the entry file and the chunks it
 * imports statically, transitively (metafile output paths). Chunks reached only through a dynamic
 * `import()` load later, on first use.
 */
export function startupOutputs(metafile: Metafile): string[] {
  const { outputs } = metafile;
  const entry = Object.keys(outputs).find((path) => /(^|\/)index\.mjs$/.test(path));
  if (entry === undefined) throw new Error("the bundle has no index.mjs");
  const startup = new Set<string>();
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (startup.has(path)) continue;
    startup.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) pending.push(imported.path);
    }
  }
  return [...startup];
}

/**
 * CDK's local bundling hook. `entry` is a public field on purpose: CDK caches bundling results
 * by the JSON of the bundling options, so two functions must not look alike.
 */
export class LocalEsbuildBundling implements ILocalBundling {
  /** `files`: extra files written next to `index.mjs` (name → content), e.g. a glossary. */
  constructor(
    readonly entry: string,
    readonly files: Readonly<Record<string, string>> = {},
  ) {}

  tryBundle(outputDir: string): boolean {
    buildSync(lambdaBuildOptions(this.entry, outputDir));
    for (const [name, content] of Object.entries(this.files)) {
      writeFileSync(join(outputDir, name), content);
    }
    return true;
  }
}

/**
 * The deployment package of one stage: `entry` bundled by `lambdaBuildOptions`, hashed by its
 * output (the source directory is never fingerprinted or copied). Local bundling always
 * succeeds or throws esbuild's error, so the Docker image named here is never pulled.
 */
export function lambdaCode(entry: string, files: Readonly<Record<string, string>> = {}): Code {
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry("public.ecr.aws/sam/build-nodejs24.x"),
      local: new LocalEsbuildBundling(entry, files),
    },
  });
}
