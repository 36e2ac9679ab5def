import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ArticleStore } from "../../functions/adapters/aws/s3-store.js";
import { LOCAL_BUCKET, LocalS3Server } from "../../functions/cli/local-s3-server.js";
import { PreconditionFailedError } from "../../functions/core/errors.js";
import type { ArticleStore, StoredObject } from "../../functions/core/ports.js";
import { bandsOf, signatureOf } from "../../functions/core/story/story-grouping.js";
import {
  bandKey,
  joinStory,
  memberKey,
  STORY_BANDS_PREFIX,
} from "../../functions/core/story/story-index.js";

const STORES: [string, (server: LocalS3Server) => ArticleStore][] = [
  ["over the S3 wire", (server) => new S3ArticleStore(server.client(), LOCAL_BUCKET)],
  ["from inside its process (DirectArticleStore)", (server) => server.directStore()],
];

describe.each(STORES)(
  "the embedded S3 server honours S3 conditional writes (If-Match / If-None-Match), %s",
  (_, storeOf) => {
    let server: LocalS3Server;
    let store: ArticleStore;

    beforeAll(async () => {
      server = await LocalS3Server.start();
      store = storeOf(server);
    });
    afterAll(async () => {
      await server.close();
    });

    it("If-None-Match: * creates once, then refuses", async () => {
      await store.put("stories/a.json", "one", { ifNoneMatch: "*" });
      await expect(store.put("stories/a.json", "two", { ifNoneMatch: "*" })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(new TextDecoder().decode((await store.get("stories/a.json"))?.bytes)).toBe("one");
    });

    it("If-Match writes over the ETag it names, and refuses a stale one or a missing object", async () => {
      await store.put("stories/b.json", "v1");
      const v1 = (await store.head("stories/b.json"))?.etag ?? "";
      await store.put("stories/b.json", "v2", { ifMatch: v1 });
      await expect(store.put("stories/b.json", "v3", { ifMatch: v1 })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      await expect(store.put("stories/none.json", "x", { ifMatch: v1 })).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(new TextDecoder().decode((await store.get("stories/b.json"))?.bytes)).toBe("v2");
      // Unconditional writes are untouched
      await store.put("stories/b.json", "v4");
      expect(new TextDecoder().decode((await store.get("stories/b.json"))?.bytes)).toBe("v4");
    });

    it("lets only one of two simultaneous conditional creates win", async () => {
      const results = await Promise.allSettled([
        store.put("stories/race.json", "left", { ifNoneMatch: "*" }),
        store.put("stories/race.json", "right", { ifNoneMatch: "*" }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    });

    it("two concurrent writers of the story index: the losers retry, no member is lost", async () => {
      const lost: string[] = [];
      const writer: ArticleStore = {
        get: (key, options): Promise<StoredObject | undefined> => store.get(key, options),
        head: (key) => store.head(key),
        delete: (key) => store.delete(key),
        put: async (key, body, options) => {
          try {
            await store.put(key, body, options);
          } catch (error) {
            if (error instanceof PreconditionFailedError) lost.push(key);
            throw error;
          }
        },
      };
      // The same text under two keys: the same 16 band objects, written by both at once.
      const text =
        "La Russie et la Turquie vont poursuivre leur coopération militaire en mer Noire";
      const member = (key: string) => ({
        key,
        sha256: "f".repeat(64),
        signature: signatureOf(text),
      });
      await Promise.all([
        joinStory(writer, member("incoming/a.txt")),
        joinStory(writer, member("incoming/b.txt")),
      ]);

      expect(lost.length).toBeGreaterThan(0);
      expect(lost.every((key) => key.startsWith(STORY_BANDS_PREFIX))).toBe(true);
      for (const band of bandsOf(signatureOf(text))) {
        const object = await store.get(bandKey(band));
        const members = JSON.parse(new TextDecoder().decode(object?.bytes)).members;
        expect(members.map((m: { key: string }) => m.key)).toEqual([
          "incoming/a.txt",
          "incoming/b.txt",
        ]);
      }
      // Whichever wrote a band second saw the other: the link is in both member objects.
      const links = async (key: string) =>
        JSON.parse(new TextDecoder().decode((await store.get(memberKey(key)))?.bytes)).links;
      expect(await links("incoming/a.txt")).toEqual(["incoming/b.txt"]);
      expect(await links("incoming/b.txt")).toEqual(["incoming/a.txt"]);
    });
  },
);

describe("DirectArticleStore and the S3 wire see the same objects", () => {
  it("what one writes the other reads, with the same ETag, type, size and metadata", async () => {
    const server = await LocalS3Server.start();
    try {
      const wire = new S3ArticleStore(server.client(), LOCAL_BUCKET);
      const direct = server.directStore();
      await direct.put("cache/a.json", '{"a":1}', {
        contentType: "application/json",
        metadata: { "source-etag": "abc" },
      });
      await wire.put("cache/b.json", "bee", { contentType: "text/plain" });
      for (const key of ["cache/a.json", "cache/b.json"]) {
        const [w, d] = [await wire.get(key), await direct.get(key)];
        expect(d).toEqual(w);
        expect(await direct.head(key)).toEqual(await wire.head(key));
      }
      expect((await wire.head("cache/a.json"))?.metadata).toEqual({ "source-etag": "abc" });
      await direct.delete("cache/b.json");
      expect(await wire.get("cache/b.json")).toBeUndefined();
      expect(await direct.get("cache/b.json")).toBeUndefined();
      await expect(direct.get("cache/a.json", { maxBytes: 3 })).rejects.toMatchObject({
        code: "TOO_LARGE",
      });
    } finally {
      await server.close();
    }
  });
});
