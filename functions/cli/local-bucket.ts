import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "@20minutes/s3rver";
import type { S3Event, S3EventRecord } from "aws-lambda";
import { DirectArticleStore } from "./local-direct-store.js";
import type { ListingStore } from "./local-s3-list.js";
import { LOCAL_BUCKET, openStore } from "./local-store-folder.js";
import {
  atomicObjects,
  type DirectObjects,
  type ObjectFileStore,
} from "./s3rver-atomic-objects.js";
import { rememberBucketConfiguration } from "./s3rver-bucket-memo.js";

export { LOCAL_BUCKET } from "./local-store-folder.js";

/** The region the local bucket (and its notifications) claims to be in. */
export const LOCAL_REGION = "us-east-1";

export interface LocalBucketOptions {
  /** Keep the bucket in this folder (a depeche store); a temporary folder otherwise. */
  readonly storeDirectory?: string | undefined;
}

/**
 * What an object change tells the listeners (S3's event names). Size and ETag are absent only
 * for a notification made up for an object already there (a resumed article: the handler
 * reads them).
 */
export type ObjectChange =
  | {
      readonly kind: "ObjectCreated:Put";
      readonly size?: number | undefined;
      readonly etag?: string | undefined;
    }
  | { readonly kind: "ObjectRemoved:Delete" };

/**
 * The local bucket itself, without a server: s3rver's file store over a depeche store folder
 * (the same files `depeche serve` and `depeche report --store` read), objects replaced in one
 * step (`atomicObjects`), and S3-shaped notifications for every write and delete made through
 * `store()`. `LocalS3Server` puts the S3 wire protocol in front of it and forwards the writes
 * its clients make to the same listeners, so a listener sees one kind of event whichever way
 * an object was written.
 */
export class LocalBucket {
  private readonly listeners: ((event: S3Event) => void)[] = [];
  private sequence = 0;

  private constructor(
    /** s3rver, configured but not listening (the server takes its request handler). */
    readonly s3rver: S3rver,
    readonly objects: DirectObjects,
    readonly directory: string,
    /** The folder was made for this bucket: it started empty, and goes on close. */
    readonly temporary: boolean,
  ) {}

  static async open(options: LocalBucketOptions = {}): Promise<LocalBucket> {
    const temporary = options.storeDirectory === undefined;
    const directory = options.storeDirectory ?? (await mkdtemp(join(tmpdir(), "depeche-s3-")));
    if (!temporary) await openStore(directory);
    const s3rver = new S3rver({
      silent: true,
      directory,
      // The server checks signatures itself, before a request reaches s3rver.
      allowMismatchedSignatures: true,
      // `<bucket>.s3.localhost` is a virtual-host-style request for <bucket>.
      serviceEndpoint: "localhost",
      configureBuckets: [{ name: LOCAL_BUCKET, configs: [] }],
    });
    rememberBucketConfiguration(s3rver.store);
    // Whole-object reads and writes, as S3's are (s3rver writes in place); a temporary folder
    // holds nothing this process did not write.
    const objects = atomicObjects(s3rver.store as unknown as ObjectFileStore, {
      startsEmpty: temporary,
    });
    await s3rver.configureBuckets();
    return new LocalBucket(s3rver, objects, directory, temporary);
  }

  /**
   * The bucket from inside this process: the same objects and conditional writes as the S3
   * wire, no HTTP round trip, and a notification after each write or delete.
   */
  store(): DirectArticleStore {
    return new DirectArticleStore(this.objects, LOCAL_BUCKET, (key, change) =>
      this.emit(key, change),
    );
  }

  /**
   * Each write and delete, shaped like an S3 notification but with the key decoded (S3 sends
   * it URL-encoded: convert before handing it to the handlers).
   */
  onEvent(listener: (event: S3Event) => void): void {
    this.listeners.push(listener);
  }

  /** Hands an event on to the listeners (the server's, for writes made over the wire). */
  dispatch(event: S3Event): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Every key under `prefix`, in key order. */
  async listKeys(prefix: string): Promise<string[]> {
    const listing = this.s3rver.store as unknown as ListingStore;
    const keys: string[] = [];
    let startAfter: string | undefined;
    for (;;) {
      const page = await listing.listObjects(LOCAL_BUCKET, {
        prefix,
        startAfter,
        maxKeys: LIST_PAGE_KEYS,
      });
      for (const object of page.objects) keys.push(object.key);
      const last = page.objects.at(-1);
      if (!page.isTruncated || last === undefined) return keys;
      startAfter = last.key;
    }
  }

  async close(): Promise<void> {
    this.s3rver.logger.close();
    // Synchronously: a temporary bucket is tens of thousands of small files (≈ 46,000 after
    // 1,000 articles), and `fs/promises`' recursive removal keeps them all in flight at once
    // (+95 MB of RSS at the end of such a run, against +20 MB, and less CPU, for `rmSync`).
    if (this.temporary) rmSync(this.directory, { recursive: true, force: true });
  }

  private emit(key: string, change: ObjectChange): void {
    if (this.listeners.length === 0) return;
    this.sequence += 1;
    this.dispatch({ Records: [objectEvent(key, change, this.sequence)] });
  }
}

/** Keys per page of a listing (S3's own page size). */
const LIST_PAGE_KEYS = 1000;

/**
 * An S3 event record for one change of a key of the local bucket, as S3 (and s3rver) shape
 * it: the size and ETag of a created object, a sequencer that grows with each change. The key
 * is given decoded, as s3rver gives it.
 */
export function objectEvent(key: string, change: ObjectChange, sequence: number): S3EventRecord {
  const object: Record<string, unknown> = { key, sequencer: sequencer(sequence) };
  if (change.kind === "ObjectCreated:Put" && change.etag !== undefined) {
    object.size = change.size;
    object.eTag = change.etag;
  }
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: LOCAL_REGION,
    eventTime: new Date().toISOString(),
    eventName: change.kind,
    userIdentity: { principalId: "depeche" },
    requestParameters: { sourceIPAddress: "127.0.0.1" },
    responseElements: { "x-amz-request-id": "depeche", "x-amz-id-2": "depeche" },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "depeche-local",
      bucket: {
        name: LOCAL_BUCKET,
        ownerIdentity: { principalId: "depeche" },
        arn: `arn:aws:s3:::${LOCAL_BUCKET}`,
      },
      object,
    },
  } as unknown as S3EventRecord;
}

function sequencer(sequence: number): string {
  return sequence.toString(16).toUpperCase().padStart(16, "0");
}
