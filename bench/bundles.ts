import { stat } from "node:fs/promises";
import { join } from "node:path";
import { type BuildOptions, build } from "esbuild";
import { PIPELINE_BUNDLING, PIPELINE_RUNTIME } from "../infra/pipeline-function.js";

/** The three Lambda entries the stack deploys, by stage. */
export const LAMBDA_ENTRIES = {
  clean: "functions/lambda/clean.ts",
  translate: "functions/lambda/translate.ts",
  analyze: "functions/lambda/analyze.ts",
} as const;

export type StageName = keyof typeof LAMBDA_ENTRIES;

export const STAGES = Object.keys(LAMBDA_ENTRIES) as StageName[];

export interface BuiltBundle {
  /** Absolute path of the `.mjs` file. */
  readonly file: string;
  readonly bytes: number;
}

/**
 * The esbuild options aws-cdk-lib's `NodejsFunction` derives from the stack's bundling props
 * (`Bundling.buildEsbuildArgs`): bundle, platform node, the runtime's target, ESM into
 * `index.mjs`, minify, main fields, and no externals because `bundleAwsSDK` is on. aws-cdk-lib
 * 2.276 emits no `--charset` flag, so neither do we: these are the bytes Lambda receives.
 */
export function cdkEsbuildOptions(): BuildOptions {
  const runtimeTarget = /^nodejs(\d+)/.exec(PIPELINE_RUNTIME.name)?.[1];
  return {
    bundle: true,
    platform: "node",
    target: PIPELINE_BUNDLING.target ?? `node${runtimeTarget}`,
    format: PIPELINE_BUNDLING.format,
    minify: PIPELINE_BUNDLING.minify,
    sourcemap: PIPELINE_BUNDLING.sourceMap,
    mainFields: [...PIPELINE_BUNDLING.mainFields],
    external: PIPELINE_BUNDLING.bundleAwsSDK ? [] : ["@aws-sdk/*"],
    logLevel: "error",
  };
}

/** Bundles one entry the way the stack does and returns where it went and its size. */
export async function bundleEntry(entry: string, outFile: string): Promise<BuiltBundle> {
  await build({ ...cdkEsbuildOptions(), entryPoints: [entry], outfile: outFile });
  return { file: outFile, bytes: (await stat(outFile)).size };
}

/** Bundles the three Lambda entries into `outDir/<stage>/index.mjs`. */
export async function bundleLambdas(outDir: string): Promise<Record<StageName, BuiltBundle>> {
  const built = await Promise.all(
    STAGES.map(
      async (stage) =>
        [
          stage,
          await bundleEntry(LAMBDA_ENTRIES[stage], join(outDir, stage, "index.mjs")),
        ] as const,
    ),
  );
  return Object.fromEntries(built) as Record<StageName, BuiltBundle>;
}
