import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PreconditionFailedError } from "../../../functions/core/errors.js";
import { keysFor } from "../../../functions/core/keys.js";
import type { ArticleStore, WriteOptions } from "../../../functions/core/ports.js";
import { serialize } from "../../../functions/core/serialize.js";
import {
  assignStories,
  bandsOf,
  SAME_STORY_MIN_SIMILARITY,
  STORY_BANDS,
  type StoryAssignment,
  type StoryMember,
  signatureOf,
  similarity,
} from "../../../functions/core/story/story-grouping.js";
import { bandKey, joinStory, memberKey } from "../../../functions/core/story/story-index.js";
import { InMemoryArticleStore } from "../../fakes/in-memory-store.js";

const GOLD = fileURLToPath(new URL("../../fixtures/gold/", import.meta.url));
const SEEDS = [
  "000_26c99712ce6ead19",
  "001_51d2232ddbd615fb",
  "002_7551a0c5d4c95c3c",
  "003_8626bd346835ccc0",
  "004_c0c2a675c781d31b",
];

/** A seed as the analyze stage sees it: its source key, a content hash, its French text. */
function member(seed: string): StoryMember {
  const gold = JSON.parse(readFileSync(join(GOLD, `${seed}.json`), "utf8")) as {
    title: string | null;
    paragraphs: string[];
  };
  const text = [gold.title ?? "", ...gold.paragraphs].join("\n\n");
  return {
    key: `incoming/${seed}.txt`,
    sha256: `${seed.slice(4)}${"0".repeat(48)}`,
    signature: signatureOf(text),
  };
}

const members = SEEDS.map(member);
const byKey = (seed: string) => `incoming/${seed}.txt`;

describe("same-story grouping on the seeds", () => {
  const stories = assignStories(members);
  const story = (seed: string) => stories.get(byKey(seed)) as StoryAssignment;

  it("groups 000 and 001 (one wire story, two outlets); 001 is the duplicate of 000", () => {
    expect(story("001_51d2232ddbd615fb").id).toBe(story("000_26c99712ce6ead19").id);
    expect(story("000_26c99712ce6ead19")).toMatchObject({
      duplicateOf: null,
      similarity: null,
    });
    expect(story("001_51d2232ddbd615fb").duplicateOf).toBe(byKey("000_26c99712ce6ead19"));
    expect(story("001_51d2232ddbd615fb").similarity).toBeGreaterThanOrEqual(
      SAME_STORY_MIN_SIMILARITY,
    );
  });

  it("keeps unrelated seeds out of 000's story (002 covers the event, but is its own text)", () => {
    const first = story("000_26c99712ce6ead19").id;
    for (const seed of ["002_7551a0c5d4c95c3c", "003_8626bd346835ccc0", "004_c0c2a675c781d31b"]) {
      expect(story(seed).id).not.toBe(first);
      expect(story(seed).duplicateOf).toBeNull();
    }
  });

  it("estimates similarity from the signatures: near 1 for the copy, near 0 for the others", () => {
    const [a, b, c] = members;
    expect(similarity(a?.signature ?? "", b?.signature ?? "")).toBeGreaterThan(0.8);
    expect(similarity(a?.signature ?? "", c?.signature ?? "")).toBeLessThan(0.2);
    expect(signatureOf("La Russie et la Turquie")).toBe(signatureOf("la russie, et LA TURQUIE !"));
  });
});

/** What the analyze stage does per article: join the story index, write its enriched document. */
async function analyse(store: InMemoryArticleStore, m: StoryMember): Promise<void> {
  const story = await joinStory(store, m);
  const name = m.key.slice("incoming/".length);
  await store.put(keysFor(name).enriched, serialize({ source: { key: m.key }, story }));
}

async function finalStories(store: InMemoryArticleStore): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const key of store.keys("enriched/")) {
    const object = await store.get(key);
    result[key] = JSON.parse(new TextDecoder().decode(object?.bytes)).story;
  }
  return result;
}

describe("the story index under stories/", () => {
  it("gives the same stories whatever the upload order (every permutation of the seeds)", async () => {
    const reference = new InMemoryArticleStore();
    for (const m of members) await analyse(reference, m);
    const expected = await finalStories(reference);
    expect(Object.keys(expected)).toHaveLength(SEEDS.length);

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(members, { minLength: members.length }),
        async (order) => {
          const store = new InMemoryArticleStore();
          for (const m of order) await analyse(store, m);
          expect(await finalStories(store)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("changes nothing on re-delivery: same story, no object changed", async () => {
    const store = new InMemoryArticleStore();
    for (const m of members) await analyse(store, m);
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          store.keys().map(async (key) => [key, (await store.head(key))?.etag] as const),
        ),
      );
    const before = await snapshot();
    const again = await joinStory(store, members[1] as StoryMember);
    expect(await snapshot()).toEqual(before);
    expect(again.duplicateOf).toBe(byKey("000_26c99712ce6ead19"));
  });

  it("re-stamps a document already written when an earlier key of its story arrives later", async () => {
    const store = new InMemoryArticleStore();
    await analyse(store, members[1] as StoryMember);
    const alone = (await finalStories(store))["enriched/001_51d2232ddbd615fb.txt.json"];
    expect(alone).toMatchObject({ duplicateOf: null });
    await analyse(store, members[0] as StoryMember);
    expect((await finalStories(store))["enriched/001_51d2232ddbd615fb.txt.json"]).toMatchObject({
      duplicateOf: byKey("000_26c99712ce6ead19"),
    });
  });

  it("keeps the re-stamped document's metadata (what the stage's already-done check reads)", async () => {
    const store = new InMemoryArticleStore();
    const metadata = { "source-etag": "abc", "producer-version": "1.2.3" };
    const later = members[1] as StoryMember;
    const key = keysFor(later.key.slice("incoming/".length)).enriched;
    await store.put(
      key,
      serialize({ source: { key: later.key }, story: await joinStory(store, later) }),
      {
        metadata,
      },
    );
    await analyse(store, members[0] as StoryMember);
    const doc = JSON.parse(new TextDecoder().decode((await store.get(key))?.bytes));
    expect(doc.story).toMatchObject({ duplicateOf: byKey("000_26c99712ce6ead19") });
    expect((await store.head(key))?.metadata).toEqual(metadata);
  });

  it("loses no member when runs race: every band and link holds every article", async () => {
    // Near-copies of one text under many keys, joined all at once, each store call delayed by
    // a random few ticks so that reads and conditional writes interleave.
    const base = new InMemoryArticleStore();
    let refused = 0;
    const racing = (seed: number): ArticleStore => {
      let state = seed;
      const pause = async () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        for (let i = 0; i < state % 5; i += 1) await Promise.resolve();
      };
      return {
        get: async (key, options) => {
          await pause();
          return base.get(key, options);
        },
        head: (key) => base.head(key),
        delete: (key) => base.delete(key),
        put: async (key, body, options) => {
          await pause();
          try {
            await base.put(key, body, options);
          } catch (error) {
            if (error instanceof PreconditionFailedError) refused += 1;
            throw error;
          }
        },
      };
    };
    const story = members[0] as StoryMember;
    const copies = Array.from({ length: 6 }, (_, i) => ({
      ...story,
      key: `incoming/copy-${i}.txt`,
    }));
    await Promise.all(copies.map((m, i) => joinStory(racing(i + 1), m)));

    expect(refused).toBeGreaterThan(0);
    for (const band of bandsOf(story.signature)) {
      const object = await base.get(bandKey(band));
      const inBand = JSON.parse(new TextDecoder().decode(object?.bytes)).members;
      expect(inBand.map((m: StoryMember) => m.key)).toEqual(copies.map((m) => m.key));
    }
    // Every pair linked, both ways: the group is whole whoever reads it.
    for (const m of copies) {
      const record = await base.get(memberKey(m.key));
      expect(JSON.parse(new TextDecoder().decode(record?.bytes)).links).toEqual(
        copies.map((c) => c.key).filter((key) => key !== m.key),
      );
    }
  });

  it("a re-uploaded key with other text leaves its old story; the member it left is re-stamped", async () => {
    const store = new InMemoryArticleStore();
    for (const m of members.slice(0, 2)) await analyse(store, m);
    const changed = {
      ...(members[0] as StoryMember),
      signature: (members[3] as StoryMember).signature,
      sha256: "9".repeat(64),
    };
    await analyse(store, changed);
    const stories = await finalStories(store);
    expect(stories["enriched/001_51d2232ddbd615fb.txt.json"]).toMatchObject({ duplicateOf: null });
    expect(stories).toEqual(
      Object.fromEntries(
        [...assignStories([changed, members[1] as StoryMember])].map(([key, story]) => [
          `enriched/${key.slice("incoming/".length)}.json`,
          story,
        ]),
      ),
    );
    for (const band of bandsOf((members[0] as StoryMember).signature)) {
      const object = await store.get(bandKey(band));
      const inBand = JSON.parse(new TextDecoder().decode(object?.bytes)).members;
      expect(inBand.map((m: StoryMember) => m.sha256)).not.toContain(
        (members[0] as StoryMember).sha256,
      );
    }
  });
});

/** Counts what one call costs the store: requests and bytes, both ways. */
class CountingStore implements ArticleStore {
  requests = 0;
  bytes = 0;
  constructor(private readonly inner: InMemoryArticleStore) {}
  async get(key: string) {
    this.requests += 1;
    const object = await this.inner.get(key);
    this.bytes += object?.size ?? 0;
    return object;
  }
  async head(key: string) {
    this.requests += 1;
    return this.inner.head(key);
  }
  async put(key: string, body: Uint8Array | string, options?: WriteOptions) {
    this.requests += 1;
    this.bytes += typeof body === "string" ? new TextEncoder().encode(body).length : body.length;
    return this.inner.put(key, body, options);
  }
  async delete(key: string) {
    this.requests += 1;
    return this.inner.delete(key);
  }
}

describe("the story index's cost per article does not grow with the bucket", () => {
  /** Articles of 40 random words from a 2,000-word vocabulary: unrelated to each other. */
  const article = (i: number): StoryMember => {
    let state = i + 1;
    const words = Array.from({ length: 40 }, () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return `mot${state % 2_000}`;
    });
    return {
      key: `incoming/a-${String(i).padStart(4, "0")}.txt`,
      sha256: `${i}`.padEnd(64, "0"),
      signature: signatureOf(words.join(" ")),
    };
  };

  it("a new article costs the same requests and bytes after 20 articles as after 400", async () => {
    const inner = new InMemoryArticleStore();
    const cost = async (m: StoryMember) => {
      const counting = new CountingStore(inner);
      await joinStory(counting, m);
      return { requests: counting.requests, bytes: counting.bytes };
    };
    for (let i = 0; i < 20; i += 1) await joinStory(inner, article(i));
    const early = await cost(article(20));
    for (let i = 21; i < 400; i += 1) await joinStory(inner, article(i));
    const late = await cost(article(400));
    // One member object and one object per band, each written once.
    expect(early.requests).toBe(STORY_BANDS + 1);
    expect(late).toEqual(early);
  });

  it("the stories from the index are assignStories' over all the articles (copies included)", async () => {
    const store = new InMemoryArticleStore();
    const all: StoryMember[] = [];
    for (let i = 0; i < 60; i += 1) {
      const m = article(i);
      all.push(m);
      // Every fifth article has a near-copy under a later key.
      if (i % 5 === 0) all.push({ ...m, key: m.key.replace("a-", "b-") });
    }
    for (const m of all) await analyse(store, m);
    const expected = Object.fromEntries(
      [...assignStories(all)].map(([key, story]) => [
        `enriched/${key.slice("incoming/".length)}.json`,
        story,
      ]),
    );
    expect(await finalStories(store)).toEqual(expected);
    expect(
      Object.values(expected).filter((story) => (story as StoryAssignment).duplicateOf !== null),
    ).toHaveLength(12);
  });
});
