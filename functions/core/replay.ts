import { z } from "zod";
import { documentFingerprint, type TranslationProfile } from "./fingerprint.js";
import { articleName, PREFIX } from "./keys.js";
import type { PipelineSettings } from "./settings.js";

/** Why a replay runs an upload again, or leaves it alone. */
export type ReplayReason =
  | "forced"
  | "no-result"
  | "source-changed"
  | "producer-version"
  | "settings"
  | "retries-exhausted"
  | "up-to-date"
  | "failed-for-good";

export interface ReplayDecision {
  readonly run: boolean;
  readonly reason: ReplayReason;
}

/** The fields of an enriched document the decision reads. */
export interface EnrichedSummary {
  readonly source: { readonly etag: string };
  readonly clean: { readonly language: string };
  readonly producer: { readonly version: string; readonly fingerprint?: string | undefined };
}

/** The fields of a failure record the decision reads. */
export interface FailureSummary {
  readonly source: { readonly etag: string | null };
  readonly code: string;
  readonly producer: { readonly version: string };
}

/** The configuration a replay runs with. */
export interface ReplayConfiguration {
  readonly producerVersion: string;
  readonly settings: PipelineSettings;
  /** What the configured translator records in `usage.translate` for a translated article. */
  readonly translation: TranslationProfile;
  readonly analyzer: string;
}

/** The fingerprint an article would get now: English articles pass translation by. */
export function currentFingerprint(config: ReplayConfiguration, language: string): string {
  const translation =
    language === config.settings.targetLanguage ? { engine: "none" } : config.translation;
  return documentFingerprint({ settings: config.settings, translation, analyzer: config.analyzer });
}

/**
 * Whether a replay runs an upload (identified by its current ETag) again:
 *   1. `force` runs everything;
 *   2. an upload with neither result, or whose result is about an older version of it, runs;
 *   3. an enriched document from another producer version, or with another configuration
 *      fingerprint (settings, engines, glossary, options; absent = unknown), runs;
 *   4. a failure runs again when it was transient (retries exhausted) or recorded by another
 *      producer version; a permanent failure of this version (empty, binary…) would only fail
 *      again, so it is left alone.
 * Anything else is up to date.
 */
export function replayDecision(
  uploadEtag: string,
  enriched: EnrichedSummary | undefined,
  failure: FailureSummary | undefined,
  config: ReplayConfiguration,
  force: boolean,
): ReplayDecision {
  if (force) return { run: true, reason: "forced" };
  if (enriched !== undefined && failure === undefined) {
    if (enriched.source.etag !== uploadEtag) return { run: true, reason: "source-changed" };
    if (enriched.producer.version !== config.producerVersion) {
      return { run: true, reason: "producer-version" };
    }
    if (enriched.producer.fingerprint !== currentFingerprint(config, enriched.clean.language)) {
      return { run: true, reason: "settings" };
    }
    return { run: false, reason: "up-to-date" };
  }
  if (failure !== undefined) {
    if (failure.source.etag !== null && failure.source.etag !== uploadEtag) {
      return { run: true, reason: "source-changed" };
    }
    if (failure.producer.version !== config.producerVersion) {
      return { run: true, reason: "producer-version" };
    }
    if (failure.code === "RETRIES_EXHAUSTED") return { run: true, reason: "retries-exhausted" };
    return { run: false, reason: "failed-for-good" };
  }
  return { run: true, reason: "no-result" };
}

/**
 * The article name a replayed object is enriched under: the part after `incoming/` for the
 * pipeline bucket's own uploads, the whole key for an archive bucket (so `2024/05/a.txt` and
 * `2025/05/a.txt` stay apart). Throws for a pipeline-bucket key outside `incoming/`: replaying
 * `enriched/` or `cache/` would feed outputs back in.
 */
export function replayNameOf(inPipelineBucket: boolean, key: string): string {
  if (!inPipelineBucket) return key;
  const name = articleName("clean", key);
  if (name === undefined) {
    throw new RangeError(
      `${key} is not an upload: a replay of the pipeline bucket reads ${PREFIX.incoming} only`,
    );
  }
  return name;
}

const EnrichedSummarySchema = z.object({
  source: z.object({ etag: z.string() }),
  clean: z.object({ language: z.string() }),
  producer: z.object({ version: z.string(), fingerprint: z.optional(z.string()) }),
});

const FailureSummarySchema = z.object({
  source: z.object({ etag: z.nullable(z.string()) }),
  code: z.string(),
  producer: z.object({ version: z.string() }),
});

function readJson<T>(bytes: Uint8Array | undefined, schema: z.ZodType<T>): T | undefined {
  if (bytes === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The decision's view of a stored enriched document; unreadable counts as absent. */
export function readEnrichedSummary(bytes: Uint8Array | undefined): EnrichedSummary | undefined {
  return readJson(bytes, EnrichedSummarySchema);
}

/** The decision's view of a stored failure record; unreadable counts as absent. */
export function readFailureSummary(bytes: Uint8Array | undefined): FailureSummary | undefined {
  return readJson(bytes, FailureSummarySchema);
}
