import * as z from "zod/mini";
import { MAX_SUMMARY_SENTENCES } from "./summary-limit.js";
import { MIN_CHUNK_BYTES } from "./translate/chunk.js";

/**
 * Every tunable of the pipeline, defined once: its zod schema with the real bounds, its default
 * and why. The same definition is parsed wherever a value comes from:
 *   - the Lambda environment (`MAX_OBJECT_BYTES=…`, `functions/lambda/environment.ts`),
 *   - CDK context (`cdk synth -c maxObjectBytes=…`, `infra/config.ts`, which adds the
 *     deployment-only settings with the same helpers),
 *   - CLI flags (`depeche run --max-object-bytes …`, `functions/cli/command-line.ts`).
 * A value outside its bounds is refused with one line naming it and its allowed range; the core
 * reads settings only from the object it is given.
 */

/** One setting: the zod schema that checks it, its default, and its bounds as words and data. */
export interface Setting<T> {
  /** Accepts the typed value or its text form (environment, CLI, `-c key=value`); checks bounds. */
  readonly schema: z.ZodMiniType<T, unknown>;
  /** `undefined` only for optional settings (nothing configured means "not used"). */
  readonly default: T;
  /** The allowed values in words, for the one-line error: "an integer in [1, 3]". */
  readonly range: string;
  /** The bounds as data: property tests draw configurations from it. */
  readonly domain: SettingDomain;
  readonly description: string;
}

export type SettingDomain =
  | { readonly kind: "integer"; readonly min: number; readonly max: number }
  | { readonly kind: "choice"; readonly options: readonly string[] }
  | { readonly kind: "boolean" }
  | { readonly kind: "pattern"; readonly pattern: RegExp; readonly example?: string };

// biome-ignore lint/suspicious/noExplicitAny: a record of settings of any value type
export type SettingsSpec = Readonly<Record<string, Setting<any>>>;

/** The typed values of a spec: `{ maxObjectBytes: number, … }`. */
export type SettingsOf<S extends SettingsSpec> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

/** Integers as `-c key=8000`, flags and environment variables deliver them. */
const INTEGER_TEXT = /^[+-]?\d+$/;

/*
 * What every integer and every boolean setting accepts before its own bounds, built once and
 * shared (zod schemas are immutable): a Lambda builds every setting at cold start, and each zod
 * schema built there costs tens of microseconds (ADR 0007). An integer setting adds only its
 * two bounds to `INTEGER`.
 */
const NUMBER_OR_INTEGER_TEXT = z.union([
  z.number(),
  z.pipe(
    z.string().check(z.regex(INTEGER_TEXT)),
    z.transform((text: string) => Number(text)),
  ),
]);

const INTEGER = z.pipe(NUMBER_OR_INTEGER_TEXT, z.int());

const BOOLEAN_OR_TEXT = z.union([
  z.boolean(),
  z.pipe(
    z.enum(["true", "false"]),
    z.transform((text: "true" | "false") => text === "true"),
  ),
]);

export function integerSetting(options: {
  min: number;
  max: number;
  default: number;
  description: string;
}): Setting<number> {
  const { min, max } = options;
  return {
    schema: INTEGER.check(z.gte(min), z.lte(max)),
    default: options.default,
    range: `an integer in [${min}, ${max}]`,
    domain: { kind: "integer", min, max },
    description: options.description,
  };
}

export function choiceSetting<const T extends string>(options: {
  options: readonly [T, ...T[]];
  default: NoInfer<T>;
  description: string;
  /** Applied to text before matching (e.g. upper-casing a log level). */
  normalize?: (text: string) => string;
}): Setting<T> {
  const { normalize } = options;
  const choice = z.enum(options.options);
  return {
    // Without `normalize` the enum alone: it takes the same strings and refuses the rest.
    schema:
      normalize === undefined ? choice : z.pipe(z.pipe(z.string(), z.transform(normalize)), choice),
    default: options.default,
    range:
      options.options.length === 1
        ? `"${options.options[0]}"`
        : `one of ${options.options.map((o) => `"${o}"`).join(", ")}`,
    domain: { kind: "choice", options: options.options },
    description: options.description,
  };
}

export function booleanSetting(options: {
  default: boolean;
  description: string;
}): Setting<boolean> {
  return {
    schema: BOOLEAN_OR_TEXT,
    default: options.default,
    range: "true or false",
    domain: { kind: "boolean" },
    description: options.description,
  };
}

/** A text setting that is off unless configured (an ARN, an e-mail address). */
export function optionalPatternSetting(options: {
  pattern: RegExp;
  /** What the pattern means, for the error: "an SNS topic ARN". */
  meaning: string;
  description: string;
  /** A value the pattern accepts, for property tests. */
  example?: string;
}): Setting<string | undefined> {
  return {
    schema: z.optional(z.string().check(z.regex(options.pattern))),
    default: undefined,
    range: options.meaning,
    domain: {
      kind: "pattern",
      pattern: options.pattern,
      ...(options.example === undefined ? {} : { example: options.example }),
    },
    description: options.description,
  };
}

/** One line per problem, naming the setting as its reader calls it and the allowed range. */
export class InvalidSettingsError extends Error {
  override readonly name: string = "InvalidSettingsError";
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
  }
}

/** Each spec's object schema, built once (a cold start parses the defaults, then the environment). */
const SCHEMAS = new WeakMap<SettingsSpec, z.ZodMiniType>();

/** The zod object schema of a spec: unset values take their defaults. */
export function settingsSchema<S extends SettingsSpec>(
  spec: S,
): z.ZodMiniType<SettingsOf<S>, Record<string, unknown>> {
  const built = SCHEMAS.get(spec);
  if (built !== undefined) return built as z.ZodMiniType<SettingsOf<S>, Record<string, unknown>>;
  const schema = buildSettingsSchema(spec);
  SCHEMAS.set(spec, schema);
  return schema;
}

function buildSettingsSchema<S extends SettingsSpec>(
  spec: S,
): z.ZodMiniType<SettingsOf<S>, Record<string, unknown>> {
  const shape = Object.fromEntries(
    Object.entries(spec).map(([name, setting]) => [
      name,
      setting.default === undefined ? setting.schema : z._default(setting.schema, setting.default),
    ]),
  );
  return z.object(shape) as unknown as z.ZodMiniType<SettingsOf<S>, Record<string, unknown>>;
}

/**
 * Reads every setting of `spec` through `read` (an empty string counts as unset) and parses them
 * with the spec's schema. Throws `InvalidSettingsError` listing every bad value at once, each as
 * `<label> must be <range>, got <value>`.
 */
export function parseSettings<S extends SettingsSpec>(
  spec: S,
  read: (name: string) => unknown,
  label: (name: string) => string = (name) => name,
): SettingsOf<S> {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(spec)) {
    const value = read(name);
    const text = typeof value === "string" ? value.trim() : value;
    if (text !== undefined && text !== "") raw[name] = text;
  }
  const parsed = settingsSchema(spec).safeParse(raw);
  if (parsed.success) return parsed.data;
  const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  throw new InvalidSettingsError(
    names.map(
      (name) => `${label(name)} must be ${spec[name]?.range}, got ${JSON.stringify(read(name))}`,
    ),
  );
}

/** `maxObjectBytes` → `MAX_OBJECT_BYTES`: a setting's Lambda environment variable. */
export function environmentName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

/** `maxObjectBytes` → `max-object-bytes`: a setting's CLI flag (without the dashes). */
export function flagName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * 5 MiB: a long feature article as HTML is ~300 KB; 5 MiB leaves room for inline scripts and
 * styles while keeping a 512 MB Lambda far from memory pressure.
 */
export const DEFAULT_MAX_OBJECT_BYTES = 5 * 1024 * 1024;

/**
 * 100 MiB: DOM parsing takes ~20× the page in heap, so 2 GB, which Lambda's 10,240 MB ceiling
 * still holds; an upload past that is an archive or a dump, never one article.
 */
export const MAX_OBJECT_BYTES_CEILING = 100 * 1024 * 1024;

/**
 * 100 KB of clean text ≈ 15,000 words, three times the longest news feature; beyond that the
 * input is almost surely a dump, not an article, and translating it would cost > $1.50.
 */
export const DEFAULT_MAX_TRANSLATE_BYTES = 100_000;

/** 1 MB of text is ~$15 of Translate for one article (at $15 per million characters). */
export const MAX_TRANSLATE_BYTES_CEILING = 1_000_000;

/**
 * Amazon Translate rejects a TranslateText request over 10,000 UTF-8 bytes; 9,000 leaves room for
 * the paragraph separators and any normalisation the service applies.
 */
export const DEFAULT_TRANSLATE_CHUNK_BYTES = 9_000;

/** Hard ceiling for `translateChunkBytes`: Amazon Translate's documented request limit. */
export const TRANSLATE_REQUEST_LIMIT_BYTES = 10_000;

/** Three sentences read in about ten seconds (and v1 allows no more). */
export const DEFAULT_SUMMARY_SENTENCES = 3;

/**
 * 3,000 tokens ≈ 12,000 characters ≈ 2,000 English words: a typical news article whole, its
 * instructions included; a longer one is summarised from its lead paragraphs (inverted pyramid).
 */
export const DEFAULT_SUMMARY_INPUT_TOKENS = 3_000;

/** Below 500 tokens the instructions and a title leave no room for a paragraph. */
export const MIN_SUMMARY_INPUT_TOKENS = 500;

/** 100,000 tokens ≈ the 100 KB `maxTranslateBytes` ceiling of English: more is never needed. */
export const MAX_SUMMARY_INPUT_TOKENS = 100_000;

/** Three sentences of ~40 tokens in the JSON answer, with room: ~250 tokens; 400 caps it. */
export const DEFAULT_SUMMARY_OUTPUT_TOKENS = 400;

/** Fewer than 100 tokens cuts a three-sentence JSON answer short. */
export const MIN_SUMMARY_OUTPUT_TOKENS = 100;

/** 4,096: the smallest output ceiling among Bedrock's text models; a summary never needs more. */
export const MAX_SUMMARY_OUTPUT_TOKENS = 4_096;

/**
 * A Bedrock model id (`amazon.nova-lite-v1:0`), a cross-Region inference profile id
 * (`us.anthropic.claude-3-5-haiku-20241022-v1:0`) or the ARN of either.
 */
export const BEDROCK_MODEL_ID =
  /^(?:arn:aws[a-z-]*:bedrock:[a-z0-9-]+:(?:\d{12})?:(?:foundation-model|inference-profile|application-inference-profile)\/[\w.:-]+|[a-z0-9-]+\.[\w.:-]+)$/;

/**
 * AWS guidance for SQS → Lambda: at least 5, so messages that were only throttled are not
 * dead-lettered. Five attempts spaced by the visibility timeout ride out a throttling burst of
 * tens of minutes; a message that fails five times is broken, not unlucky.
 */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

/** The smallest `maxReceiveCount` we accept, per the same AWS guidance. */
export const MIN_MAX_RECEIVE_COUNT = 5;

/** SQS's own ceiling for a redrive policy's `maxReceiveCount`. */
export const MAX_MAX_RECEIVE_COUNT = 1_000;

/**
 * Requests one article has in flight at once, to Translate (its chunks) or to Comprehend (the
 * batches of one feature). 6: a 100 KB article's 12–13 chunks take 2–3 round trips instead of
 * 12–13. Only such long articles reach the bound (most articles are one or two chunks); even if
 * all 5 translate invocations were at it, 30 requests of ≈ 1.6 s each (the scale model's figure
 * for 9,000 bytes) are ≈ 19 TPS, under Translate's historical 20 TPS per language pair, and the
 * SDK's retry strategy absorbs the rest.
 */
export const DEFAULT_SERVICE_REQUEST_CONCURRENCY = 6;

/** More than 10 per article would let one long article take a whole account's TPS. */
export const MAX_SERVICE_REQUEST_CONCURRENCY = 10;

/** What the stages read at run time; the Lambdas and the CLI parse this very spec. */
export const PIPELINE_SETTINGS = {
  maxObjectBytes: integerSetting({
    min: 1,
    max: MAX_OBJECT_BYTES_CEILING,
    default: DEFAULT_MAX_OBJECT_BYTES,
    description: "Largest uploaded object the clean stage reads, in bytes",
  }),
  maxTranslateBytes: integerSetting({
    min: 1,
    max: MAX_TRANSLATE_BYTES_CEILING,
    default: DEFAULT_MAX_TRANSLATE_BYTES,
    description: "Largest cleaned text (UTF-8 bytes) sent to translation",
  }),
  translateChunkBytes: integerSetting({
    // Below 4 bytes not every UTF-8 character fits one request.
    min: MIN_CHUNK_BYTES,
    max: TRANSLATE_REQUEST_LIMIT_BYTES,
    default: DEFAULT_TRANSLATE_CHUNK_BYTES,
    description: "Amazon Translate request size in UTF-8 bytes",
  }),
  // The cleaner's boilerplate lists and language routing, the offline Apertium pair and the
  // builtin English analyser are built for French in, English out: other codes need those first.
  sourceLanguage: choiceSetting({
    options: ["fr"],
    default: "fr",
    description: "Language translated from",
  }),
  targetLanguage: choiceSetting({
    options: ["en"],
    default: "en",
    description: "Language translated to (and analysed)",
  }),
  summarySentences: integerSetting({
    min: 1,
    max: MAX_SUMMARY_SENTENCES,
    default: DEFAULT_SUMMARY_SENTENCES,
    description: "Sentences in the extractive summary",
  }),
  // Amazon Translate's TranslationSettings, sent with every TranslateText (the offline engine
  // has no equivalent and ignores them); what was applied is recorded in usage.translate.
  translateProfanity: choiceSetting({
    options: ["off", "mask"],
    default: "off",
    description: "Amazon Translate profanity masking: mask replaces profane words with ?$#@$",
  }),
  translateBrevity: choiceSetting({
    options: ["off", "on"],
    default: "off",
    description:
      "Amazon Translate brevity: shorter output (supported for fr→en, TranslateText only)",
  }),
  translateFormality: choiceSetting({
    options: ["default", "formal", "informal"],
    default: "default",
    description:
      "Amazon Translate formality; sent only to target languages that support it (not English)",
  }),
  comprehendEntities: choiceSetting({
    options: ["targeted-sentiment", "detect-entities"],
    default: "targeted-sentiment",
    description:
      "Where Amazon Comprehend's English entities come from: the named mentions of targeted sentiment (3 requests and charges per document) or BatchDetectEntities as well (4)",
  }),
  serviceRequestConcurrency: integerSetting({
    min: 1,
    max: MAX_SERVICE_REQUEST_CONCURRENCY,
    default: DEFAULT_SERVICE_REQUEST_CONCURRENCY,
    description:
      "Requests one article sends at once to Amazon Translate (its chunks) or Comprehend (one feature's batches)",
  }),
  summarizer: choiceSetting({
    options: ["extractive", "bedrock"],
    default: "extractive",
    description:
      "Summary engine: extractive (offline, no cost) or bedrock (generated, grounded, falls back to extractive)",
  }),
  bedrockModelId: optionalPatternSetting({
    pattern: BEDROCK_MODEL_ID,
    meaning: "a Bedrock model id, inference profile id or ARN",
    example: "amazon.nova-lite-v1:0",
    description: "Bedrock model the bedrock summarizer calls (required with summarizer bedrock)",
  }),
  summaryInputTokens: integerSetting({
    min: MIN_SUMMARY_INPUT_TOKENS,
    max: MAX_SUMMARY_INPUT_TOKENS,
    default: DEFAULT_SUMMARY_INPUT_TOKENS,
    description: "Token budget of the summary prompt (lead paragraphs first, whole sentences)",
  }),
  summaryOutputTokens: integerSetting({
    min: MIN_SUMMARY_OUTPUT_TOKENS,
    max: MAX_SUMMARY_OUTPUT_TOKENS,
    default: DEFAULT_SUMMARY_OUTPUT_TOKENS,
    description: "Most tokens the summary model may write per article",
  }),
  maxReceiveCount: integerSetting({
    min: MIN_MAX_RECEIVE_COUNT,
    max: MAX_MAX_RECEIVE_COUNT,
    default: DEFAULT_MAX_RECEIVE_COUNT,
    description: "Deliveries of one message before it is dead-lettered (the last writes failed/)",
  }),
} as const satisfies SettingsSpec;

export type PipelineSettings = SettingsOf<typeof PIPELINE_SETTINGS>;

/**
 * What no single setting's bounds can say: relations between settings. One line per problem,
 * naming the settings as the reader calls them; every reader checks these after the bounds.
 */
export function settingsRelationProblems(
  settings: PipelineSettings,
  label: (name: string) => string = (name) => name,
): string[] {
  const problems: string[] = [];
  if (settings.summarizer === "bedrock" && settings.bedrockModelId === undefined) {
    problems.push(
      `${label("bedrockModelId")} is required when ${label("summarizer")} is "bedrock"`,
    );
  }
  return problems;
}

/** `parseSettings` of the run-time spec, then the relations between its settings. */
export function parsePipelineSettings(
  read: (name: string) => unknown,
  label: (name: string) => string = (name) => name,
): PipelineSettings {
  const settings = parseSettings(PIPELINE_SETTINGS, read, label);
  const problems = settingsRelationProblems(settings, label);
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return settings;
}

/*
 * Both are pure: a bundle that never reads them (every Lambda: they parse their environment)
 * drops them, so a cold start does not parse the defaults for nothing (ADR 0007).
 */

/** The one zod schema of the run-time settings. */
export const PipelineSettingsSchema = /* @__PURE__ */ settingsSchema(PIPELINE_SETTINGS);

export const DEFAULT_SETTINGS: PipelineSettings = /* @__PURE__ */ parsePipelineSettings(
  () => undefined,
);

/** The Lambda environment that carries `settings` (the stack sets it, the Lambda parses it). */
export function settingsEnvironment(settings: PipelineSettings): Record<string, string> {
  // An optional setting left unset has no variable: the Lambda reads it as unset too.
  return Object.fromEntries(
    Object.keys(PIPELINE_SETTINGS).flatMap((name) => {
      const value = settings[name as keyof PipelineSettings];
      return value === undefined ? [] : [[environmentName(name), String(value)]];
    }),
  );
}

/**
 * Bound for reading a stage document (`clean/…json`, `english/…json`): it carries the French and
 * the English text, each at most `maxTranslateBytes`, JSON-escaped; 4× plus 64 KiB of metadata
 * covers both with room for escapes.
 */
export function stageDocumentMaxBytes(settings: PipelineSettings): number {
  return 4 * settings.maxTranslateBytes + 64 * 1024;
}
