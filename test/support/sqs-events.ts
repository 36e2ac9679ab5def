import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { ArticleStore } from "../../functions/core/ports.js";
import { encodeS3Key } from "../../functions/handlers/s3-event.js";
import batch from "../fixtures/events/clean-batch-3.json" with { type: "json" };

const TEMPLATE = batch.Records[0] as SQSRecord;

/**
 * The SQS message S3 sends for an object just written, built from the recorded fixture: the
 * key URL-encoded as S3 does, the object's current size and ETag, and a delivery count.
 */
export async function notificationFor(
  store: ArticleStore,
  bucket: string,
  key: string,
  receiveCount = 1,
): Promise<SQSRecord> {
  const object = await store.get(key);
  if (!object) throw new Error(`no object ${key}`);
  const s3Event = JSON.parse(TEMPLATE.body);
  s3Event.Records[0].s3.bucket.name = bucket;
  s3Event.Records[0].s3.object = {
    key: encodeS3Key(key),
    size: object.size,
    eTag: object.etag,
    sequencer: "0055AED6DCD90281E5",
  };
  return {
    ...TEMPLATE,
    messageId: `msg:${key}`,
    body: JSON.stringify(s3Event),
    attributes: { ...TEMPLATE.attributes, ApproximateReceiveCount: String(receiveCount) },
  };
}

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
