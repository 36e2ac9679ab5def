import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { lambdaBuildOptions, startupOutputs } from "../infra/bundling.js";

/** The three Lambda entries the stack deploys, by stage. */
export const LAMBDA_ENTRIES = {
  clean: "functions/lambda/clean.ts",
  translate: "functions/lambda/translate.ts",
  analyze: "functions/lambda/analyze.ts",
} as const;

export type StageName = keyof typeof LAMBDA_ENTRIES;

export const STAGES = Object.keys(LAMBDA_ENTRIES) as StageName[];

export interface BuiltBundle {
  /** Absolute path of the entry file, `<dir>/index.mjs`. */
  readonly file: string;
  /** Every file of the deployment package (entry and chunks): what Lambda receives. */
  readonly bytes: number;
  /**
   * The entry and the chunks it imports statically: what a cold start reads and compiles.
   * Chunks reached only through a dynamic `import()` load later, on first use.
   */
  readonly startupBytes: number;
}

/** Bundles one entry into `outDir` exactly as the stack does (`lambdaBuildOptions`). */
export async function bundleEntry(entry: string, outDir: string): Promise<BuiltBundle> {
  const { metafile } = await build({ ...lambdaBuildOptions(entry, outDir), metafile: true });
  const outputs = (metafile as Metafile).outputs;
  const size = (paths: Iterable<string>) =>
    [...paths].reduce((total, path) => total + (outputs[path]?.bytes ?? 0), 0);
  return {
    file: join(outDir, "index.mjs"),
    bytes: size(Object.keys(outputs)),
    startupBytes: size(startupOutputs(metafile as Metafile)),
  };
}
