import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Readable } from "node:stream";

/** s3rver's object model (the controllers read `metadata`, `size`, `range`, `content`). */
interface S3ObjectModel {
  content: Readable | null;
  range?: { start: number; end: number };
}
type S3ObjectClass = new (
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: Record<string, unknown>,
) => S3ObjectModel;

const S3Object = createRequire(import.meta.url)(
  "@20minutes/s3rver/lib/models/object.js",
) as S3ObjectClass & { ALLOWED_METADATA: readonly string[] };

/**
 * What this module replaces of s3rver's file store (`FilesystemStore`): one object is three
 * files, `<key>._S3rver_object` (the bytes), `….object.md5` (the ETag) and
 * `….metadata.json` (content type and user metadata).
 */
export interface ObjectFileStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<S3ObjectModel | null>;
  putObject(object: {
    bucket: string;
    key: string;
    content: Buffer | Readable;
    metadata: Record<string, unknown>;
  }): Promise<{ size: number; md5: string }>;
  copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

/**
 * Makes s3rver's objects change in one step, as S3's do, and answers what it already knows of
 * an object from memory.
 *
 * s3rver writes an object in place: it truncates the file, streams the bytes in, then writes
 * the ETag and metadata files, and for a body held in memory it even answers the PUT before the
 * bytes are flushed. A GET that overlaps (another analyze delivery reading the same key) reads
 * a truncated file: `depeche run` lost articles to "Unterminated string in JSON". Here:
 *   - each key's operations run one at a time (reads included), in arrival order;
 *   - a write goes to a temporary file beside the object (a name s3rver's listing skips) and is
 *     renamed over it, so even a crash mid-write leaves the old version whole; the ETag file is
 *     removed before the rename and not rewritten (s3rver computes a missing one from the bytes
 *     when it first needs it), so new bytes never go with an old ETag;
 *   - a read takes the bytes into memory before its turn ends (objects here are documents of a
 *     few hundred KB at most), so the body it streams cannot change under it.
 * Each object's metadata (ETag, size, type, date), or the fact that there is none, is kept from
 * the first time it is read or written: a HEAD, a DELETE of a missing key and the metadata half
 * of a GET touch no file (they were 3 to 5 file operations each, a third of a request's cost in
 * a profile of `depeche run`). Valid because this process is the only one writing the folder
 * while it serves it (`--store` is one process's folder; `depeche serve` goes through here too).
 * For a bucket that `startsEmpty` (a temporary folder made for this process), a key this
 * process never wrote has no object: its absence is answered without looking for its files.
 */
export function atomicObjects(
  store: ObjectFileStore,
  options: { startsEmpty?: boolean } = {},
): DirectObjects {
  const tails = new Map<string, Promise<unknown>>();
  const inTurn = async <T>(bucket: string, key: string, work: () => Promise<T>): Promise<T> => {
    const id = `${bucket}/${key}`;
    const previous = tails.get(id) ?? Promise.resolve();
    const mine = previous.then(work, work);
    const tail = mine.catch(() => undefined);
    tails.set(id, tail);
    try {
      return await mine;
    } finally {
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
  /** Metadata by `bucket/key`; null: known to be absent. */
  const known = new Map<string, Readonly<Record<string, unknown>> | null>();
  /** Every object of a bucket that started empty went through `write`: it is in `known`. */
  const startsEmpty = options.startsEmpty === true;
  const folders = new Set<string>();

  const { getMetadata, existsObject, deleteObject } = store;

  /** The metadata, from memory or from s3rver's files; undefined when there is no object. */
  const metadataOf = async (bucket: string, key: string) => {
    const id = `${bucket}/${key}`;
    const remembered = known.get(id);
    if (remembered !== undefined) return remembered ?? undefined;
    if (startsEmpty) {
      known.set(id, null);
      return undefined;
    }
    try {
      const metadata = await getMetadata.call(store, bucket, key);
      known.set(id, metadata);
      return metadata;
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
      known.set(id, null);
      return undefined;
    }
  };

  store.getMetadata = (bucket, key) =>
    inTurn(bucket, key, async () => {
      const metadata = await metadataOf(bucket, key);
      if (metadata === undefined)
        throw Object.assign(new Error(`no object ${key}`), { code: "ENOENT" });
      return { ...metadata };
    });

  store.existsObject = (bucket, key) =>
    inTurn(bucket, key, async () => {
      const remembered = known.get(`${bucket}/${key}`);
      if (remembered !== undefined) return remembered !== null;
      if (startsEmpty) return false;
      const exists = await existsObject.call(store, bucket, key);
      if (!exists) known.set(`${bucket}/${key}`, null);
      return exists;
    });

  store.getObject = (bucket, key, options) =>
    inTurn(bucket, key, async () => {
      const metadata = await metadataOf(bucket, key);
      if (metadata === undefined) return null;
      let bytes: Buffer;
      try {
        bytes = readFileSync(store.getResourcePath(bucket, key, "object"));
      } catch (error) {
        if ((error as { code?: string }).code !== "ENOENT") throw error;
        known.set(`${bucket}/${key}`, null);
        return null;
      }
      // s3rver's own range rules (FilesystemStore.getObject), over the bytes in memory.
      const lastByte = Math.max(0, bytes.length - 1);
      const range = {
        start: options?.start || 0,
        end: Math.min(options?.end || Number.POSITIVE_INFINITY, lastByte),
      };
      const ranged = options !== undefined && (options.start !== undefined || Boolean(options.end));
      const current = { ...metadata, "content-length": bytes.length };
      if (range.start < 0 || Math.min(range.end, lastByte) < range.start) {
        const object = new S3Object(bucket, key, null, current);
        if (ranged) object.range = range;
        return object;
      }
      const slice = ranged ? bytes.subarray(range.start, range.end + 1) : bytes;
      const object = new S3Object(bucket, key, Readable.from([slice]), current);
      if (ranged) object.range = range;
      return object;
    });

  store.deleteObject = (bucket, key) =>
    inTurn(bucket, key, async () => {
      if (known.get(`${bucket}/${key}`) === null) return;
      await deleteObject.call(store, bucket, key);
      known.set(`${bucket}/${key}`, null);
      // s3rver prunes folders left empty.
      folders.clear();
    });

  // A copy is a read of the source in its turn, then a write of the destination in its own
  // (s3rver's own copy copied the ETag file, which `write` no longer keeps: it failed).
  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    const source = await inTurn(srcBucket, srcKey, async () => {
      const metadata = await metadataOf(srcBucket, srcKey);
      if (metadata === undefined) {
        throw Object.assign(new Error(`no object ${srcKey}`), { code: "ENOENT" });
      }
      return { metadata, bytes: readFileSync(store.getResourcePath(srcBucket, srcKey, "object")) };
    });
    return inTurn(destBucket, destKey, async () => {
      await write({
        bucket: destBucket,
        key: destKey,
        content: source.bytes,
        metadata: { ...(replacementMetadata ?? source.metadata) },
      });
      return { ...(known.get(`${destBucket}/${destKey}`) ?? {}) };
    });
  };

  /** One write, inside the key's turn. */
  const write = async (object: {
    bucket: string;
    key: string;
    content: Buffer | Readable;
    metadata: Record<string, unknown>;
  }) => {
    const id = `${object.bucket}/${object.key}`;
    const previous = known.get(id);
    known.delete(id);
    const bytes = Buffer.isBuffer(object.content)
      ? object.content
      : Buffer.concat(await collect(object.content));
    const md5 = createHash("md5").update(bytes).digest("hex");
    const path = (resource: string) => store.getResourcePath(object.bucket, object.key, resource);
    const stored = storedMetadata(object.metadata);
    const metadataJson = JSON.stringify(stored, null, 2);
    await writeWhole(path("object"), bytes, folders, () => {
      // An older ETag file would pair the new bytes with the old ETag (none when the key is
      // known to be new). The new one is not written: s3rver computes a missing one from the
      // bytes when it first needs it, and this process answers from memory until then.
      if (previous !== null) removeIfThere(path("object.md5"));
    });
    // The metadata file holds what `storedMetadata` keeps: rewritten only when that changes
    // (the previous version's is in `known`, so no copy of every file's text is kept).
    if (previous == null || JSON.stringify(storedMetadata(previous), null, 2) !== metadataJson) {
      writeFileSync(path("metadata.json"), metadataJson);
    }
    known.set(id, {
      ...stored,
      etag: JSON.stringify(md5),
      "last-modified": new Date().toUTCString(),
      "content-length": bytes.length,
    });
    return { size: bytes.length, md5 };
  };

  store.putObject = (object) => inTurn(object.bucket, object.key, () => write(object));

  return {
    head: (bucket, key) =>
      inTurn(bucket, key, async () => {
        const metadata = await metadataOf(bucket, key);
        return metadata === undefined ? undefined : { ...metadata };
      }),
    get: (bucket, key) =>
      inTurn(bucket, key, async () => {
        const metadata = await metadataOf(bucket, key);
        if (metadata === undefined) return undefined;
        try {
          const bytes = readFileSync(store.getResourcePath(bucket, key, "object"));
          return { bytes, metadata: { ...metadata, "content-length": bytes.length } };
        } catch (error) {
          if ((error as { code?: string }).code !== "ENOENT") throw error;
          known.set(`${bucket}/${key}`, null);
          return undefined;
        }
      }),
    put: (bucket, key, content, metadata, condition = {}) =>
      inTurn(bucket, key, async () => {
        // S3's conditional write: the check and the write in one step (the key's turn).
        const current = await metadataOf(bucket, key);
        const etag = current === undefined ? undefined : unquote(String(current.etag));
        if (condition.ifNoneMatch === "*" && current !== undefined) return "precondition";
        if (condition.ifMatch !== undefined && etag !== condition.ifMatch) return "precondition";
        const { size, md5 } = await write({ bucket, key, content, metadata });
        return { size, etag: md5 };
      }),
    delete: async (bucket, key) => {
      await store.deleteObject(bucket, key);
    },
  };
}

/** The object operations of `atomicObjects`, for callers in this process (no HTTP round trip). */
export interface DirectObjects {
  head(bucket: string, key: string): Promise<Record<string, unknown> | undefined>;
  get(
    bucket: string,
    key: string,
  ): Promise<{ bytes: Buffer; metadata: Record<string, unknown> } | undefined>;
  /** Writes unless the condition fails (S3's `If-Match` / `If-None-Match: *`). */
  put(
    bucket: string,
    key: string,
    content: Buffer,
    metadata: Record<string, unknown>,
    condition?: { ifMatch?: string | undefined; ifNoneMatch?: "*" | undefined },
  ): Promise<{ size: number; etag: string } | "precondition">;
  delete(bucket: string, key: string): Promise<void>;
}

function unquote(etag: string): string {
  return etag.replace(/"/gu, "");
}

/** What s3rver keeps of a PUT's headers (`FilesystemStore.putMetadata`). */
function storedMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (S3Object.ALLOWED_METADATA.includes(name) || name.startsWith("x-amz-meta-")) {
      kept[name] = value;
    }
  }
  return kept;
}

async function collect(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return chunks;
}

/**
 * Attempts at one write: a concurrent delete of another key may remove the (then empty)
 * folder between its creation and the write (s3rver prunes empty folders on delete); the next
 * attempt recreates it. Two such races in a row need two deletes within one write.
 */
const WRITE_ATTEMPTS = 3;

/**
 * Writes `bytes` to a temporary name beside `path`, then renames it over `path`. `folders`
 * remembers the folders known to exist (forgotten when a delete may have pruned one).
 *
 * The file calls are synchronous: objects here are small (documents of a few KB, at most a few
 * hundred), the page cache takes them in microseconds, and each asynchronous call costs a
 * thread-pool round trip and its promise on top (an object write took ≈ 390 µs of CPU through
 * `fs/promises`, ≈ 120 µs synchronously: the largest part of the local store's cost in a
 * `depeche run` profile).
 */
async function writeWhole(
  path: string,
  bytes: Buffer,
  folders: Set<string>,
  beforeRename: () => void,
): Promise<void> {
  // Not `…._S3rver_object`: s3rver's listing skips any other name.
  const temporary = `${path}.${randomBytes(6).toString("hex")}.partial`;
  const folder = dirname(path);
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      writeFileSync(temporary, bytes);
      beforeRename();
      renameSync(temporary, path);
      return;
    } catch (error) {
      folders.delete(folder);
      removeIfThere(temporary);
      if ((error as { code?: string }).code !== "ENOENT" || attempt >= WRITE_ATTEMPTS) throw error;
      // s3rver's delete (asynchronous) may be pruning the folder: let it finish first.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** Removes a file, if it exists. */
function removeIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    ignoreMissing(error);
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as { code?: string }).code !== "ENOENT") throw error;
}
