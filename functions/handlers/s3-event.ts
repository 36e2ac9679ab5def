import type { S3Event, SQSRecord } from "aws-lambda";

/** One S3 object notification, with the key decoded back to what the user named it. */
export interface ObjectEvent {
  readonly bucket: string;
  readonly key: string;
  /** Unquoted ETag of the version the notification is about (absent on delete events). */
  readonly etag: string | undefined;
  readonly size: number | undefined;
}

/**
 * S3 writes keys into notifications URL-encoded, with `+` for a space
 * (`incoming/caf%C3%A9+cr%C3%A8me.txt`). Decode exactly once: `+` first, then percent-escapes,
 * so a literal `+` (sent as `%2B`) survives.
 */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, " "));
}

/** The inverse, as S3 does it: used by the local runner to deliver real-shaped events. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

/**
 * The object events carried by one SQS message. S3 sends an `s3:TestEvent` when a notification
 * is configured; it carries no object and yields no event.
 */
export function objectEventsOf(record: SQSRecord): ObjectEvent[] {
  const body: unknown = JSON.parse(record.body);
  if (isTestEvent(body)) return [];
  const records = (body as Partial<S3Event>).Records;
  if (!Array.isArray(records)) {
    throw new Error(`SQS message ${record.messageId} does not carry an S3 notification`);
  }
  return records.map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeS3Key(r.s3.object.key),
    etag: r.s3.object.eTag?.replace(/"/g, ""),
    size: r.s3.object.size,
  }));
}

function isTestEvent(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    (body as { Event?: unknown }).Event === "s3:TestEvent"
  );
}

/** How many times SQS has delivered this message, 1 on the first delivery. */
export function receiveCountOf(record: SQSRecord): number {
  const count = Number.parseInt(record.attributes?.ApproximateReceiveCount ?? "1", 10);
  return Number.isFinite(count) && count > 0 ? count : 1;
}
