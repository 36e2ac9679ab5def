import { STAGES, type Stage } from "../functions/core/keys.js";
import {
  DEFAULT_SETTINGS,
  type PipelineSettings,
  TRANSLATE_REQUEST_LIMIT_BYTES,
} from "../functions/core/settings.js";

/**
 * Everything a deployer may tune, as typed stack props. Defaults come from
 * `functions/core/settings.ts` (the same numbers the offline CLI uses) plus the per-stage
 * Lambda/SQS numbers below; `cdk deploy -c translateChunkBytes=8000` overrides one of them.
 */
export interface StageConfig {
  /** Lambda memory; CPU share grows with it. */
  readonly memoryMb: number;
  /** Lambda timeout for one batch; the queue's visibility timeout is derived from it. */
  readonly timeoutSeconds: number;
  /** SQS messages (= articles) per invocation. */
  readonly batchSize: number;
  /** Ceiling on concurrent invocations fed by the queue (SQS ScalingConfig.MaximumConcurrency). */
  readonly maxConcurrency: number;
}

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
/** Levels both Powertools Logger and Lambda's application log level understand. */
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface PipelineConfig extends PipelineSettings {
  readonly stages: Readonly<Record<Stage, StageConfig>>;
  /** Deliveries of one message before SQS moves it to the stage's dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly logLevel: LogLevel;
  /** Dev stacks only: buckets (emptied first) and log groups are deleted with the stack. */
  readonly destroyable: boolean;
  /** Optional existing SNS topic that receives the dead-letter-queue alarms. */
  readonly alarmTopicArn?: string | undefined;
}

/**
 * AWS guidance for SQS → Lambda: at least 5, so messages that were only throttled are not
 * dead-lettered. Five attempts spaced by the visibility timeout ride out a throttling burst of
 * tens of minutes; a message that fails five times is broken, not unlucky.
 */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

/** The smallest `maxReceiveCount` we accept, per the same AWS guidance. */
export const MIN_MAX_RECEIVE_COUNT = 5;

/** SQS's own ceiling for a redrive policy's `maxReceiveCount`. */
const MAX_MAX_RECEIVE_COUNT = 1_000;

export const DEFAULT_STAGE_CONFIG: Readonly<Record<Stage, StageConfig>> = {
  clean: {
    // DOM parsing of a 5 MiB HTML page can take ~20× its size in heap; 1 GiB also buys CPU.
    memoryMb: 1_024,
    // Five articles of pure CPU work take well under a second each; 60 s absorbs a cold start
    // plus a pathological page without letting a stuck batch hold its messages for long.
    timeoutSeconds: 60,
    // No paid API behind this stage: a few articles per invocation amortise the cold start.
    batchSize: 5,
    // Nothing downstream to protect; 5 drains a burst quickly and stays in the brief's 2–5 band.
    maxConcurrency: 5,
  },
  translate: {
    // I/O bound (S3 + Translate); 512 MB keeps the bundled SDK's cold start short.
    memoryMb: 512,
    // One article ≤ 100 KB ≈ 12 sequential 9 KB TranslateText calls, each with SDK retries;
    // the translation cache keeps finished chunks if a retry is needed anyway.
    timeoutSeconds: 120,
    // One article per invocation: the concurrency cap below then bounds Translate TPS exactly.
    batchSize: 1,
    // Translate publishes no fixed TPS (historically 20 TPS per language pair). 3 invocations
    // × ~2–4 sequential calls/s ≈ 6–12 TPS, leaving headroom for retries.
    maxConcurrency: 3,
  },
  analyze: {
    // I/O bound (S3 + Comprehend).
    memoryMb: 512,
    // Three Comprehend batch calls per article (25 × 5 KB each), ~1 s each, plus retries.
    timeoutSeconds: 60,
    // One article per invocation, for the same TPS arithmetic as translate.
    batchSize: 1,
    // ~20 TPS per Comprehend operation is the conservative planning number; 3 invocations ×
    // ~1 call/s per operation stay far below it.
    maxConcurrency: 3,
  },
};

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = {
  ...DEFAULT_SETTINGS,
  stages: DEFAULT_STAGE_CONFIG,
  maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
  logLevel: "INFO",
  destroyable: false,
};

/** Lambda's memory range, in MB. */
const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;
/** Lambda's timeout range, in seconds. */
const LAMBDA_TIMEOUT_SECONDS = { min: 1, max: 900 } as const;
/** SQS → Lambda batch size without a batching window (a window would add latency). */
const SQS_BATCH_SIZE = { min: 1, max: 10 } as const;
/** AWS's range for ScalingConfig.MaximumConcurrency. */
const SQS_MAX_CONCURRENCY = { min: 2, max: 1_000 } as const;
/** An SNS topic ARN in any partition. */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/;
/** Amazon Translate language codes: `fr`, `en`, `fr-CA`, `zh-TW`. */
const LANGUAGE_CODE = /^[a-z]{2}(-[A-Z]{2})?$/;

export class InvalidPipelineConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid pipeline configuration:\n- ${problems.join("\n- ")}`);
    this.name = "InvalidPipelineConfigError";
  }
}

/** Every problem with a configuration, empty when it is deployable. */
export function configProblems(config: PipelineConfig): string[] {
  const problems: string[] = [];
  const intIn = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer in [${min}, ${max}], got ${value}`);
    }
  };
  intIn("translateChunkBytes", config.translateChunkBytes, 1, TRANSLATE_REQUEST_LIMIT_BYTES);
  intIn("maxObjectBytes", config.maxObjectBytes, 1, Number.MAX_SAFE_INTEGER);
  intIn("maxTranslateBytes", config.maxTranslateBytes, 1, Number.MAX_SAFE_INTEGER);
  intIn("summarySentences", config.summarySentences, 1, Number.MAX_SAFE_INTEGER);
  intIn("maxReceiveCount", config.maxReceiveCount, MIN_MAX_RECEIVE_COUNT, MAX_MAX_RECEIVE_COUNT);
  for (const name of ["sourceLanguage", "targetLanguage"] as const) {
    if (!LANGUAGE_CODE.test(config[name])) {
      problems.push(`${name} must be a language code like "fr" or "fr-CA", got "${config[name]}"`);
    }
  }
  if (config.sourceLanguage === config.targetLanguage) {
    problems.push("sourceLanguage and targetLanguage must differ");
  }
  if (!LOG_LEVELS.includes(config.logLevel)) {
    problems.push(`logLevel must be one of ${LOG_LEVELS.join(", ")}, got "${config.logLevel}"`);
  }
  if (config.alarmTopicArn !== undefined && !SNS_TOPIC_ARN.test(config.alarmTopicArn)) {
    problems.push(`alarmTopicArn must be an SNS topic ARN, got "${config.alarmTopicArn}"`);
  }
  for (const stage of STAGES) {
    const { memoryMb, timeoutSeconds, batchSize, maxConcurrency } = config.stages[stage];
    intIn(`${stage}MemoryMb`, memoryMb, LAMBDA_MEMORY_MB.min, LAMBDA_MEMORY_MB.max);
    intIn(
      `${stage}TimeoutSeconds`,
      timeoutSeconds,
      LAMBDA_TIMEOUT_SECONDS.min,
      LAMBDA_TIMEOUT_SECONDS.max,
    );
    intIn(`${stage}BatchSize`, batchSize, SQS_BATCH_SIZE.min, SQS_BATCH_SIZE.max);
    intIn(
      `${stage}MaxConcurrency`,
      maxConcurrency,
      SQS_MAX_CONCURRENCY.min,
      SQS_MAX_CONCURRENCY.max,
    );
  }
  return problems;
}

export function assertValidConfig(config: PipelineConfig): PipelineConfig {
  const problems = configProblems(config);
  if (problems.length > 0) throw new InvalidPipelineConfigError(problems);
  return config;
}

/**
 * Builds the configuration from CDK context (`cdk.json` or `-c key=value`), falling back to the
 * defaults. CLI context values arrive as strings, so numbers and booleans are parsed here and a
 * value that does not parse is reported, never silently replaced by the default.
 */
export function configFromContext(
  tryGetContext: (key: string) => unknown,
  defaults: PipelineConfig = DEFAULT_PIPELINE_CONFIG,
): PipelineConfig {
  const problems: string[] = [];
  const int = (key: string, fallback: number): number => {
    const raw = tryGetContext(key);
    if (raw === undefined) return fallback;
    const value = typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof value === "number" && Number.isInteger(value)) return value;
    problems.push(`context ${key} must be an integer, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const str = (key: string, fallback: string): string => {
    const raw = tryGetContext(key);
    if (raw === undefined) return fallback;
    if (typeof raw === "string" && raw.trim() !== "") return raw.trim();
    problems.push(`context ${key} must be a non-empty string, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const raw = tryGetContext(key);
    if (raw === undefined) return fallback;
    if (raw === true || raw === "true") return true;
    if (raw === false || raw === "false") return false;
    problems.push(`context ${key} must be true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const stageConfig = (stage: Stage): StageConfig => {
    const base = defaults.stages[stage];
    return {
      memoryMb: int(`${stage}MemoryMb`, base.memoryMb),
      timeoutSeconds: int(`${stage}TimeoutSeconds`, base.timeoutSeconds),
      batchSize: int(`${stage}BatchSize`, base.batchSize),
      maxConcurrency: int(`${stage}MaxConcurrency`, base.maxConcurrency),
    };
  };
  const alarmTopicArn = tryGetContext("alarmTopicArn");

  const config: PipelineConfig = {
    sourceLanguage: str("sourceLanguage", defaults.sourceLanguage),
    targetLanguage: str("targetLanguage", defaults.targetLanguage),
    translateChunkBytes: int("translateChunkBytes", defaults.translateChunkBytes),
    maxObjectBytes: int("maxObjectBytes", defaults.maxObjectBytes),
    maxTranslateBytes: int("maxTranslateBytes", defaults.maxTranslateBytes),
    summarySentences: int("summarySentences", defaults.summarySentences),
    stages: {
      clean: stageConfig("clean"),
      translate: stageConfig("translate"),
      analyze: stageConfig("analyze"),
    },
    maxReceiveCount: int("maxReceiveCount", defaults.maxReceiveCount),
    logLevel: str("logLevel", defaults.logLevel).toUpperCase() as LogLevel,
    destroyable: bool("destroyable", defaults.destroyable),
    alarmTopicArn: alarmTopicArn === undefined ? defaults.alarmTopicArn : str("alarmTopicArn", ""),
  };
  problems.push(...configProblems(config));
  if (problems.length > 0) throw new InvalidPipelineConfigError(problems);
  return config;
}
