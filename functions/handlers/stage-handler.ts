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
  /**
   * The work for all the articles of one SQS batch at once, for a stage whose engine shares
   * requests across articles (analyze: Comprehend's 25-document batches). One result per
   * item, same order; an Error fails that item alone (InputError = final). When present, the
   * handler reads every message of the batch first, then calls this once, then writes.
   */
  runBatch?(items: readonly BatchItem<Input>[]): Promise<(StageOutput | Error)[]>;
}

/** One article of a batch, ready to run: its parsed input and its name. */
export interface BatchItem<Input> {
  readonly input: Input;
  readonly name: string;
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
    // A stage that shares requests across articles runs the whole batch first; Powertools then
    // reports each message from what its articles came to.
    const together =
      options.definition.runBatch === undefined
        ? undefined
        : await processTogether(event.Records, options);
    return processPartialResponse(
      event,
      (record: SQSRecord) =>
        together === undefined
          ? processMessage(record, options)
          : reportMessage(together.get(record.messageId), options),
      processor,
      {
        ...(context === undefined ? {} : { context }),
        processInParallel: false,
      },
    );
  };
}

/** How one message of a batch processed together ended: its articles' metrics and retries. */
interface MessageResult {
  readonly settled: readonly Settled[];
  readonly retry: readonly string[];
}

interface Settled {
  readonly measures: ArticleMeasures;
  readonly failureCode?: string;
  readonly retry: boolean;
}

/** One object event of a batch and where it stands. */
type Pending<Input> =
  | { readonly event: ObjectEvent; readonly attempt: number; readonly outcome: Outcome }
  | { readonly event: ObjectEvent; readonly attempt: number; readonly ready: Ready<Input> };

/**
 * The batch mode (`runBatch`): reads every message's objects (steps 1–4, one after the other),
 * runs the stage once for all the articles still to do, writes their outputs (step 5) and
 * settles each (step 6), all in message order. The service calls of the shared run are not any
 * one article's: they are published once for the batch.
 */
async function processTogether<Input>(
  records: readonly SQSRecord[],
  options: StageHandlerOptions<Input>,
): Promise<Map<string, MessageResult>> {
  const runBatch = options.definition.runBatch;
  const before = snapshot(options.serviceCalls);
  const pending = new Map<string, Pending<Input>[]>();
  for (const record of records) {
    const events = readableEvents(record, options.log);
    const attempt = receiveCountOf(record);
    const mine: Pending<Input>[] = [];
    for (const event of events ?? []) {
      const prepared = await prepareObject(event, options);
      mine.push(
        "kind" in prepared
          ? { event, attempt, outcome: prepared }
          : { event, attempt, ready: prepared },
      );
    }
    pending.set(record.messageId, mine);
  }
  const ready = [...pending.values()].flat().flatMap((p) => ("ready" in p ? [p.ready] : []));
  let outputs: (StageOutput | Error)[];
  try {
    outputs =
      ready.length === 0 || runBatch === undefined
        ? []
        : await runBatch(ready.map(({ input, name }) => ({ input, name })));
  } catch (error) {
    outputs = ready.map(() => asError(error));
  }
  const outputOf = new Map(ready.map((item, i) => [item, outputs[i]]));
  const results = new Map<string, MessageResult>();
  for (const [messageId, mine] of pending) {
    const settled: Settled[] = [];
    const retry: string[] = [];
    for (const p of mine) {
      const outcome =
        "outcome" in p ? p.outcome : await finishObject(p.ready, outputOf.get(p.ready), options);
      const result = await settle(p.event, outcome, p.attempt, options);
      settled.push(result);
      if (result.retry) retry.push(p.event.key);
    }
    results.set(messageId, { settled, retry });
  }
  if (options.serviceCalls !== undefined) {
    const after = snapshot(options.serviceCalls);
    options.metrics?.publish({
      ServiceRequests: after.requests - before.requests,
      ServiceRetries: after.retries - before.retries,
    });
  }
  return results;
}

/** Publishes a message's article metrics (batch mode) and throws to have it redelivered. */
async function reportMessage<Input>(
  result: MessageResult | undefined,
  options: StageHandlerOptions<Input>,
): Promise<void> {
  for (const settled of result?.settled ?? []) {
    options.metrics?.publish(settled.measures, settled.failureCode);
  }
  if (result !== undefined && result.retry.length > 0) {
    throw new RetryLaterError(`${options.definition.stage} will retry ${result.retry.join(", ")}`);
  }
}

/** The S3 events of a message, or `undefined` for a message that is not an S3 notification. */
function readableEvents(record: SQSRecord, log: Log): ObjectEvent[] | undefined {
  try {
    return objectEventsOf(record);
  } catch (error) {
    // A message that is not an S3 notification can never succeed: acknowledge, but loudly.
    log.error("unreadable message dropped", {
      messageId: record.messageId,
      error: asError(error).message,
    });
    return undefined;
  }
}

/** One SQS message: resolves when every object in it is settled, throws to have it redelivered. */
async function processMessage<Input>(
  record: SQSRecord,
  options: StageHandlerOptions<Input>,
): Promise<void> {
  const events = readableEvents(record, options.log);
  if (events === undefined) return;
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
): Promise<Settled> {
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

/** An article that passed steps 1–4: what step 5 needs to run it and write its output. */
interface Ready<Input> {
  readonly input: Input;
  readonly name: string;
  readonly source: SourceRef;
}

async function processObject<Input>(
  event: ObjectEvent,
  options: StageHandlerOptions<Input>,
): Promise<Outcome> {
  const prepared = await prepareObject(event, options);
  if ("kind" in prepared) return prepared;
  let output: StageOutput | Error;
  try {
    output = await options.definition.run(prepared.input, prepared.name);
  } catch (caught) {
    output = asError(caught);
  }
  return finishObject(prepared, output, options);
}

/** Steps 1–4: an article to run, or how its event already ended (skipped or failed). */
async function prepareObject<Input>(
  event: ObjectEvent,
  options: StageHandlerOptions<Input>,
): Promise<Outcome | Ready<Input>> {
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
    const outputKey = outputKeyOf(definition.stage, name);
    // 4. already done
    if (
      source.etag !== null &&
      (await alreadyDone(store, outputKey, source.etag, keysFor(name).failed))
    ) {
      return { kind: "skipped", why: "output already written for this source" };
    }
    return { input, name, source };
  } catch (caught) {
    return { kind: "failed", source, error: asError(caught) };
  }
}

/** Step 5 after the run: write the output (unless the upload moved on) and clear `failed/`. */
async function finishObject<Input>(
  ready: Ready<Input>,
  output: StageOutput | Error | undefined,
  options: StageHandlerOptions<Input>,
): Promise<Outcome> {
  const { store, definition } = options;
  const { name, source } = ready;
  try {
    if (output === undefined) throw new Error(`${definition.stage} produced no result`);
    if (output instanceof Error) throw output;
    const keys = keysFor(name);
    const upload = await store.head(keys.incoming);
    if (upload !== undefined && source.etag !== null && upload.etag !== source.etag) {
      return { kind: "skipped", why: "the upload changed while this stage ran; its run writes" };
    }
    await store.put(outputKeyOf(definition.stage, name), output.body, {
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
