import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";

/**
 * What this module replaces of s3rver's file store (`FilesystemStore`): one object is three
 * files, `<key>._S3rver_object` (the bytes), `….object.md5` (the ETag) and
 * `….metadata.json` (content type and user metadata).
 */
export interface ObjectFileStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<{ content: Readable | null } | null>;
  putObject(object: {
    bucket: string;
    key: string;
    content: Buffer | Readable;
    metadata: Record<string, unknown>;
  }): Promise<{ size: number; md5: string }>;
  putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, unknown>,
    md5?: string,
  ): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

/**
 * Makes s3rver's objects change in one step, as S3's do: a reader sees the whole previous
 * version or the whole new one, never a mix.
 *
 * s3rver writes an object in place: it truncates the file, streams the bytes in, then writes
 * the ETag and metadata files, and for a body held in memory it even answers the PUT before the
 * bytes are flushed. A GET that overlaps (another analyze delivery reading the same key) reads
 * a truncated file: `depeche run` lost articles to "Unterminated string in JSON". Here:
 *   - each key's operations run one at a time (reads included), in arrival order;
 *   - a write goes to a temporary file beside the object (a name s3rver's listing skips) and is
 *     renamed over it, so even a crash mid-write leaves the old version whole;
 *   - a read takes the bytes into memory before its turn ends (objects here are documents of a
 *     few hundred KB at most), so the body it streams cannot change under it.
 * The ETag file is removed before the rename and rewritten after it: s3rver recomputes a
 * missing one from the bytes, so even an interrupted write never pairs new bytes with an old
 * ETag. Valid while this process is the only writer of the folder (as `--store` documents).
 */
export function atomicObjects(store: ObjectFileStore): void {
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

  const { getMetadata, getObject, deleteObject, putMetadata } = store;
  // s3rver's getObject reads its metadata through `this`: give it the unlocked one (it already
  // runs in the key's turn).
  const unlocked = Object.create(store, { getMetadata: { value: getMetadata } }) as ObjectFileStore;

  store.getMetadata = (bucket, key) =>
    inTurn(bucket, key, () => getMetadata.call(store, bucket, key));

  store.getObject = (bucket, key, options) =>
    inTurn(bucket, key, async () => {
      const object = await getObject.call(unlocked, bucket, key, options);
      if (object?.content) {
        const chunks: Buffer[] = [];
        for await (const chunk of object.content) chunks.push(chunk as Buffer);
        object.content = Readable.from(chunks);
      }
      return object;
    });

  store.deleteObject = (bucket, key) =>
    inTurn(bucket, key, () => deleteObject.call(store, bucket, key));

  store.putObject = (object) =>
    inTurn(object.bucket, object.key, async () => {
      const bytes = Buffer.isBuffer(object.content)
        ? object.content
        : Buffer.concat(await collect(object.content));
      const md5 = createHash("md5").update(bytes).digest("hex");
      const path = store.getResourcePath(object.bucket, object.key, "object");
      const md5Path = store.getResourcePath(object.bucket, object.key, "object.md5");
      await writeWhole(path, bytes, async () => {
        await unlink(md5Path).catch(ignoreMissing);
      });
      await writeWhole(md5Path, md5);
      // s3rver's own metadata write, minus its (non-atomic) ETag file, which is written above.
      await putMetadata.call(store, object.bucket, object.key, object.metadata);
      return { size: bytes.length, md5 };
    });
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

/** Writes `bytes` to a temporary name beside `path`, then renames it over `path`. */
async function writeWhole(
  path: string,
  bytes: Buffer | string,
  beforeRename: () => Promise<void> = async () => {},
): Promise<void> {
  // Not `…._S3rver_object`: s3rver's listing skips any other name.
  const temporary = `${path}.${randomBytes(6).toString("hex")}.partial`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, bytes);
      await beforeRename();
      await rename(temporary, path);
      return;
    } catch (error) {
      await unlink(temporary).catch(ignoreMissing);
      if ((error as { code?: string }).code !== "ENOENT" || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as { code?: string }).code !== "ENOENT") throw error;
}
