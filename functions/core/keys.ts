import { sha256Hex } from "./sha256.js";
import { utf8Bytes } from "./text/measure.js";

/**
 * Where each stage reads and writes. Output keys are derived from the input key only, so a
 * re-delivered event overwrites the same object instead of adding a second one.
 *
 *   incoming/<name> → clean/<name>.json → english/<name>.json → enriched/<name>.json
 *                                  any stage ↘ failed/<name>.json
 */
export const PREFIX = {
  incoming: "incoming/",
  clean: "clean/",
  english: "english/",
  enriched: "enriched/",
  failed: "failed/",
  cache: "cache/",
  /** The story index (same-story grouping), written by the analyze stage. */
  stories: "stories/",
} as const;

/** The translate stage's paragraph cache (`functions/core/translate/translation-cache.ts`). */
export const TRANSLATION_CACHE_PREFIX = `${PREFIX.cache}translate/`;

export type Stage = "clean" | "translate" | "analyze";

export const STAGES: readonly Stage[] = ["clean", "translate", "analyze"];

export interface KeyPattern {
  readonly prefix: string;
  readonly suffix: string;
}

export interface StageEntry {
  /** The objects that trigger the stage: the stack's S3 notification filter. */
  readonly input: KeyPattern;
  /** The one object the stage writes per article. */
  readonly output: KeyPattern;
  /** Further prefixes the stage reads and writes (the translation cache). */
  readonly working: readonly string[];
}

/**
 * The stage table: read by the stage handler (which keys it accepts, which key it writes), by
 * the stack's notification filters and by its IAM grants (`stageAccess`). "Which key does a
 * stage write" lives here and nowhere else; the schema of what it reads is named by the stage's
 * definition (`handlers/<stage>-definition.ts`: `CleanDocumentSchema` for translate,
 * `EnglishDocumentSchema` for analyze, none for clean), so that this table costs a Lambda no zod
 * at start-up and each Lambda builds only the schema it parses.
 */
export const STAGE_TABLE = {
  clean: {
    input: { prefix: PREFIX.incoming, suffix: "" },
    output: { prefix: PREFIX.clean, suffix: ".json" },
    working: [],
  },
  translate: {
    input: { prefix: PREFIX.clean, suffix: ".json" },
    output: { prefix: PREFIX.english, suffix: ".json" },
    working: [TRANSLATION_CACHE_PREFIX],
  },
  analyze: {
    input: { prefix: PREFIX.english, suffix: ".json" },
    output: { prefix: PREFIX.enriched, suffix: ".json" },
    // The story index; the stage also re-stamps earlier enriched documents of a story.
    working: [PREFIX.stories],
  },
} as const satisfies Readonly<Record<Stage, StageEntry>>;

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1_024;

/** The article name (`a/b.txt`) behind a stage's input key, or undefined if the key is not one. */
export function articleName(stage: Stage, key: string): string | undefined {
  const { prefix, suffix } = STAGE_TABLE[stage].input;
  if (!key.startsWith(prefix) || !key.endsWith(suffix)) return undefined;
  const name = key.slice(prefix.length, key.length - suffix.length);
  return name.length > 0 && !name.endsWith("/") ? name : undefined;
}

/** Which stage an object triggers, as the stack's notification filters route it (none for outputs). */
export function stageForKey(key: string): Stage | undefined {
  return STAGES.find((stage) => articleName(stage, key) !== undefined);
}

/** Prefix and suffix of each stage's input: the stack's S3 notification filters. */
export const STAGE_TRIGGERS: Readonly<Record<Stage, KeyPattern>> = {
  clean: STAGE_TABLE.clean.input,
  translate: STAGE_TABLE.translate.input,
  analyze: STAGE_TABLE.analyze.input,
};

/** The key `stage` writes for the article `name`. */
export function outputKeyOf(stage: Stage, name: string): string {
  const { prefix, suffix } = STAGE_TABLE[stage].output;
  return `${prefix}${name}${suffix}`;
}

export const keysFor = (name: string) => ({
  incoming: `${PREFIX.incoming}${name}`,
  clean: outputKeyOf("clean", name),
  english: outputKeyOf("translate", name),
  enriched: outputKeyOf("analyze", name),
  failed: `${PREFIX.failed}${name}.json`,
});

/** Whether every key derived from `name` (each stage's output, the failure record) fits S3. */
export function keysFit(name: string): boolean {
  return Object.values(keysFor(name)).every((key) => utf8Bytes(key) <= MAX_KEY_BYTES);
}

/**
 * Where the failure record of `name` goes: `failed/<name>.json`, or, for a name too long for
 * that key, the longest prefix of the name that fits, cut between characters, followed by
 * `…<16 hex digits of the name's SHA-256>.json`, so that even an upload with a 1,015-byte name
 * ends as a failure record (and two long names sharing their first kilobyte do not collide).
 */
export function failureKeyFor(name: string): string {
  const key = keysFor(name).failed;
  if (utf8Bytes(key) <= MAX_KEY_BYTES) return key;
  const digest = sha256Hex(name).slice(0, 16);
  const tail = `…${digest}.json`;
  const room = MAX_KEY_BYTES - utf8Bytes(PREFIX.failed) - utf8Bytes(tail);
  let kept = "";
  for (const character of name) {
    if (utf8Bytes(kept + character) > room) break;
    kept += character;
  }
  return `${PREFIX.failed}${kept}${tail}`;
}

/** Which prefixes a stage's IAM role may read, write and delete: derived from the table. */
export interface StageAccess {
  /** `s3:GetObject` (GET and HEAD): input, own output ("already done"), the upload, `failed/`. */
  readonly read: readonly string[];
  /** `s3:PutObject`: own output, `failed/`. */
  readonly write: readonly string[];
  /** `s3:DeleteObject`: a failure record made stale by a success. */
  readonly delete: readonly string[];
}

export function stageAccess(stage: Stage): StageAccess {
  const { input, output, working } = STAGE_TABLE[stage];
  const unique = (prefixes: readonly string[]) => [...new Set(prefixes)];
  return {
    read: unique([PREFIX.incoming, input.prefix, output.prefix, PREFIX.failed, ...working]),
    write: unique([output.prefix, PREFIX.failed, ...working]),
    delete: [PREFIX.failed],
  };
}
