import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { SQSRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { S3ArticleStore } from "../../functions/adapters/aws/s3-store.js";
import { FailureRecordSchema } from "../../functions/core/document.js";
import { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_SETTINGS } from "../../functions/core/settings.js";
import { cleanDefinition } from "../../functions/handlers/clean-definition.js";
import { encodeS3Key } from "../../functions/handlers/s3-event.js";
import { createStageHandler, type Log } from "../../functions/handlers/stage-handler.js";
import batch from "../fixtures/events/clean-batch-3.json" with { type: "json" };

/**
 * The 6 MB case of the bad-input matrix, one level down: through the real S3 adapter (SDK
 * mocked), the clean stage must refuse the object from its size alone. Its body is a stream
 * that counts what is pulled from it, so "nothing read" is measured, not assumed.
 */

const BUCKET = "depeche-articles";
const KEY = "incoming/dossiers/Très gros + lourd.txt";
const OVERSIZED_BYTES = 6 * 1024 * 1024;
const STREAM_CHUNK_BYTES = 64 * 1024;
const ETAG = "5d41402abc4b2a76b9719d911017c592";
const MAX_RECEIVE_COUNT = 5;

const silent: Log = { info() {}, warn() {}, error() {} };

/** A lazy 6 MB body: bytes exist only when someone reads them. */
function countingBody(): { body: Readable; pulled: () => number } {
  let pulled = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let sent = 0; sent < OVERSIZED_BYTES; sent += STREAM_CHUNK_BYTES) {
      pulled += STREAM_CHUNK_BYTES;
      yield new Uint8Array(STREAM_CHUNK_BYTES).fill(0x61);
    }
  }
  const body = Object.assign(Readable.from(chunks()), {
    // The SDK's stream mixin, which the adapter would call to buffer the body.
    transformToByteArray: async (): Promise<Uint8Array> => {
      const parts: Buffer[] = [];
      for await (const part of body) parts.push(Buffer.from(part as Uint8Array));
      return new Uint8Array(Buffer.concat(parts));
    },
  });
  return { body, pulled: () => pulled };
}

/** The SQS message S3 sends for the upload, key URL-encoded as S3 does. */
function notification(): SQSRecord {
  const template = batch.Records[0] as SQSRecord;
  const event = JSON.parse(template.body);
  event.Records[0].s3.bucket.name = BUCKET;
  event.Records[0].s3.object = { key: encodeS3Key(KEY), size: OVERSIZED_BYTES, eTag: ETAG };
  return { ...template, body: JSON.stringify(event) };
}

const s3 = mockClient(S3Client);
const written = new Map<string, string>();
let stream: ReturnType<typeof countingBody>;

beforeEach(() => {
  s3.reset();
  written.clear();
  stream = countingBody();
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).resolves({
    Body: stream.body as never,
    ContentLength: OVERSIZED_BYTES,
    ETag: `"${ETAG}"`,
  });
  s3.on(PutObjectCommand).callsFake(({ Key, Body }: { Key: string; Body: string }) => {
    written.set(Key, String(Body));
    return { ETag: '"written"' };
  });
  s3.on(DeleteObjectCommand).resolves({});
});

describe("clean stage on a 6 MB upload, through the S3 adapter", () => {
  it("writes a TOO_LARGE failure record without pulling a byte of the body, and stops there", async () => {
    // Given the clean handler over the real S3 adapter and the default 5 MiB limit
    const handler = createStageHandler({
      bucket: BUCKET,
      store: new S3ArticleStore(new S3Client({}), BUCKET),
      maxReceiveCount: MAX_RECEIVE_COUNT,
      log: silent,
      definition: cleanDefinition(BUCKET, DEFAULT_SETTINGS),
    });

    // When S3 notifies it of the upload
    const response = await handler({ Records: [notification()] });

    // Then the message is acknowledged with a failure record naming the size and the limit
    expect(response.batchItemFailures).toEqual([]);
    expect([...written.keys()]).toEqual([`failed/dossiers/Très gros + lourd.txt.json`]);
    const failure = FailureRecordSchema.parse(JSON.parse(written.values().next().value ?? ""));
    expect(failure).toMatchObject({
      stage: "clean",
      code: "TOO_LARGE",
      source: { key: KEY, bytes: OVERSIZED_BYTES, etag: ETAG },
    });
    expect(failure.reason).toContain(`${OVERSIZED_BYTES} bytes`);
    expect(failure.reason).toContain(`${DEFAULT_MAX_OBJECT_BYTES} bytes`);
    // and the body was closed unread: nothing buffered, no clean/ document, nothing to bill
    expect(stream.pulled()).toBe(0);
    expect(stream.body.destroyed).toBe(true);
  });
});
