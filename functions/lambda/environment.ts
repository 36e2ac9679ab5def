import { DEFAULT_SETTINGS, type PipelineSettings } from "../core/settings.js";

/**
 * Configuration of a stage Lambda, read once at cold start. The stack sets every variable
 * (from typed stack props); a missing or malformed one fails the cold start loudly instead of
 * processing articles with a guess.
 */
export interface LambdaEnvironment {
  readonly bucket: string;
  readonly maxReceiveCount: number;
  readonly settings: PipelineSettings;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): LambdaEnvironment {
  return {
    bucket: requireEnv(env, "BUCKET_NAME"),
    maxReceiveCount: intEnv(env, "MAX_RECEIVE_COUNT", 5),
    settings: {
      sourceLanguage: env.SOURCE_LANGUAGE ?? DEFAULT_SETTINGS.sourceLanguage,
      targetLanguage: env.TARGET_LANGUAGE ?? DEFAULT_SETTINGS.targetLanguage,
      translateChunkBytes: intEnv(
        env,
        "TRANSLATE_CHUNK_BYTES",
        DEFAULT_SETTINGS.translateChunkBytes,
      ),
      maxObjectBytes: intEnv(env, "MAX_OBJECT_BYTES", DEFAULT_SETTINGS.maxObjectBytes),
      maxTranslateBytes: intEnv(env, "MAX_TRANSLATE_BYTES", DEFAULT_SETTINGS.maxTranslateBytes),
      summarySentences: intEnv(env, "SUMMARY_SENTENCES", DEFAULT_SETTINGS.summarySentences),
    },
  };
}

function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "")
    throw new Error(`Environment variable ${name} is required`);
  return value;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}
