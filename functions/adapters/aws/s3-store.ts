import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from "@aws-sdk/client-s3";
import { InputError, PreconditionFailedError } from "../../core/errors.js";
import type {
  ArticleStore,
  ListedObject,
  ObjectHead,
  ObjectLister,
  ReadOptions,
  StoredObject,
  WriteOptions,
} from "../../core/ports.js";

/** `ArticleStore` over one S3 bucket (AWS, or the embedded S3 server of the local run). */
export class S3ArticleStore implements ArticleStore, ObjectLister {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async get(key: string, options: ReadOptions = {}): Promise<StoredObject | undefined> {
    let response: GetObjectCommandOutput;
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const size = response.ContentLength ?? 0;
    if (options.maxBytes !== undefined && size > options.maxBytes) {
      // Close the stream instead of reading a body we refuse.
      (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new InputError(
        "TOO_LARGE",
        `The object is ${size} bytes; the limit is ${options.maxBytes} bytes (MAX_OBJECT_BYTES).`,
      );
    }
    const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
    return {
      bytes,
      size: bytes.byteLength,
      etag: unquotedEtag(response.ETag),
      contentType: response.ContentType,
    };
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    try {
      const response = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return {
        etag: unquotedEtag(response.ETag),
        size: response.ContentLength ?? 0,
        metadata: response.Metadata ?? {},
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async put(key: string, body: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          Metadata: options.metadata === undefined ? undefined : { ...options.metadata },
          // S3 conditional writes: ETags go quoted, as S3 compares them.
          IfMatch: options.ifMatch === undefined ? undefined : `"${options.ifMatch}"`,
          IfNoneMatch: options.ifNoneMatch,
        }),
      );
    } catch (error) {
      const conditional = options.ifMatch !== undefined || options.ifNoneMatch !== undefined;
      if (conditional && lostCondition(error, options.ifMatch !== undefined)) {
        throw new PreconditionFailedError(key, { cause: error });
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** ListObjectsV2, page after page; "folder" placeholder keys (ending in `/`) are left out. */
  async *list(prefix: string): AsyncIterable<ListedObject> {
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: prefix },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || object.Key.endsWith("/")) continue;
        yield { key: object.Key, size: object.Size ?? 0, etag: unquotedEtag(object.ETag) };
      }
    }
  }
}

/** S3 answers 404 NoSuchKey (or 403 without s3:ListBucket, which the stack grants per prefix). */
function isNotFound(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === 404;
}

/**
 * A conditional PUT that lost: 412 PreconditionFailed (the ETag moved, or the key exists for
 * If-None-Match), 409 ConditionalRequestConflict (a concurrent conditional write to the key),
 * or, for If-Match, 404 NoSuchKey (the object is gone).
 */
function lostCondition(error: unknown, ifMatch: boolean): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  return (
    name === "PreconditionFailed" ||
    name === "ConditionalRequestConflict" ||
    status === 412 ||
    status === 409 ||
    (ifMatch && isNotFound(error))
  );
}

/** S3 answers ETags quoted (`"abc…"`); notifications and our documents carry them bare. */
function unquotedEtag(etag: string | undefined): string {
  return (etag ?? "").replace(/"/g, "");
}
