import { COMPREHEND_MAX_BATCH_DOCUMENTS } from "../functions/core/analyze/comprehend-requests.js";
import { STAGES, type Stage } from "../functions/core/keys.js";
import {
  booleanSetting,
  choiceSetting,
  InvalidSettingsError,
  integerSetting,
  optionalPatternSetting,
  PIPELINE_SETTINGS,
  type PipelineSettings,
  parseSettings,
  type SettingsSpec,
  settingsRelationProblems,
} from "../functions/core/settings.js";

/**
 * Everything a deployer may tune, as typed stack props: the run-time settings of
 * `functions/core/settings.ts` (the very spec the Lambdas and the CLI parse) plus the
 * deployment-only ones below, declared with the same helpers. `cdk deploy -c
 * translateChunkBytes=8000` overrides one of them; a value outside its bounds fails synth with
 * one line naming the context key and its range.
 */
export interface StageConfig {
  /** Lambda memory; CPU share grows with it. */
  readonly memoryMb: number;
  /** Lambda timeout for one batch; the queue's visibility timeout is derived from it. */
  readonly timeoutSeconds: number;
  /** SQS messages (= articles) per invocation. */
  readonly batchSize: number;
  /**
   * Seconds the event source may wait to fill a batch (MaximumBatchingWindowInSeconds); 0 sends
   * what is there. Lambda requires ≥ 1 for a batch size above 10.
   */
  readonly batchWindowSeconds: number;
  /** Ceiling on concurrent invocations fed by the queue (SQS ScalingConfig.MaximumConcurrency). */
  readonly maxConcurrency: number;
}

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
/** Levels both Powertools Logger and Lambda's application log level understand. */
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface PipelineConfig extends PipelineSettings {
  readonly stages: Readonly<Record<Stage, StageConfig>>;
  readonly logLevel: LogLevel;
  /** Dev stacks only: buckets (emptied first) and log groups are deleted with the stack. */
  readonly destroyable: boolean;
  /** Optional existing SNS topic that receives the alarms. */
  readonly alarmTopicArn?: string | undefined;
  /** Optional e-mail address subscribed to the stack's own alarm topic. */
  readonly alarmEmail?: string | undefined;
  /** Characters sent to Translate in 24 hours above which the spend breaker pauses the pipeline. */
  readonly translateDailyCharacterCeiling: number;
  /** Monthly AWS Budgets limit, in US dollars. */
  readonly monthlyBudgetUsd: number;
  /** Optional glossary file, imported as the stack's Translate terminology. */
  readonly glossary?: string | undefined;
}

export { DEFAULT_MAX_RECEIVE_COUNT, MIN_MAX_RECEIVE_COUNT } from "../functions/core/settings.js";

export const DEFAULT_STAGE_CONFIG: Readonly<Record<Stage, StageConfig>> = {
  clean: {
    // DOM parsing of a 5 MiB HTML page can take ~20× its size in heap; 1 GiB also buys CPU.
    memoryMb: 1_024,
    // Five articles of pure CPU work take well under a second each; 60 s absorbs a cold start
    // plus a pathological page without letting a stuck batch hold its messages for long.
    timeoutSeconds: 60,
    // No paid API behind this stage: a few articles per invocation amortise the cold start.
    batchSize: 5,
    // What is queued goes at once: nothing is gained by waiting for more.
    batchWindowSeconds: 0,
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
    batchWindowSeconds: 0,
    // Translate publishes no fixed TPS (historically 20 TPS per language pair). Chosen with
    // `npm run simulate -- --sweep maxConcurrency=1..20` (docs/deploy.md): 5 drains 100,000
    // uploads in 12.7 h instead of 15.8 h at 3, with no more throttling even with 3× faster
    // calls; throttling climbs only from 13. Still in the brief's 2–5 band.
    maxConcurrency: 5,
  },
  analyze: {
    // I/O bound (S3 + Comprehend).
    memoryMb: 512,
    // One batch of up to 25 articles: four shared Comprehend calls per 25 documents (~1 s each,
    // plus SDK retries and ErrorList re-sends), then each article's summary (a Bedrock call of
    // a few seconds when configured), story and writes one after the other.
    timeoutSeconds: 180,
    // The articles of one invocation share Comprehend's 25-document batch requests
    // (functions/handlers/analyze-definition.ts): 25 short articles cost 4 calls instead of 100.
    batchSize: 25,
    // A batch above 10 needs a window; 5 s fills it during a bulk load and adds at most 5 s to a
    // lone article (archives and feeds are not latency-critical).
    batchWindowSeconds: 5,
    // ~20 TPS per Comprehend operation is the conservative planning number; 5 invocations ×
    // ~1 call/s per operation stay far below it. Analyze paces a bulk load (three calls per
    // article), so it gets translate's concurrency (same sweep).
    maxConcurrency: 5,
  },
};

/** Lambda's memory range, in MB. */
const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;
/** Lambda's timeout range, in seconds. */
const LAMBDA_TIMEOUT_SECONDS = { min: 1, max: 900 } as const;
/**
 * SQS → Lambda batch size. Up to 10 without a batching window (Lambda's rule); up to 25 with
 * one: more articles than one Comprehend batch request holds share nothing more and only
 * lengthen an invocation (and the visibility timeout derived from it).
 */
const SQS_BATCH_SIZE = { min: 1, max: COMPREHEND_MAX_BATCH_DOCUMENTS } as const;
/** Largest batch Lambda accepts without a batching window. */
const SQS_BATCH_SIZE_WITHOUT_WINDOW = 10;
/** Lambda's range for MaximumBatchingWindowInSeconds. */
const SQS_BATCH_WINDOW_SECONDS = { min: 0, max: 300 } as const;
/** AWS's range for ScalingConfig.MaximumConcurrency. */
const SQS_MAX_CONCURRENCY = { min: 2, max: 1_000 } as const;
/** A glossary file: Amazon Translate's CSV (header row `fr,en`) or TMX. */
const GLOSSARY_FILE = /\.(?:csv|tmx)$/i;
/** An SNS topic ARN in any partition. */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/;
/** Deliberately loose: SNS validates the address; this catches an obvious typo at synth. */
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * 10 M characters ≈ $150 of Translate a day (≈ $15 / M, docs/deploy.md) ≈ 4,000 articles of
 * ~2,500 clean characters: ten times a busy newsroom's daily feed, a small fraction of a
 * mistaken bulk upload (100,000 archives ≈ 250 M characters ≈ $3,750). `npm run simulate`
 * shows what it does to a bulk load (docs/deploy.md, "Scale model").
 */
export const DEFAULT_TRANSLATE_DAILY_CHARACTER_CEILING = 10_000_000;
/** 10^12 characters (≈ $15 M a day) is as good as no ceiling: the way to switch it off. */
const MAX_TRANSLATE_DAILY_CHARACTER_CEILING = 1_000_000_000_000;

/**
 * $500 a month covers ~11,000 articles (≈ $44.50 per 1,000, docs/deploy.md): a few hundred a
 * day. Budgets notifies at 80 % of actual and 100 % of forecast spend (infra/budget.ts).
 */
export const DEFAULT_MONTHLY_BUDGET_USD = 500;
/** $1 M a month is beyond any plausible use of this stack. */
const MAX_MONTHLY_BUDGET_USD = 1_000_000;

/** The four per-stage numbers, as context keys `<stage>MemoryMb`, `<stage>TimeoutSeconds`, … */
function stageSettings(stage: Stage): SettingsSpec {
  const base = DEFAULT_STAGE_CONFIG[stage];
  return {
    [`${stage}MemoryMb`]: integerSetting({
      ...LAMBDA_MEMORY_MB,
      default: base.memoryMb,
      description: `Memory of the ${stage} Lambda, in MB`,
    }),
    [`${stage}TimeoutSeconds`]: integerSetting({
      ...LAMBDA_TIMEOUT_SECONDS,
      default: base.timeoutSeconds,
      description: `Timeout of the ${stage} Lambda, in seconds`,
    }),
    [`${stage}BatchSize`]: integerSetting({
      ...SQS_BATCH_SIZE,
      default: base.batchSize,
      description: `Messages per ${stage} invocation`,
    }),
    [`${stage}BatchWindowSeconds`]: integerSetting({
      ...SQS_BATCH_WINDOW_SECONDS,
      default: base.batchWindowSeconds,
      description: `Seconds the ${stage} event source may wait to fill a batch`,
    }),
    [`${stage}MaxConcurrency`]: integerSetting({
      ...SQS_MAX_CONCURRENCY,
      default: base.maxConcurrency,
      description: `Concurrent ${stage} invocations at most`,
    }),
  };
}

/** Settings only the stack reads (no Lambda or CLI parses them). */
export const DEPLOYMENT_SETTINGS = {
  logLevel: choiceSetting({
    options: LOG_LEVELS,
    default: "INFO",
    normalize: (text) => text.toUpperCase(),
    description: "Application log level of the stage Lambdas",
  }),
  destroyable: booleanSetting({
    default: false,
    description: "Dev stacks only: buckets and log groups are deleted with the stack",
  }),
  alarmTopicArn: optionalPatternSetting({
    pattern: SNS_TOPIC_ARN,
    meaning: "an SNS topic ARN",
    description: "Existing SNS topic for the alarms",
  }),
  alarmEmail: optionalPatternSetting({
    pattern: EMAIL_ADDRESS,
    meaning: "an e-mail address",
    description: "E-mail address subscribed to the stack's own alarm topic",
  }),
  translateDailyCharacterCeiling: integerSetting({
    min: 1,
    max: MAX_TRANSLATE_DAILY_CHARACTER_CEILING,
    default: DEFAULT_TRANSLATE_DAILY_CHARACTER_CEILING,
    description:
      "Characters sent to Translate in 24 h before the spend breaker pauses the pipeline",
  }),
  monthlyBudgetUsd: integerSetting({
    min: 1,
    max: MAX_MONTHLY_BUDGET_USD,
    default: DEFAULT_MONTHLY_BUDGET_USD,
    description: "Monthly AWS Budgets limit in US dollars (notifies the alarm topic)",
  }),
  glossary: optionalPatternSetting({
    pattern: GLOSSARY_FILE,
    meaning: "the path of a .csv or .tmx glossary",
    description:
      "Glossary imported as an Amazon Translate terminology that every TranslateText names (infra/terminology.ts)",
  }),
} as const satisfies SettingsSpec;

/** Every context key `cdk synth -c key=value` understands, with its bounds. */
export const CONTEXT_SETTINGS: SettingsSpec = {
  ...PIPELINE_SETTINGS,
  ...DEPLOYMENT_SETTINGS,
  ...Object.assign({}, ...STAGES.map(stageSettings)),
};

/** A configuration that cannot deploy; its message is one line per problem, joined by "; ". */
export class InvalidPipelineConfigError extends InvalidSettingsError {}

function configOf(values: Readonly<Record<string, unknown>>): PipelineConfig {
  const pick = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((key) => [key, values[key]])) as Record<K, never>;
  const stage = (name: Stage): StageConfig => ({
    memoryMb: values[`${name}MemoryMb`] as number,
    timeoutSeconds: values[`${name}TimeoutSeconds`] as number,
    batchSize: values[`${name}BatchSize`] as number,
    batchWindowSeconds: values[`${name}BatchWindowSeconds`] as number,
    maxConcurrency: values[`${name}MaxConcurrency`] as number,
  });
  return {
    ...pick(Object.keys(PIPELINE_SETTINGS) as (keyof PipelineSettings)[]),
    ...pick(Object.keys(DEPLOYMENT_SETTINGS) as (keyof typeof DEPLOYMENT_SETTINGS)[]),
    stages: { clean: stage("clean"), translate: stage("translate"), analyze: stage("analyze") },
  };
}

/** The context values of a configuration: the inverse of `configOf`. */
function contextOf(config: PipelineConfig): Record<string, unknown> {
  const { stages, ...flat } = config;
  const values: Record<string, unknown> = { ...flat };
  for (const name of STAGES) {
    values[`${name}MemoryMb`] = stages[name].memoryMb;
    values[`${name}TimeoutSeconds`] = stages[name].timeoutSeconds;
    values[`${name}BatchSize`] = stages[name].batchSize;
    values[`${name}BatchWindowSeconds`] = stages[name].batchWindowSeconds;
    values[`${name}MaxConcurrency`] = stages[name].maxConcurrency;
  }
  return values;
}

function parseConfig(read: (key: string) => unknown, label: (key: string) => string) {
  try {
    const values = parseSettings(CONTEXT_SETTINGS, read, label);
    const config = configOf(values);
    const problems = [...settingsRelationProblems(config, label), ...stageProblems(config, label)];
    if (problems.length > 0) throw new InvalidSettingsError(problems);
    return config;
  } catch (error) {
    if (error instanceof InvalidSettingsError) throw new InvalidPipelineConfigError(error.problems);
    throw error;
  }
}

/** Relations between a stage's numbers that Lambda enforces at deploy time. */
function stageProblems(config: PipelineConfig, label: (key: string) => string): string[] {
  return STAGES.flatMap((name) => {
    const { batchSize, batchWindowSeconds } = config.stages[name];
    return batchSize > SQS_BATCH_SIZE_WITHOUT_WINDOW && batchWindowSeconds < 1
      ? [
          `${label(`${name}BatchSize`)} above ${SQS_BATCH_SIZE_WITHOUT_WINDOW} needs ${label(`${name}BatchWindowSeconds`)} of at least 1 (Lambda's rule for SQS)`,
        ]
      : [];
  });
}

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = parseConfig(
  () => undefined,
  (key) => key,
);

/** Every problem with a configuration, empty when it is deployable. */
export function configProblems(config: PipelineConfig): readonly string[] {
  try {
    assertValidConfig(config);
    return [];
  } catch (error) {
    if (error instanceof InvalidSettingsError) return error.problems;
    throw error;
  }
}

/** Checks a configuration given as stack props against the same bounds as context values. */
export function assertValidConfig(config: PipelineConfig): PipelineConfig {
  const values = contextOf(config);
  parseConfig(
    (key) => values[key],
    (key) => key,
  );
  return config;
}

/**
 * Builds the configuration from CDK context (`cdk.json` or `-c key=value`), falling back to the
 * defaults. Context values from the command line arrive as strings, those from `cdk.json` typed;
 * the settings' schemas accept both, and a value that does not parse is reported, never
 * silently replaced by the default.
 */
export function configFromContext(tryGetContext: (key: string) => unknown): PipelineConfig {
  return parseConfig(tryGetContext, (key) => `context ${key}`);
}
