import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ArticleStore } from "../../functions/adapters/aws/s3-store.js";
import { LOCAL_BUCKET, LocalS3Server } from "../../functions/cli/local-s3-server.js";
import { PreconditionFailedError } from "../../functions/core/errors.js";
import type { ArticleStore, StoredObject } from "../../functions/core/ports.js";
import { signatureOf } from "../../functions/core/story/story-grouping.js";
import { joinStory, STORY_INDEX_KEY } from "../../functions/core/story/story-index.js";

describe("the embedded S3 server honours S3 conditional writes (If-Match / If-None-Match)", () => {
  let server: LocalS3Server;
  let store: S3ArticleStore;

  beforeAll(async () => {
    server = await LocalS3Server.start();
    store = new S3ArticleStore(server.client(), LOCAL_BUCKET);
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

  it("two concurrent writers of the story index: one retries, no member is lost", async () => {
    // Both writers read the (absent) index before either writes
    let reads = 0;
    let release: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const lost: string[] = [];
    const writer = (): ArticleStore => ({
      get: async (key, options): Promise<StoredObject | undefined> => {
        const object = await store.get(key, options);
        if (key === STORY_INDEX_KEY && ++reads <= 2) {
          if (reads === 2) release();
          await bothRead;
        }
        return object;
      },
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
    });
    const member = (key: string, text: string) => ({
      key,
      sha256: "f".repeat(64),
      signature: signatureOf(text),
    });

    await Promise.all([
      joinStory(
        writer(),
        member(
          "incoming/a.txt",
          "La Russie et la Turquie vont poursuivre leur coopération militaire",
        ),
      ),
      joinStory(
        writer(),
        member("incoming/b.txt", "Le PDG de Baykar a déclaré que la société ne livrerait rien"),
      ),
    ]);

    expect(lost).toEqual([STORY_INDEX_KEY]);
    const index = JSON.parse(new TextDecoder().decode((await store.get(STORY_INDEX_KEY))?.bytes));
    expect(index.members.map((m: { key: string }) => m.key)).toEqual([
      "incoming/a.txt",
      "incoming/b.txt",
    ]);
  });
});
