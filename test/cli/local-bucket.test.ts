import type { S3Event, S3EventRecord } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { S3ArticleStore } from "../../functions/adapters/aws/s3-store.js";
import { LOCAL_BUCKET, LocalBucket } from "../../functions/cli/local-bucket.js";
import { LocalS3Server } from "../../functions/cli/local-s3-server.js";
import { PreconditionFailedError } from "../../functions/core/errors.js";
import type { ArticleStore } from "../../functions/core/ports.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Every record the bucket notifies, and what the store answered for its key at that moment. */
function recorder(bucket: { onEvent(listener: (event: S3Event) => void): void }) {
  const records: S3EventRecord[] = [];
  bucket.onEvent((event) => records.push(...event.Records));
  return records;
}

describe("the local bucket without a server", () => {
  it("notifies each write with the key, size and ETag a reader then finds, and each delete", async () => {
    const bucket = await LocalBucket.open();
    closers.push(() => bucket.close());
    const store = bucket.store();
    const seen: { key: string; etag: string | undefined; bytes: string | undefined }[] = [];
    // A reader woken by the notification finds the version it announces.
    bucket.onEvent((event) => {
      for (const record of event.Records) {
        const key = record.s3.object.key;
        void store.get(key).then((object) => {
          seen.push({
            key,
            etag: object?.etag,
            bytes: object && new TextDecoder().decode(object.bytes),
          });
        });
      }
    });
    const records = recorder(bucket);

    await store.put("incoming/l'été à Paris.txt", "Bonjour", { contentType: "text/plain" });
    await store.put("clean/a.json", "{}");
    await store.delete("clean/a.json");
    await expect(store.put("clean/b.json", "x", { ifMatch: "nope" })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(records.map((r) => [r.eventName, r.s3.object.key])).toEqual([
      ["ObjectCreated:Put", "incoming/l'été à Paris.txt"],
      ["ObjectCreated:Put", "clean/a.json"],
      ["ObjectRemoved:Delete", "clean/a.json"],
    ]);
    const [first] = records as [S3EventRecord];
    expect(first.eventSource).toBe("aws:s3");
    expect(first.s3.bucket.name).toBe(LOCAL_BUCKET);
    expect(first.s3.object.size).toBe(Buffer.byteLength("Bonjour"));
    expect(first.s3.object.eTag).toBe((await store.head("incoming/l'été à Paris.txt"))?.etag);
    expect(seen[0]).toEqual({
      key: "incoming/l'été à Paris.txt",
      etag: first.s3.object.eTag,
      bytes: "Bonjour",
    });
    // Sequencers grow with each change of the bucket.
    const sequencers = records.map((r) => r.s3.object.sequencer);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(sequencers.length);
  });

  it("lists keys under a prefix, in key order, without temporary write files", async () => {
    const bucket = await LocalBucket.open();
    closers.push(() => bucket.close());
    const store = bucket.store();
    for (const key of ["clean/b.json", "clean/a.json", "english/a.json", "clean/sub/c.json"]) {
      await store.put(key, key);
    }
    expect(await bucket.listKeys("clean/")).toEqual([
      "clean/a.json",
      "clean/b.json",
      "clean/sub/c.json",
    ]);
    expect(await bucket.listKeys("")).toHaveLength(4);
  });
});

describe("the same bucket behind the S3 server", () => {
  it("notifies a client's PUT like a write from inside: same key, size and ETag for the same bytes", async () => {
    const server = await LocalS3Server.start();
    const client = server.client();
    closers.push(async () => {
      client.destroy();
      await server.close();
    });
    const records = recorder(server);
    const wire: ArticleStore = new S3ArticleStore(client, LOCAL_BUCKET);
    const inside = server.directStore();
    const bytes = "Le Conseil d'État a rendu sa décision mercredi.";
    await wire.put("incoming/wire é.txt", bytes);
    await inside.put("incoming/inside é.txt", bytes);

    const created = records.filter((r) => r.eventName === "ObjectCreated:Put");
    expect(created.map((r) => r.s3.object.key)).toEqual([
      "incoming/wire é.txt",
      "incoming/inside é.txt",
    ]);
    const [overWire, fromInside] = created as [S3EventRecord, S3EventRecord];
    expect(fromInside.s3.object.size).toBe(overWire.s3.object.size);
    expect(fromInside.s3.object.eTag).toBe(overWire.s3.object.eTag);
    expect(overWire.s3.object.eTag).toBe((await wire.head("incoming/wire é.txt"))?.etag);
    expect(fromInside.s3.bucket.name).toBe(overWire.s3.bucket.name);
  });
});
