import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { S3Event, S3EventRecord } from "aws-lambda";
import { DEFAULT_STAGE_CONFIG } from "../../infra/config.js";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { articleName, keysFor, PREFIX, type Stage, stageForKey } from "../core/keys.js";
import type { ArticleStore, Summarizer, TextAnalyzer, Translator } from "../core/ports.js";
import type { PipelineSettings } from "../core/settings.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import { analyzeDefinition } from "../handlers/analyze-definition.js";
import { cleanDefinition } from "../handlers/clean-definition.js";
import { encodeS3Key } from "../handlers/s3-event.js";
import { createStageHandler, type Log, type SqsHandler } from "../handlers/stage-handler.js";
import { translateDefinition } from "../handlers/translate-definition.js";
import { LOCAL_BUCKET, LocalBucket, objectEvent } from "./local-bucket.js";
import type { DirectArticleStore } from "./local-direct-store.js";
import { LocalQueue } from "./local-queue.js";
import { LocalS3Server } from "./local-s3-server.js";
import { OrderedTranslationCache } from "./ordered-translation-cache.js";
import { StoryTurns } from "./story-turns.js";

export { LOCAL_BUCKET } from "./local-bucket.js";

/**
 * How the stage handlers reach the local bucket. `s3-wire`: through the embedded S3 server
 * with the SDK's S3 client, the server's writes notifying the queues (what `depeche serve`
 * runs, so that real S3 clients can drop objects in). `in-process`: through the bucket's own
 * store in this process, which raises the same notifications (what `depeche run` runs: no
 * client needs the wire there, and the HTTP round trips were a third of its CPU; ADR 0013).
 */
export type LocalTransport = "s3-wire" | "in-process";

/**
 * Batches handled at once per local queue. Translate and analyze take the stack's
 * `maxConcurrency` (three articles in flight keep Apertium's programs busy while the others
 * read and write the store); clean stays at one so that articles reach translation in upload
 * order, which the ordered translation cache needs to give the answers of a one-at-a-time run
 * (cleaning is a few ms per article: one delivery at a time keeps ahead of translation).
 */
export const LOCAL_CONCURRENCY: Readonly<Record<Stage, number>> = {
  clean: 1,
  translate: DEFAULT_STAGE_CONFIG.translate.maxConcurrency,
  analyze: DEFAULT_STAGE_CONFIG.analyze.maxConcurrency,
};

/** No overlap: every queue delivers one batch after another (the reference for equal output). */
export const SEQUENTIAL_CONCURRENCY: Readonly<Record<Stage, number>> = {
  clean: 1,
  translate: 1,
  analyze: 1,
};

/** Local stand-in for the visibility timeout: short, so a retried message comes back quickly. */
const RETRY_DELAY_MS = 200;

export interface LocalPipelineOptions {
  readonly translator: Translator;
  readonly analyzer: TextAnalyzer;
  /** The generative summariser (`--summarizer bedrock`); absent, summaries are extractive. */
  readonly summarizer?: Summarizer | undefined;
  readonly settings: PipelineSettings;
  /** Deliveries before a message is dead-lettered (the stack's `maxReceiveCount`). */
  readonly maxReceiveCount: number;
  /** Keep the embedded bucket here (translation cache and stage documents survive runs). */
  readonly storeDirectory?: string | undefined;
  /** How the handlers reach the bucket; default `s3-wire`. */
  readonly transport?: LocalTransport | undefined;
  /** Port of the embedded server (`s3-wire`); 0 (the default) picks a free one. */
  readonly port?: number;
  readonly log?: Log;
  /** Batches in flight per stage queue; default `LOCAL_CONCURRENCY`. */
  readonly concurrency?: Readonly<Record<Stage, number>> | undefined;
  /** Called when an object lands in `incoming/` (an article starts). */
  readonly onUpload?: (name: string) => void;
  /** Called when an article reaches `enriched/` or `failed/`. */
  readonly onResult?: (result: { name: string; status: "enriched" | "failed" }) => void;
}

/**
 * The deployed pipeline, in one process: a local bucket (s3rver's file store, reached over
 * the S3 wire protocol of an embedded server on 127.0.0.1 or from inside the process, see
 * `LocalTransport`), real-shaped S3 notifications with URL-encoded keys, and the very
 * handlers the Lambdas run, fed through local queues with the same routing as the stack's
 * notifications.
 */
export class LocalPipeline {
  private readonly queues: Record<Stage, LocalQueue>;
  private idleWaiters: (() => void)[] = [];
  private stopping = false;

  private constructor(
    readonly bucket: LocalBucket,
    /** The embedded server and its client, with the `s3-wire` transport only. */
    readonly server: LocalS3Server | undefined,
    private readonly client: S3Client | undefined,
    /** The store the handlers use (over the wire, or the bucket's own). */
    readonly store: ArticleStore,
    /** The bucket from inside, without HTTP (the pipeline's bookkeeping). */
    bookkeeping: DirectArticleStore,
    options: LocalPipelineOptions,
  ) {
    const log = options.log ?? silentLog;
    const base = {
      bucket: LOCAL_BUCKET,
      store,
      maxReceiveCount: options.maxReceiveCount,
      log,
    };
    const { settings } = options;
    // The pipeline's own bookkeeping (translation cache, story index) skips the HTTP round trip
    // even on the wire: same bucket and objects (no stage starts from their notifications).
    const cache = new OrderedTranslationCache(storeTranslationCache(bookkeeping), {
      storeStartsEmpty: bucket.temporary,
    });
    // The story step and the document write of one article at a time (the bytes of a sequential
    // run): each delivery gets its own turn, and the stores that take and end it.
    const storyTurns = new StoryTurns();
    const analyze: SqsHandler = async (event, context) => {
      const turn = storyTurns.open();
      const handler = createStageHandler({
        ...base,
        store: turn.documents(store),
        definition: analyzeDefinition(
          {
            analyzer: options.analyzer,
            stories: turn.stories(bookkeeping),
            summarizer: options.summarizer,
          },
          settings,
        ),
      });
      try {
        return await handler(event, context);
      } finally {
        turn.end();
      }
    };
    const translate = createStageHandler({
      ...base,
      definition: translateDefinition({ translator: options.translator, cache }, settings),
    });
    const handlers: Record<Stage, SqsHandler> = {
      clean: createStageHandler({
        ...base,
        definition: cleanDefinition(LOCAL_BUCKET, settings),
      }),
      // Each delivery is one turn of the ordered cache (lookups in delivery order).
      translate: (event) => cache.inTurn(() => translate(event)),
      analyze,
    };
    const queue = (stage: Stage) =>
      new LocalQueue({
        name: stage,
        handler: handlers[stage],
        // The stack's batch sizes; translate's must stay 1: one article per cache turn. Analyze
        // takes one article per delivery: the offline analyser shares nothing across articles
        // (the stack batches for Comprehend's requests), and single deliveries keep overlapping.
        batchSize: stage === "analyze" ? 1 : DEFAULT_STAGE_CONFIG[stage].batchSize,
        concurrency: (options.concurrency ?? LOCAL_CONCURRENCY)[stage],
        maxReceiveCount: options.maxReceiveCount,
        retryDelayMs: RETRY_DELAY_MS,
        onIdle: () => this.checkIdle(),
      });
    this.queues = {
      clean: queue("clean"),
      translate: queue("translate"),
      analyze: queue("analyze"),
    };
    bucket.onEvent((event: S3Event) => this.route(event, options));
  }

  static async start(options: LocalPipelineOptions): Promise<LocalPipeline> {
    if ((options.transport ?? "s3-wire") === "in-process") {
      const bucket = await LocalBucket.open({ storeDirectory: options.storeDirectory });
      const store = bucket.store();
      return new LocalPipeline(bucket, undefined, undefined, store, store, options);
    }
    const server = await LocalS3Server.start({
      port: options.port ?? 0,
      storeDirectory: options.storeDirectory,
    });
    const client = server.client();
    const store = new S3ArticleStore(client, LOCAL_BUCKET);
    return new LocalPipeline(server.bucket, server, client, store, server.directStore(), options);
  }

  /**
   * Picks up articles an earlier session left unfinished in a kept store (uploaded, no result
   * yet): each is sent on from the last stage document it has, as that document's notification
   * would have. Returns how many.
   */
  async resume(): Promise<number> {
    const keys = new Set(await this.bucket.listKeys(""));
    let resumed = 0;
    for (const key of keys) {
      const name = articleName("clean", key);
      if (name === undefined) continue;
      const k = keysFor(name);
      if (keys.has(k.enriched) || keys.has(k.failed)) continue;
      const from = keys.has(k.english) ? k.english : keys.has(k.clean) ? k.clean : k.incoming;
      this.notify(from);
      resumed += 1;
    }
    return resumed;
  }

  /** Uploads like a user would: `incoming/<name>`; the notification starts the pipeline. */
  async upload(name: string, bytes: Uint8Array): Promise<void> {
    await this.store.put(keysFor(name).incoming, bytes);
  }

  /** Resolves once every queue is empty and no handler is running. */
  async drain(): Promise<void> {
    // Let notifications of the last uploads arrive before looking at the queues.
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.busy) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Clean shutdown: notifications from now on are not routed (their objects stay in the bucket,
   * and `resume` picks them up next time), batches being processed finish, queued and retried
   * messages are dropped (resumable the same way).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(Object.values(this.queues).map((q) => q.stop()));
  }

  /** Articles queued or being processed in any stage. */
  get pending(): number {
    return Object.values(this.queues).reduce((sum, q) => sum + q.pending, 0);
  }

  async close(): Promise<void> {
    this.client?.destroy();
    if (this.server) await this.server.close();
    else await this.bucket.close();
  }

  private get busy(): boolean {
    return Object.values(this.queues).some((q) => q.busy);
  }

  private checkIdle(): void {
    if (this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private route(event: S3Event, options: LocalPipelineOptions): void {
    for (const record of event.Records) {
      if (!record.eventName.startsWith("ObjectCreated:")) continue;
      const key = record.s3.object.key;
      if (options.onResult) reportResult(key, options.onResult);
      const upload = articleName("clean", key);
      if (upload !== undefined && !this.stopping) options.onUpload?.(upload);
      this.send(record);
    }
  }

  /** A notification for an object already in the bucket (no ETag: the handler reads it). */
  private notify(key: string): void {
    this.send(objectEvent(key, { kind: "ObjectCreated:Put" }, 0));
  }

  private send(record: S3EventRecord): void {
    if (this.stopping) return;
    const key = record.s3.object.key;
    const stage = stageForKey(key);
    if (stage === undefined) return;
    // s3rver hands the key over decoded; S3 notifications carry it URL-encoded.
    const encoded: S3Event = {
      Records: [
        {
          ...record,
          s3: { ...record.s3, object: { ...record.s3.object, key: encodeS3Key(key) } },
        },
      ],
    };
    this.queues[stage].send(JSON.stringify(encoded));
  }
}

/** Every key under `prefix`, page by page, over the S3 wire. */
export async function listKeys(client: S3Client, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

function reportResult(key: string, onResult: NonNullable<LocalPipelineOptions["onResult"]>): void {
  for (const status of ["enriched", "failed"] as const) {
    const prefix = PREFIX[status];
    if (key.startsWith(prefix) && key.endsWith(".json")) {
      onResult({ name: key.slice(prefix.length, -".json".length), status });
    }
  }
}

const silentLog: Log = { info() {}, warn() {}, error() {} };
