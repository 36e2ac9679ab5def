import { createHash } from "node:crypto";
import { InputError } from "../functions/core/errors.js";
import type {
  ArticleStore,
  ReadOptions,
  StoredObject,
  WriteOptions,
} from "../functions/core/ports.js";

const UTF8 = new TextEncoder();

/**
 * The benchmark's `ArticleStore`: a map in memory, with S3's ETag (MD5 of the body) and its
 * size check. It holds the translation cache during the cost run, as the bucket does in AWS.
 */
export class MemoryArticleStore implements ArticleStore {
  private readonly objects = new Map<string, StoredObject>();

  async get(key: string, options: ReadOptions = {}): Promise<StoredObject | undefined> {
    const object = this.objects.get(key);
    if (object !== undefined && options.maxBytes !== undefined && object.size > options.maxBytes) {
      throw new InputError(
        "TOO_LARGE",
        `The object is ${object.size} bytes; the limit is ${options.maxBytes} bytes.`,
      );
    }
    return object;
  }

  async put(key: string, body: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
    this.objects.set(key, storedObject(body, options.contentType));
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  /** Keys under a prefix, for reporting (e.g. how many cache entries a run wrote). */
  keys(prefix = ""): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix));
  }
}

/** Wraps bytes as the store would return them after an upload. */
export function storedObject(body: Uint8Array | string, contentType?: string): StoredObject {
  const bytes = typeof body === "string" ? UTF8.encode(body) : body;
  return {
    bytes,
    size: bytes.byteLength,
    etag: createHash("md5").update(bytes).digest("hex"),
    contentType,
  };
}
