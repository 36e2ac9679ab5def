import {
  environmentName,
  PIPELINE_SETTINGS,
  type PipelineSettings,
  parseSettings,
} from "../core/settings.js";

/**
 * Configuration of a stage Lambda, read once at cold start. The stack sets every variable from
 * the same settings spec (`settingsEnvironment`); a missing bucket or a value outside its bounds
 * fails the cold start with one line naming the variable and its range, instead of processing
 * articles with a guess.
 */
export interface LambdaEnvironment {
  readonly bucket: string;
  readonly settings: PipelineSettings;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): LambdaEnvironment {
  const bucket = env.BUCKET_NAME;
  if (bucket === undefined || bucket === "") {
    throw new Error("Environment variable BUCKET_NAME is required");
  }
  return {
    bucket,
    settings: parseSettings(
      PIPELINE_SETTINGS,
      (name) => env[environmentName(name)],
      (name) => `Environment variable ${environmentName(name)}`,
    ),
  };
}
