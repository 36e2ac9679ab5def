import { z } from "zod";
import type { EnrichedDocument, FailureRecord } from "../core/document.js";
import { asError, InputError } from "../core/errors.js";
import { keysFor, type Stage } from "../core/keys.js";
import type { AnalyzeDeps, TranslateDeps } from "../core/pipeline.js";
import type { ArticleStore, StoredObject } from "../core/ports.js";
import {
  type ReplayConfiguration,
  type ReplayReason,
  readEnrichedSummary,
  readFailureSummary,
  replayDecision,
  replayNameOf,
} from "../core/replay.js";
import { SCHEMA_VERSION, serialize } from "../core/serialize.js";
import type { PipelineSettings } from "../core/settings.js";
import { analyzeStage } from "../core/stages/analyze-stage.js";
import { cleanStage } from "../core/stages/clean-stage.js";
import { translateStage } from "../core/stages/translate-stage.js";
import { translationProfile } from "../core/translate/translate-article.js";
import { PRODUCER } from "../core/version.js";
import type { Log } from "./stage-handler.js";

/** One object of a replay: what the state machine's ItemSelector (or the local replay) sends. */
export interface ReplayItem {
  readonly bucket: string;
  readonly key: string;
  /** Run even when the enriched document is up to date. */
  readonly force: boolean;
  /** Names the replay: the document an item replaces is kept under `replay/<execution>/before/`. */
  readonly execution: string;
  /** 1 on the first try; on `maxAttempts` a fault becomes a RETRIES_EXHAUSTED failure record. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

export interface ReplayItemResult {
  readonly name: string;
  readonly key: string;
  readonly status: "enriched" | "failed" | "skipped";
  readonly reason: ReplayReason | "source-missing";
  readonly code?: string | undefined;
  readonly translateCharacters: number;
  readonly comprehendUnits: number;
}

/** Refuses to start billed work while the spend circuit breaker has the pipeline paused. */
export interface SpendGuard {
  /** Throws `SpendPausedError` when translation is paused. */
  assertOpen(): Promise<void>;
}

/** The spend breaker has paused translation: the item is left as it is, to be replayed later. */
export class SpendPausedError extends Error {
  override readonly name = "SpendPausedError";
}

export interface ReplayRunnerOptions {
  /** The pipeline bucket: enriched/, failed/, cache/ and replay/ live here. */
  readonly pipelineBucket: string;
  readonly pipeline: ArticleStore;
  /** The store an item's bucket is read from (the pipeline bucket, or the archive's). */
  readonly sourceStore: (bucket: string) => ArticleStore;
  readonly deps: TranslateDeps & AnalyzeDeps;
  readonly settings: PipelineSettings;
  readonly spendGuard?: SpendGuard | undefined;
  readonly log: Log;
}

/** Where replays write: the state machine's results and the documents a replay replaced. */
export const REPLAY_PREFIX = "replay/";

/** Where a replay keeps the enriched document it replaced, for `depeche diff`. */
export function replayedBeforeKey(execution: string, name: string): string {
  return `${REPLAY_PREFIX}${execution}/before/${name}.json`;
}

/** What the state machine's task sends (infra/replay.ts, `ReplayArticle`). */
const ReplayEventSchema = z.object({
  bucket: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  force: z.boolean(),
  execution: z.string().check(z.minLength(1)),
  /** `$$.State.RetryCount`: 0 on the first attempt. */
  retries: z.number().check(z.int(), z.nonnegative()),
});

/** The state machine's payload as a `ReplayItem`; throws on anything else (a wiring bug). */
export function replayItemOf(event: unknown, maxAttempts: number): ReplayItem {
  const parsed = ReplayEventSchema.parse(event);
  return {
    bucket: parsed.bucket,
    key: parsed.key,
    force: parsed.force,
    execution: parsed.execution,
    attempt: parsed.retries + 1,
    maxAttempts,
  };
}

/**
 * One replayed object, through the very stage functions the Lambdas run, in one process:
 *   1. read the upload, bounded by `maxObjectBytes` as the clean Lambda reads it;
 *   2. decide with `replayDecision` (skip what the current producer and configuration already
 *      enriched, unless `force`);
 *   3. refuse to bill while the spend breaker has translation paused;
 *   4. clean → translate (with the shared translation cache) → analyse;
 *   5. keep the replaced document under `replay/<execution>/before/`, write the new one, and
 *      clear an older failure record — unless the upload changed meanwhile;
 *   6. bad input → the failure record a stage Lambda would write; a fault on the last attempt →
 *      a RETRIES_EXHAUSTED record; both before rethrowing or returning, so nothing is lost.
 * No `clean/` or `english/` document is written: those keys notify the live stages, which would
 * translate the same article a second time.
 */
export function createReplayRunner(
  options: ReplayRunnerOptions,
): (item: ReplayItem) => Promise<ReplayItemResult> {
  const { settings, deps, pipeline, log } = options;
  const config: ReplayConfiguration = {
    producerVersion: PRODUCER.version,
    settings,
    translation: { engine: deps.translator.engine, ...translationProfile(deps.translator) },
    analyzer: deps.analyzer.engine,
  };

  return async (item) => {
    const name = replayNameOf(item.bucket === options.pipelineBucket, item.key);
    const keys = keysFor(name);
    const source = options.sourceStore(item.bucket);
    const base = { name, key: item.key, translateCharacters: 0, comprehendUnits: 0 };
    let stage: Stage = "clean";
    let reason: ReplayReason = "no-result";
    let object: StoredObject | undefined;
    try {
      // 1. read, bounded
      object = await source.get(item.key, { maxBytes: settings.maxObjectBytes });
      if (object === undefined) return { ...base, status: "skipped", reason: "source-missing" };
      // 2. decide
      const [enriched, failure] = await Promise.all([
        pipeline.get(keys.enriched),
        pipeline.get(keys.failed),
      ]);
      const decision = replayDecision(
        object.etag,
        readEnrichedSummary(enriched?.bytes),
        readFailureSummary(failure?.bytes),
        config,
        item.force,
      );
      reason = decision.reason;
      if (!decision.run) return { ...base, status: "skipped", reason };
      // 3. spend guard
      await options.spendGuard?.assertOpen();
      // 4. the stages
      const clean = await cleanStage(object, { bucket: item.bucket, key: item.key }, settings);
      stage = "translate";
      const english = await translateStage(clean, deps, settings);
      stage = "analyze";
      const doc: EnrichedDocument = await analyzeStage(english, deps, settings);
      // 5. write, unless the upload moved on
      const current = await source.head(item.key);
      if (current !== undefined && current.etag !== object.etag) {
        log.info("the upload changed during the replay; its own run writes the result", {
          key: item.key,
        });
        return { ...base, status: "skipped", reason: "source-changed" };
      }
      if (enriched !== undefined) {
        await pipeline.put(replayedBeforeKey(item.execution, name), enriched.bytes, {
          contentType: "application/json",
        });
      }
      await pipeline.put(keys.enriched, serialize(doc), { contentType: "application/json" });
      if (failure !== undefined) await pipeline.delete(keys.failed);
      return {
        ...base,
        status: "enriched",
        reason,
        translateCharacters: doc.usage.translate.billedCharacters,
        comprehendUnits: doc.usage.analyze.units,
      };
    } catch (caught) {
      const error = asError(caught);
      if (error instanceof SpendPausedError) throw error;
      const record = (code: string, reason: string): FailureRecord => ({
        schemaVersion: SCHEMA_VERSION,
        status: "failed",
        source: {
          bucket: item.bucket,
          key: item.key,
          bytes: object?.size ?? null,
          etag: object?.etag ?? null,
        },
        stage,
        code,
        reason,
        attempts: item.attempt,
        producer: PRODUCER,
      });
      const write = (failure: FailureRecord) =>
        pipeline.put(keys.failed, serialize(failure), { contentType: "application/json" });
      if (error instanceof InputError) {
        log.info("input rejected", { key: item.key, code: error.code });
        await write(record(error.code, error.message));
        return { ...base, status: "failed", reason, code: error.code };
      }
      if (item.attempt >= item.maxAttempts) {
        const reason = `replay ${stage} failed ${item.attempt} times; last error: ${error.name}: ${error.message}`;
        await write(record("RETRIES_EXHAUSTED", reason)).catch((writeError: unknown) =>
          log.error("could not write failure record", {
            key: item.key,
            error: asError(writeError).message,
          }),
        );
      }
      log.warn("replay attempt failed", {
        key: item.key,
        attempt: item.attempt,
        error: error.name,
      });
      throw error;
    }
  };
}
