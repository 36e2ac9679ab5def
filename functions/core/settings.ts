import * as z from "zod/mini";
import { MAX_SUMMARY_SENTENCES } from "./document.js";
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
  | { readonly kind: "pattern"; readonly pattern: RegExp };

// biome-ignore lint/suspicious/noExplicitAny: a record of settings of any value type
export type SettingsSpec = Readonly<Record<string, Setting<any>>>;

/** The typed values of a spec: `{ maxObjectBytes: number, … }`. */
export type SettingsOf<S extends SettingsSpec> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

/** Integers as `-c key=8000`, flags and environment variables deliver them. */
const INTEGER_TEXT = /^[+-]?\d+$/;

export function integerSetting(options: {
  min: number;
  max: number;
  default: number;
  description: string;
}): Setting<number> {
  const { min, max } = options;
  return {
    schema: z.pipe(
      z.union([
        z.number(),
        z.pipe(
          z.string().check(z.regex(INTEGER_TEXT)),
          z.transform((text: string) => Number(text)),
        ),
      ]),
      z.int().check(z.gte(min), z.lte(max)),
    ),
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
  const normalize = options.normalize ?? ((text: string) => text);
  return {
    schema: z.pipe(z.pipe(z.string(), z.transform(normalize)), z.enum(options.options)),
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
    schema: z.union([
      z.boolean(),
      z.pipe(
        z.enum(["true", "false"]),
        z.transform((text: "true" | "false") => text === "true"),
      ),
    ]),
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
}): Setting<string | undefined> {
  return {
    schema: z.optional(z.string().check(z.regex(options.pattern))),
    default: undefined,
    range: options.meaning,
    domain: { kind: "pattern", pattern: options.pattern },
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

/** The zod object schema of a spec: unset values take their defaults. */
export function settingsSchema<S extends SettingsSpec>(
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
  serviceRequestConcurrency: integerSetting({
    min: 1,
    max: MAX_SERVICE_REQUEST_CONCURRENCY,
    default: DEFAULT_SERVICE_REQUEST_CONCURRENCY,
    description:
      "Requests one article sends at once to Amazon Translate (its chunks) or Comprehend (one feature's batches)",
  }),
  maxReceiveCount: integerSetting({
    min: MIN_MAX_RECEIVE_COUNT,
    max: MAX_MAX_RECEIVE_COUNT,
    default: DEFAULT_MAX_RECEIVE_COUNT,
    description: "Deliveries of one message before it is dead-lettered (the last writes failed/)",
  }),
} as const satisfies SettingsSpec;

export type PipelineSettings = SettingsOf<typeof PIPELINE_SETTINGS>;

/** The one zod schema of the run-time settings. */
export const PipelineSettingsSchema = settingsSchema(PIPELINE_SETTINGS);

export const DEFAULT_SETTINGS: PipelineSettings = parseSettings(PIPELINE_SETTINGS, () => undefined);

/** The Lambda environment that carries `settings` (the stack sets it, the Lambda parses it). */
export function settingsEnvironment(settings: PipelineSettings): Record<string, string> {
  return Object.fromEntries(
    Object.keys(PIPELINE_SETTINGS).map((name) => [
      environmentName(name),
      String(settings[name as keyof PipelineSettings]),
    ]),
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
