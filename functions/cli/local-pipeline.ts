import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import type { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { keysFor, PREFIX, type Stage, stageForKey } from "../core/keys.js";
import type { TextAnalyzer, Translator } from "../core/ports.js";
import type { PipelineSettings } from "../core/settings.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import { analyzeDefinition } from "../handlers/analyze-definition.js";
import { cleanDefinition } from "../handlers/clean-definition.js";
import { encodeS3Key } from "../handlers/s3-event.js";
import { createStageHandler, type Log, type SqsHandler } from "../handlers/stage-handler.js";
import { translateDefinition } from "../handlers/translate-definition.js";
import { LocalQueue } from "./local-queue.js";
import { LOCAL_BUCKET, type LocalStore, openLocalStore } from "./local-store.js";

export { LOCAL_BUCKET };

/** Mirrors the stack's event source mapping batch size. */
const BATCH_SIZE = 5;

/** Local stand-in for the visibility timeout: short, so a retried message comes back quickly. */
const RETRY_DELAY_MS = 200;

export interface LocalPipelineOptions {
  readonly translator: Translator;
  readonly analyzer: TextAnalyzer;
  readonly settings: PipelineSettings;
  /** Deliveries before a message is dead-lettered (the stack's `maxReceiveCount`). */
  readonly maxReceiveCount: number;
  /** Keep the embedded bucket here (translation cache and stage documents survive runs). */
  readonly storeDirectory?: string | undefined;
  readonly log?: Log;
  /** Called when an article reaches `enriched/` or `failed/`. */
  readonly onResult?: (result: { name: string; status: "enriched" | "failed" }) => void;
}

/**
 * The deployed pipeline, in one process: a real S3 wire protocol (embedded S3 server on
 * 127.0.0.1), real-shaped S3 notifications with URL-encoded keys, and the very handlers the
 * Lambdas run, fed through local queues with the same routing as the stack's notifications.
 */
export class LocalPipeline {
  private readonly queues: Record<Stage, LocalQueue>;
  private idleWaiters: (() => void)[] = [];

  readonly client: S3Client;
  readonly store: S3ArticleStore;

  private constructor(
    private readonly local: LocalStore,
    private readonly directory: { path: string; temporary: boolean },
    options: LocalPipelineOptions,
  ) {
    this.client = local.client;
    this.store = local.store;
    const store = local.store;
    const log = options.log ?? silentLog;
    const base = {
      bucket: LOCAL_BUCKET,
      store,
      maxReceiveCount: options.maxReceiveCount,
      log,
    };
    const { settings } = options;
    const handlers: Record<Stage, SqsHandler> = {
      clean: createStageHandler({
        ...base,
        definition: cleanDefinition(LOCAL_BUCKET, settings),
      }),
      translate: createStageHandler({
        ...base,
        definition: translateDefinition(
          { translator: options.translator, cache: storeTranslationCache(store) },
          settings,
        ),
      }),
      analyze: createStageHandler({
        ...base,
        definition: analyzeDefinition({ analyzer: options.analyzer }, settings),
      }),
    };
    const queue = (stage: Stage) =>
      new LocalQueue({
        name: stage,
        handler: handlers[stage],
        batchSize: BATCH_SIZE,
        maxReceiveCount: options.maxReceiveCount,
        retryDelayMs: RETRY_DELAY_MS,
        onIdle: () => this.checkIdle(),
      });
    this.queues = {
      clean: queue("clean"),
      translate: queue("translate"),
      analyze: queue("analyze"),
    };
    local.server.on("event", (event: S3Event) => this.route(event, options));
  }

  static async start(options: LocalPipelineOptions): Promise<LocalPipeline> {
    const temporary = options.storeDirectory === undefined;
    const path = options.storeDirectory ?? (await mkdtemp(join(tmpdir(), "depeche-s3-")));
    return new LocalPipeline(await openLocalStore(path), { path, temporary }, options);
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

  async close(): Promise<void> {
    await this.local.close();
    if (this.directory.temporary) await rm(this.directory.path, { recursive: true, force: true });
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
      const stage = stageForKey(key);
      if (stage === undefined) continue;
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
