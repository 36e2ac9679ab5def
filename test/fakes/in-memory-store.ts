import { createHash } from "node:crypto";
import { InputError, PreconditionFailedError } from "../../functions/core/errors.js";
import type {
  ArticleStore,
  ListedObject,
  ObjectHead,
  ObjectLister,
  ReadOptions,
  StoredObject,
  WriteOptions,
} from "../../functions/core/ports.js";

const UTF8 = new TextEncoder();

/**
 * An `ArticleStore` in memory that behaves like the S3 one: a missing key resolves `undefined`,
 * `maxBytes` is checked before the body is handed out (`InputError("TOO_LARGE")`), the ETag is
 * the MD5 of the body, and stored bytes are copied both ways so callers cannot alias them.
 * Counts reads and writes, and can be told to fail the next writes.
 */
export class InMemoryArticleStore implements ArticleStore, ObjectLister {
  private readonly objects = new Map<string, StoredObject>();
  private readonly metadata = new Map<string, Readonly<Record<string, string>>>();
  private readonly writeFailures: Error[] = [];
  gets = 0;
  heads = 0;
  puts = 0;
  /** Every key `delete` was called with, in order (S3 would leave a delete marker for each). */
  readonly deletes: string[] = [];

  async get(key: string, options: ReadOptions = {}): Promise<StoredObject | undefined> {
    this.gets += 1;
    const object = this.objects.get(key);
    if (object === undefined) return undefined;
    if (options.maxBytes !== undefined && object.size > options.maxBytes) {
      throw new InputError(
        "TOO_LARGE",
        `The object is ${object.size} bytes; the limit is ${options.maxBytes} bytes.`,
      );
    }
    return { ...object, bytes: object.bytes.slice() };
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    this.heads += 1;
    const object = this.objects.get(key);
    return (
      object && {
        etag: object.etag,
        size: object.size,
        metadata: { ...this.metadata.get(key) },
      }
    );
  }

  async put(key: string, body: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
    this.puts += 1;
    const failure = this.writeFailures.shift();
    if (failure) throw failure;
    // Conditional writes, as S3 checks them: the condition and the write are one step.
    const current = this.objects.get(key);
    if (options.ifNoneMatch === "*" && current !== undefined)
      throw new PreconditionFailedError(key);
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) {
      throw new PreconditionFailedError(key);
    }
    const bytes = typeof body === "string" ? UTF8.encode(body) : body.slice();
    this.objects.set(key, {
      bytes,
      size: bytes.byteLength,
      etag: createHash("md5").update(bytes).digest("hex"),
      contentType: options.contentType,
    });
    this.metadata.set(key, { ...options.metadata });
  }

  async delete(key: string): Promise<void> {
    this.deletes.push(key);
    this.objects.delete(key);
    this.metadata.delete(key);
  }

  /** Makes the next `put` calls throw these errors, in order. */
  failNextPuts(...errors: Error[]): void {
    this.writeFailures.push(...errors);
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    for (const key of this.keys(prefix)) {
      const object = this.objects.get(key);
      if (object) yield { key, size: object.size, etag: object.etag };
    }
  }

  /** Keys under a prefix, sorted. */
  keys(prefix = ""): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}
