import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CopyObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ArticleStore } from "../../functions/adapters/aws/s3-store.js";
import { LOCAL_BUCKET, LocalS3Server } from "../../functions/cli/local-s3-server.js";

/** Large enough that writing it takes several chunks of the file system's queue. */
const BODY_BYTES = 1_500_000;

/** A JSON document of `BODY_BYTES` whose every byte says which version it is. */
function version(letter: string): string {
  return JSON.stringify({ v: letter.repeat(BODY_BYTES) });
}

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

describe("the embedded S3 server replaces an object in one step, as S3 does", () => {
  let server: LocalS3Server;
  let store: S3ArticleStore;

  beforeAll(async () => {
    server = await LocalS3Server.start();
    store = new S3ArticleStore(server.client(), LOCAL_BUCKET);
  });
  afterAll(async () => {
    await server.close();
  });

  it("a read that overlaps writes of the same key gets one whole version and its ETag", async () => {
    const versions = ["a", "b", "c", "d"].map(version);
    const key = "stories/overlap.json";
    await store.put(key, versions[0] as string);
    const seen: string[] = [];
    const reads = async () => {
      for (let i = 0; i < 12; i += 1) {
        const object = await store.get(key);
        const text = new TextDecoder().decode(object?.bytes);
        // Parses (not a truncated or mixed file), is one of the versions, with that one's ETag.
        const letter = (JSON.parse(text) as { v: string }).v[0] ?? "";
        expect(text).toBe(version(letter));
        expect(object?.etag).toBe(md5(object?.bytes ?? new Uint8Array()));
        seen.push(letter);
      }
    };
    const writes = async () => {
      for (let i = 0; i < 12; i += 1) await store.put(key, versions[i % versions.length] as string);
    };
    await Promise.all([writes(), reads(), reads(), reads()]);
    expect(seen).toHaveLength(36);
  });

  it("a read right after a write gets the bytes written", async () => {
    for (const letter of ["e", "f", "g"]) {
      await store.put("stories/after.json", version(letter));
      const object = await store.get("stories/after.json");
      expect(new TextDecoder().decode(object?.bytes)).toBe(version(letter));
    }
  });

  it("a copy made by the server itself is found, though the bucket started empty", async () => {
    // A temporary bucket answers "no such key" for keys this process never wrote without
    // looking at files; s3rver writes a copy's files itself, so those are read.
    const client = server.client();
    await store.put("clean/original.json", '{"v":1}', { metadata: { "source-etag": "abc" } });
    await client.send(
      new CopyObjectCommand({
        Bucket: LOCAL_BUCKET,
        Key: "clean/copy.json",
        CopySource: `${LOCAL_BUCKET}/clean/original.json`,
      }),
    );
    const copy = await store.get("clean/copy.json");
    expect(new TextDecoder().decode(copy?.bytes)).toBe('{"v":1}');
    expect((await store.head("clean/copy.json"))?.metadata).toEqual({ "source-etag": "abc" });
    expect(await store.head("clean/never-written.json")).toBeUndefined();
    client.destroy();
  });

  it("leaves no temporary file behind, and the listing shows only the objects", async () => {
    await store.put("enriched/x.json", "{}");
    const folder = join(server.directory, LOCAL_BUCKET, "stories");
    expect((await readdir(folder)).filter((name) => name.endsWith(".partial"))).toEqual([]);
    expect((await readdir(folder)).filter((name) => name.endsWith("._S3rver_object"))).toEqual([
      "after.json._S3rver_object",
      "overlap.json._S3rver_object",
    ]);
  });
});

describe("what the embedded server answers from memory is what its files say", () => {
  it("a server started again on the same folder serves the same objects, ETags and types", async () => {
    const directory = await mkdtemp(join(tmpdir(), "depeche-s3-files-"));
    try {
      const first = await LocalS3Server.start({ storeDirectory: directory });
      const one = new S3ArticleStore(first.client(), LOCAL_BUCKET);
      await one.put("enriched/a.json", '{"a":1}', { contentType: "application/json" });
      await one.put("enriched/b.json", "old");
      await one.put("enriched/b.json", "new");
      await one.put("failed/c.json", "{}");
      await one.delete("failed/c.json");
      await one.delete("failed/never.json");
      const before = {
        a: await one.get("enriched/a.json"),
        b: await one.head("enriched/b.json"),
        c: await one.head("failed/c.json"),
      };
      await first.close();

      const second = await LocalS3Server.start({ storeDirectory: directory });
      const two = new S3ArticleStore(second.client(), LOCAL_BUCKET);
      const a = await two.get("enriched/a.json");
      expect(new TextDecoder().decode(a?.bytes)).toBe('{"a":1}');
      expect(a?.etag).toBe(before.a?.etag);
      expect(a?.contentType).toBe("application/json");
      expect(before.a?.contentType).toBe("application/json");
      expect(await two.head("enriched/b.json")).toEqual(before.b);
      expect(before.b).toMatchObject({ etag: md5(new TextEncoder().encode("new")), size: 3 });
      expect(before.c).toBeUndefined();
      expect(await two.head("failed/c.json")).toBeUndefined();
      await second.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
