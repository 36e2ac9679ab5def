import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { decodeS3Key, encodeS3Key, objectEventsOf } from "../../functions/handlers/s3-event.js";
import batch from "../fixtures/events/clean-batch-3.json" with { type: "json" };
import testEvent from "../fixtures/events/s3-test-event.json" with { type: "json" };

describe("decodeS3Key", () => {
  it.each([
    ["incoming/plain.txt", "incoming/plain.txt"],
    ["incoming/revue+de+presse.txt", "incoming/revue de presse.txt"],
    ["incoming/a%2Bb.txt", "incoming/a+b.txt"],
    ["incoming/100%25.txt", "incoming/100%.txt"],
    ["incoming/Poutine+%C3%A0+Sotchi.txt", "incoming/Poutine à Sotchi.txt"],
    ["incoming/d%C3%A9p%C3%AAche/2026/11/a.html", "incoming/dépêche/2026/11/a.html"],
  ])("decodes %s as %s", (encoded, decoded) => {
    expect(decodeS3Key(encoded)).toBe(decoded);
  });

  it.each([
    "incoming/a b+c%d.txt",
    "incoming/Émirats arabes unis — l’accord.txt",
    "incoming/deep/er/still/deeper/x (1).html",
  ])("round-trips %s through S3's encoding", (key) => {
    expect(decodeS3Key(encodeS3Key(key))).toBe(key);
  });
});

describe("objectEventsOf", () => {
  it("reads bucket, decoded key, ETag and size from a real-shaped SQS record", () => {
    const events = objectEventsOf(batch.Records[1] as SQSRecord);
    expect(events).toEqual([
      {
        bucket: "depeche-articles",
        key: "incoming/revue de presse/Poutine à Sotchi +1.txt",
        etag: expect.stringMatching(/^[0-9a-f]{32}$/),
        size: expect.any(Number),
      },
    ]);
  });

  it("yields nothing for the s3:TestEvent S3 sends when notifications are configured", () => {
    expect(objectEventsOf(testEvent.Records[0] as SQSRecord)).toEqual([]);
  });

  it("refuses a message that is not an S3 notification", () => {
    const record = { ...(batch.Records[0] as SQSRecord), body: '{"hello":"world"}' };
    expect(() => objectEventsOf(record)).toThrow(/does not carry an S3 notification/);
  });
});
