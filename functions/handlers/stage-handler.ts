import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { FailureRecord } from "../core/document.js";
import { asError, InputError } from "../core/errors.js";
import { articleName, keysFor, type Stage } from "../core/keys.js";
import type { ArticleStore, StoredObject } from "../core/ports.js";
import { SCHEMA_VERSION, serialize } from "../core/serialize.js";
import { PRODUCER } from "../core/version.js";
import { type ObjectEvent, objectEventsOf, receiveCountOf } from "./s3-event.js";

/** The few logger methods handlers use; Powertools Logger and the CLI's quiet logger fit it. */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface StageOutput {
  readonly key: string;
  readonly body: string;
}

/** What a failure record says about the uploaded object behind a stage's input. */
export interface SourceRef {
  readonly key: string;
  readonly bytes: number | null;
  readonly etag: string | null;
}

/** One stage's work, in three steps the shared handler calls in order. */
export interface StageDefinition<Input> {
  readonly stage: Stage;
  /** Largest input the stage reads; checked before the body is buffered. */
  readonly maxInputBytes: number;
  /** Turns the stored input into the stage's input; throws InputError when it cannot. */
  parse(object: StoredObject, event: ObjectEvent): Input;
  /** The uploaded object this input stands for (the upload itself for the clean stage). */
  sourceOf(input: Input, object: StoredObject, event: ObjectEvent): SourceRef;
  /** The work: returns the document to write, or throws (InputError = final). */
  run(input: Input, name: string): Promise<StageOutput>;
}

export interface StageHandlerOptions<Input> {
  readonly bucket: string;
  readonly store: ArticleStore;
  /** The queue's `maxReceiveCount`: on that delivery a failure is final and gets a record. */
  readonly maxReceiveCount: number;
  readonly log: Log;
  readonly definition: StageDefinition<Input>;
}

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The shape every stage Lambda shares: for each SQS message, for each S3 object it names,
 *   1. skip keys that are not this stage's input (and `s3:TestEvent`s)
 *   2. read the object, refusing oversized bodies before buffering them
 *   3. skip stale events: the object was overwritten since (its ETag moved on)
 *   4. skip work already done: the output exists for this very source and nothing failed since
 *   5. run the stage and write its output — unless the upload was overwritten meanwhile (a
 *      concurrent run for the newer version owns the result) — and clear an older failure record
 *   6. on bad input write a failure record and acknowledge; on a fault ask SQS to retry, and on
 *      the last delivery write a failure record too, so the DLQ and `failed/` agree
 * Messages are processed one after another: Translate and Comprehend quotas are shared, and the
 * queue's `maxConcurrency` already bounds parallelism.
 */
export function createStageHandler<Input>(options: StageHandlerOptions<Input>): SqsHandler {
  return async (event) => {
    const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
    for (const record of event.Records) {
      const ok = await processMessage(record, options);
      if (!ok) batchItemFailures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures };
  };
}

async function processMessage<Input>(
  record: SQSRecord,
  options: StageHandlerOptions<Input>,
): Promise<boolean> {
  const { log } = options;
  let events: ObjectEvent[];
  try {
    events = objectEventsOf(record);
  } catch (error) {
    // A message that is not an S3 notification can never succeed: acknowledge, but loudly.
    log.error("unreadable message dropped", {
      messageId: record.messageId,
      error: asError(error).message,
    });
    return true;
  }
  const attempt = receiveCountOf(record);
  let ok = true;
  for (const event of events) {
    const seen: { source?: SourceRef } = {};
    try {
      await processObject(event, options, seen);
    } catch (caught) {
      const error = asError(caught);
      const name = articleName(options.definition.stage, event.key) ?? event.key;
      const source = seen.source ?? {
        key: event.key,
        bytes: event.size ?? null,
        etag: event.etag ?? null,
      };
      if (error instanceof InputError) {
        log.info("input rejected", { key: event.key, code: error.code });
        try {
          await writeFailure(
            options,
            event.bucket,
            source,
            name,
            error.code,
            error.message,
            attempt,
          );
          continue;
        } catch (writeError) {
          log.warn("could not write failure record; will retry", {
            key: event.key,
            error: asError(writeError).message,
          });
          ok = false;
          continue;
        }
      }
      ok = false;
      const final = attempt >= options.maxReceiveCount;
      log.warn(final ? "giving up after the last attempt" : "will retry", {
        key: event.key,
        attempt,
        error: error.name,
        detail: error.message,
      });
      if (final) {
        const reason = `${options.definition.stage} failed ${attempt} times; last error: ${error.name}: ${error.message}`;
        await writeFailure(
          options,
          event.bucket,
          source,
          name,
          "RETRIES_EXHAUSTED",
          reason,
          attempt,
        ).catch((writeError: unknown) =>
          log.error("could not write failure record", {
            key: event.key,
            error: asError(writeError).message,
          }),
        );
      }
    }
  }
  return ok;
}

async function processObject<Input>(
  event: ObjectEvent,
  options: StageHandlerOptions<Input>,
  seen: { source?: SourceRef },
): Promise<void> {
  const { store, log, definition } = options;
  // 1. only this stage's inputs
  const name = articleName(definition.stage, event.key);
  if (name === undefined || event.bucket !== options.bucket) {
    log.warn("ignored an object outside this stage's input", {
      bucket: event.bucket,
      key: event.key,
    });
    return;
  }
  // 2. read, bounded
  const object = await store.get(event.key, { maxBytes: definition.maxInputBytes });
  if (object === undefined) {
    log.info("object gone before processing; nothing to do", { key: event.key });
    return;
  }
  // 3. stale event
  if (event.etag !== undefined && event.etag !== object.etag) {
    log.info("stale event: the object changed since; its own event will process it", {
      key: event.key,
    });
    return;
  }
  const input = definition.parse(object, event);
  const source = definition.sourceOf(input, object, event);
  seen.source = source;
  const keys = keysFor(name);
  // 4. already done
  if (
    source.etag !== null &&
    (await alreadyDone(store, outputKeyOf(definition.stage, name), source.etag, keys.failed))
  ) {
    log.info("output already written for this source; skipping", { key: event.key });
    return;
  }
  // 5. run and write
  const output = await definition.run(input, name);
  const upload = await store.head(keys.incoming);
  if (upload !== undefined && source.etag !== null && upload.etag !== source.etag) {
    log.info("the upload changed while this stage ran; the newer version's run writes the result", {
      key: event.key,
    });
    return;
  }
  await store.put(output.key, output.body, { contentType: "application/json" });
  await store.delete(keys.failed);
}

/** The key each stage writes for an article. */
export function outputKeyOf(stage: Stage, name: string): string {
  const keys = keysFor(name);
  return stage === "clean" ? keys.clean : stage === "translate" ? keys.english : keys.enriched;
}

async function alreadyDone(
  store: ArticleStore,
  outputKey: string,
  sourceEtag: string,
  failedKey: string,
): Promise<boolean> {
  const existing = await store.get(outputKey);
  if (existing === undefined) return false;
  try {
    const doc = JSON.parse(new TextDecoder().decode(existing.bytes)) as {
      source?: { etag?: string };
      producer?: { version?: string };
    };
    if (doc.source?.etag !== sourceEtag || doc.producer?.version !== PRODUCER.version) return false;
  } catch {
    return false;
  }
  // A failure recorded for this article means it is being re-run: do not short-circuit.
  return (await store.get(failedKey)) === undefined;
}

async function writeFailure<Input>(
  options: StageHandlerOptions<Input>,
  bucket: string,
  source: SourceRef,
  name: string,
  code: string,
  reason: string,
  attempt: number,
): Promise<void> {
  const record: FailureRecord = {
    schemaVersion: SCHEMA_VERSION,
    status: "failed",
    source: { bucket, ...source },
    stage: options.definition.stage,
    code,
    reason,
    attempts: attempt,
    producer: PRODUCER,
  };
  await options.store.put(keysFor(name).failed, serialize(record), {
    contentType: "application/json",
  });
}
