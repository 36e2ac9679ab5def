import { environmentName, type PipelineSettings, parsePipelineSettings } from "../core/settings.js";

/**
 * Configuration of a stage Lambda, read once at cold start. The stack sets every variable from
 * the same settings spec (`settingsEnvironment`); a missing bucket or a value outside its bounds
 * fails the cold start with one line naming the variable and its range, instead of processing
 * articles with a guess.
 */
export interface LambdaEnvironment {
  readonly bucket: string;
  readonly settings: PipelineSettings;
  /** The Translate terminology every TranslateText names (set when the stack has a glossary). */
  readonly terminologyName?: string | undefined;
  /** The name of the glossary it was imported from (what usage.translate records). */
  readonly glossaryName?: string | undefined;
}

/** The environment variable naming the stack's Translate terminology (`infra/terminology.ts`). */
export const TERMINOLOGY_NAME_VARIABLE = "TERMINOLOGY_NAME";

/** The environment variable with the glossary's own name (`terms` for `terms.csv`). */
export const GLOSSARY_NAME_VARIABLE = "GLOSSARY_NAME";

/** The glossary the terminology was imported from, bundled next to the translate Lambda's code. */
export const BUNDLED_GLOSSARY_FILE = "glossary.csv";

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): LambdaEnvironment {
  const bucket = env.BUCKET_NAME;
  if (bucket === undefined || bucket === "") {
    throw new Error("Environment variable BUCKET_NAME is required");
  }
  const terminologyName = env[TERMINOLOGY_NAME_VARIABLE];
  return {
    bucket,
    ...(terminologyName ? { terminologyName, glossaryName: env[GLOSSARY_NAME_VARIABLE] } : {}),
    settings: parsePipelineSettings(
      (name) => env[environmentName(name)],
      (name) => `Environment variable ${environmentName(name)}`,
    ),
  };
}
