import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keysFor } from "../../../functions/core/keys.js";
import { serialize } from "../../../functions/core/serialize.js";
import {
  assignStories,
  SAME_STORY_MIN_SIMILARITY,
  type StoryAssignment,
  type StoryMember,
  signatureOf,
  similarity,
} from "../../../functions/core/story/story-grouping.js";
import { joinStory, STORY_INDEX_KEY } from "../../../functions/core/story/story-index.js";
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

  it("changes nothing on re-delivery: same story, no write", async () => {
    const store = new InMemoryArticleStore();
    for (const m of members) await analyse(store, m);
    const index = await store.get(STORY_INDEX_KEY);
    const puts = store.puts;
    const again = await joinStory(store, members[1] as StoryMember);
    expect(store.puts).toBe(puts);
    expect((await store.get(STORY_INDEX_KEY))?.etag).toBe(index?.etag);
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

  it("loses no member when two runs race: the conditional write makes the loser retry", async () => {
    // Both runs read the empty index before either writes
    const store = new InMemoryArticleStore();
    let reads = 0;
    let release: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const racing = Object.assign(Object.create(store), {
      async get(key: string) {
        const object = await store.get(key);
        if (key === STORY_INDEX_KEY && ++reads <= 2) {
          if (reads === 2) release();
          await bothRead;
        }
        return object;
      },
    }) as InMemoryArticleStore;

    await Promise.all([
      joinStory(racing, members[0] as StoryMember),
      joinStory(racing, members[3] as StoryMember),
    ]);

    const index = JSON.parse(new TextDecoder().decode((await store.get(STORY_INDEX_KEY))?.bytes));
    expect(index.members.map((m: StoryMember) => m.key)).toEqual([
      byKey("000_26c99712ce6ead19"),
      byKey("003_8626bd346835ccc0"),
    ]);
    // Two first reads, then the loser's second read
    expect(reads).toBe(3);
  });
});
