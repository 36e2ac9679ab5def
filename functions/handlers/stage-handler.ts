import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { FailureRecord } from "../core/document.js";
import { asError, InputError } from "../core/errors.js";
import {
  articleName,
  failureKeyFor,
  keysFit,
  keysFor,
  MAX_KEY_BYTES,
  outputKeyOf,
  type Stage,
} from "../core/keys.js";
import type { ArticleMeasures } from "../core/metrics.js";
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

/** What a stage's work produced: the document to write, and what it cost. */
export interface StageOutput {
  readonly body: string;
  /** Characters billed/cached, units: added to the article's metrics. */
  readonly measures?: ArticleMeasures;
}

/** What a failure record says about the uploaded object behind a stage's input. */
export interface SourceRef {
  readonly key: string;
  readonly bytes: number | null;
  readonly etag: string | null;
}

/**
 * One stage's work, in three steps the shared handler calls in order. Which keys it reads and
 * writes comes from the stage table (`STAGE_TABLE` in `functions/core/keys.ts`).
 */
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

/** Where the handler reports each article's measures (the Lambdas publish them as EMF). */
export interface StageMetrics {
  /** One call per article; `failureCode` set when the article ended as a failure record. */
  publish(measures: ArticleMeasures, failureCode?: string): void;
}

/** Requests and SDK retries to the stage's paid service so far (a running count). */
export interface ServiceCalls {
  readonly requests: number;
  readonly retries: number;
}

export interface StageHandlerOptions<Input> {
  readonly bucket: string;
  readonly store: ArticleStore;
  /** The queue's `maxReceiveCount`: on that delivery a failure is final and gets a record. */
  readonly maxReceiveCount: number;
  readonly log: Log;
  readonly definition: StageDefinition<Input>;
  readonly metrics?: StageMetrics;
  /** The adapters' running count of Translate/Comprehend calls, for per-article metrics. */
  readonly serviceCalls?: ServiceCalls;
}

/** An SQS-triggered stage Lambda (the context is absent when the CLI or a test calls it). */
export type SqsHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/** Object metadata on every stage output: what "already done" compares, without a GET. */
export const OUTPUT_METADATA = {
  sourceEtag: "source-etag",
  producerVersion: "producer-version",
} as const;

/** How one object event ended; a failed outcome carries what the failure record needs. */
type Outcome =
  | { readonly kind: "succeeded"; readonly measures: ArticleMeasures }
  | { readonly kind: "skipped"; readonly why: string }
  | { readonly kind: "failed"; readonly source: SourceRef; readonly error: Error };

/** A message whose article failed in a way another delivery may not: SQS redelivers it. */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
}

/**
 * The shape every stage Lambda shares, on Powertools Batch: for each SQS message (one after the
 * other: Translate and Comprehend quotas are shared, and the queue's `maxConcurrency` already
 * bounds parallelism), for each S3 object it names,
 *   1. skip keys that are not this stage's input (and `s3:TestEvent`s); refuse a name too long
 *      for the keys derived from it (S3 keys ≤ 1,024 bytes) with a failure record
 *   2. read the object, refusing oversized bodies before buffering them
 *   3. skip stale events: the object was overwritten since (its ETag moved on)
 *   4. skip work already done: the output's metadata names this very source and producer
 *      version (a HEAD, not a download), and no failure record is waiting
 *   5. run the stage and write its output with that metadata — unless the upload was
 *      overwritten meanwhile (the newer version's run owns the result) — and delete a failure
 *      record only where one exists (the bucket is versioned: blind deletes add delete markers)
 *   6. on bad input write a failure record and acknowledge; on a fault report the message for
 *      retry, and on the last delivery write a failure record too, so the DLQ and `failed/` agree
 * A batch whose every message failed makes Powertools throw, so Lambda's Errors metric counts it.
 */
export function createStageHandler<Input>(options: StageHandlerOptions<Input>): SqsHandler {
  return async (event, context) => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      (record: SQSRecord) => processMessage(record, options),
      processor,
      {
        ...(context === undefined ? {} : { context }),
        processInParallel: false,
      },
    );
  };
}

/** One SQS message: resolves when every object in it is settled, throws to have it redelivered. */
async function processMessage<Input>(
  record: SQSRecord,
  options: StageHandlerOptions<Input>,
): Promise<void> {
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
    return;
  }
  const attempt = receiveCountOf(record);
  const retry: string[] = [];
  for (const event of events) {
    const before = snapshot(options.serviceCalls);
    const outcome = await processObject(event, options);
    const settled = await settle(event, outcome, attempt, options);
    const calls = snapshot(options.serviceCalls);
    options.metrics?.publish(
      {
        ...settled.measures,
        ...(options.serviceCalls === undefined
          ? {}
          : {
              ServiceRequests: calls.requests - before.requests,
              ServiceRetries: calls.retries - before.retries,
            }),
      },
      settled.failureCode,
    );
    if (settled.retry) retry.push(event.key);
  }
  if (retry.length > 0) {
    throw new RetryLaterError(`${options.definition.stage} will retry ${retry.join(", ")}`);
  }
}

const snapshot = (calls: ServiceCalls | undefined): ServiceCalls => ({
  requests: calls?.requests ?? 0,
  retries: calls?.retries ?? 0,
});

/** Turns an outcome into its failure record (when final), its metrics and whether to retry. */
async function settle<Input>(
  event: ObjectEvent,
  outcome: Outcome,
  attempt: number,
  options: StageHandlerOptions<Input>,
): Promise<{ measures: ArticleMeasures; failureCode?: string; retry: boolean }> {
  const { log, definition } = options;
  const counts = (
    name: "ArticlesSucceeded" | "ArticlesFailed" | "ArticlesRetried" | "ArticlesSkipped",
  ) => ({
    ArticlesSucceeded: 0,
    ArticlesFailed: 0,
    ArticlesRetried: 0,
    ArticlesSkipped: 0,
    [name]: 1,
  });
  if (outcome.kind === "succeeded") {
    return { measures: { ...counts("ArticlesSucceeded"), ...outcome.measures }, retry: false };
  }
  if (outcome.kind === "skipped") {
    log.info(outcome.why, { key: event.key });
    return { measures: counts("ArticlesSkipped"), retry: false };
  }
  const { error, source } = outcome;
  const final = error instanceof InputError || attempt >= options.maxReceiveCount;
  const code = error instanceof InputError ? error.code : "RETRIES_EXHAUSTED";
  if (error instanceof InputError) {
    log.info("input rejected", { key: event.key, code });
  } else {
    log.warn(final ? "giving up after the last attempt" : "will retry", {
      key: event.key,
      attempt,
      error: error.name,
      detail: error.message,
    });
  }
  if (!final) return { measures: counts("ArticlesRetried"), retry: true };
  const reason =
    error instanceof InputError
      ? error.message
      : `${definition.stage} failed ${attempt} times; last error: ${error.name}: ${error.message}`;
  try {
    await writeFailure(options, event, source, code, reason, attempt);
  } catch (writeError) {
    log.error("could not write the failure record", {
      key: event.key,
      error: asError(writeError).message,
    });
    // An input error is retried until its record is written; a last delivery has no retry left.
    if (error instanceof InputError) return { measures: counts("ArticlesRetried"), retry: true };
  }
  // A last delivery still fails the message, so that SQS moves it to the dead-letter queue.
  return {
    measures: counts("ArticlesFailed"),
    failureCode: code,
    retry: !(error instanceof InputError),
  };
}

async function processObject<Input>(
  event: ObjectEvent,
  options: StageHandlerOptions<Input>,
): Promise<Outcome> {
  const { store, definition } = options;
  // 1. only this stage's inputs, with keys S3 can hold
  const name = articleName(definition.stage, event.key);
  if (name === undefined || event.bucket !== options.bucket) {
    return { kind: "skipped", why: "ignored an object outside this stage's input" };
  }
  let source: SourceRef = { key: event.key, bytes: event.size ?? null, etag: event.etag ?? null };
  try {
    if (!keysFit(name)) {
      throw new InputError(
        "KEY_TOO_LONG",
        `The object name is too long: the keys derived from it (such as ${keysFor(name).enriched.slice(0, 40)}…) would exceed S3's ${MAX_KEY_BYTES}-byte key limit. Upload it under a shorter name.`,
      );
    }
    // 2. read, bounded
    const object = await store.get(event.key, { maxBytes: definition.maxInputBytes });
    if (object === undefined) return { kind: "skipped", why: "object gone before processing" };
    // 3. stale event
    if (event.etag !== undefined && event.etag !== object.etag) {
      return { kind: "skipped", why: "stale event: the object changed since; its own event runs" };
    }
    const input = definition.parse(object, event);
    source = definition.sourceOf(input, object, event);
    const keys = keysFor(name);
    const outputKey = outputKeyOf(definition.stage, name);
    // 4. already done
    if (source.etag !== null && (await alreadyDone(store, outputKey, source.etag, keys.failed))) {
      return { kind: "skipped", why: "output already written for this source" };
    }
    // 5. run and write
    const output = await definition.run(input, name);
    const upload = await store.head(keys.incoming);
    if (upload !== undefined && source.etag !== null && upload.etag !== source.etag) {
      return { kind: "skipped", why: "the upload changed while this stage ran; its run writes" };
    }
    await store.put(outputKey, output.body, {
      contentType: "application/json",
      metadata: {
        [OUTPUT_METADATA.sourceEtag]: source.etag ?? "",
        [OUTPUT_METADATA.producerVersion]: PRODUCER.version,
      },
    });
    if ((await store.head(keys.failed)) !== undefined) await store.delete(keys.failed);
    return { kind: "succeeded", measures: output.measures ?? {} };
  } catch (caught) {
    return { kind: "failed", source, error: asError(caught) };
  }
}

/**
 * The output exists for this very source and producer version (its metadata says so: no
 * download), and no failure record asks for a re-run.
 */
async function alreadyDone(
  store: ArticleStore,
  outputKey: string,
  sourceEtag: string,
  failedKey: string,
): Promise<boolean> {
  const existing = await store.head(outputKey);
  if (
    existing === undefined ||
    existing.metadata[OUTPUT_METADATA.sourceEtag] !== sourceEtag ||
    existing.metadata[OUTPUT_METADATA.producerVersion] !== PRODUCER.version
  ) {
    return false;
  }
  return (await store.head(failedKey)) === undefined;
}

async function writeFailure<Input>(
  options: StageHandlerOptions<Input>,
  event: ObjectEvent,
  source: SourceRef,
  code: string,
  reason: string,
  attempt: number,
): Promise<void> {
  const name = articleName(options.definition.stage, event.key) ?? event.key;
  const record: FailureRecord = {
    schemaVersion: SCHEMA_VERSION,
    status: "failed",
    source: { bucket: event.bucket, ...source },
    stage: options.definition.stage,
    code,
    reason,
    attempts: attempt,
    producer: PRODUCER,
  };
  await options.store.put(failureKeyFor(name), serialize(record), {
    contentType: "application/json",
  });
}
