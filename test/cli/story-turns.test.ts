import { describe, expect, it } from "vitest";
import { StoryTurns } from "../../functions/cli/story-turns.js";
import { InMemoryArticleStore } from "../fakes/in-memory-store.js";

const ticks = async (n: number) => {
  for (let i = 0; i < n; i += 1) await Promise.resolve();
};

/** Runs `work` as one delivery with its own turn, ended when the delivery is over. */
async function delivery(
  turns: StoryTurns,
  store: InMemoryArticleStore,
  work: (stores: {
    stories: ReturnType<ReturnType<StoryTurns["open"]>["stories"]>;
    documents: ReturnType<ReturnType<StoryTurns["open"]>["documents"]>;
  }) => Promise<unknown>,
): Promise<unknown> {
  const turn = turns.open();
  try {
    return await work({ stories: turn.stories(store), documents: turn.documents(store) });
  } finally {
    turn.end();
  }
}

describe("StoryTurns: one article at a time from its story step to its own document", () => {
  it("never lets two deliveries between a story read and their document write", async () => {
    const store = new InMemoryArticleStore();
    const turns = new StoryTurns();
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const article = (name: string, before: number) =>
      delivery(turns, store, async ({ stories, documents }) => {
        await ticks(before); // analysis, concurrent
        // Parallel index calls of one delivery share its turn.
        await Promise.all([stories.get("stories/a.json"), stories.get("stories/b.json")]);
        inside += 1;
        most = Math.max(most, inside);
        order.push(name);
        await stories.put(`stories/${name}.json`, "{}");
        await ticks(5);
        inside -= 1;
        await documents.put(`enriched/${name}.json`, "{}");
        await ticks(3); // after its document: the next one may go
      });
    await Promise.all([article("one", 4), article("two", 0), article("three", 2)]);
    expect(most).toBe(1);
    // In the order they reached the story step.
    expect(order).toEqual(["two", "three", "one"]);
    expect(store.keys("enriched/")).toHaveLength(3);
  });

  it("a delivery that fails before its document gives the turn back", async () => {
    const store = new InMemoryArticleStore();
    const turns = new StoryTurns();
    const failing = delivery(turns, store, async ({ stories }) => {
      await stories.get("stories/a.json");
      throw new Error("analysis failed");
    });
    const next = delivery(turns, store, async ({ stories }) => {
      await stories.get("stories/a.json");
      return "joined";
    });
    await expect(failing).rejects.toThrow("analysis failed");
    expect(await next).toBe("joined");
  });

  it("a place given up while waiting does not let the next delivery overtake", async () => {
    const store = new InMemoryArticleStore();
    const turns = new StoryTurns();
    const events: string[] = [];
    const first = delivery(turns, store, async ({ stories, documents }) => {
      await stories.get("stories/a.json");
      await ticks(10);
      events.push("first done");
      await documents.put("enriched/first.json", "{}");
    });
    const quitter = turns.open();
    const waiting = quitter.stories(store).get("stories/a.json");
    quitter.end(); // gives up before its turn came
    const third = delivery(turns, store, async ({ stories }) => {
      await stories.get("stories/a.json");
      events.push("third joined");
    });
    await Promise.all([first, waiting, third]);
    expect(events).toEqual(["first done", "third joined"]);
  });

  it("writes of other articles' documents (re-stamps) do not end the turn", async () => {
    const store = new InMemoryArticleStore();
    const turns = new StoryTurns();
    const events: string[] = [];
    const first = delivery(turns, store, async ({ stories, documents }) => {
      await stories.get("stories/a.json");
      await stories.put("enriched/other.json", "{}"); // a re-stamp goes through the index store
      await ticks(5);
      events.push("first done");
      await documents.put("enriched/first.json", "{}");
    });
    const second = delivery(turns, store, async ({ stories }) => {
      await ticks(1);
      await stories.get("stories/a.json");
      events.push("second joined");
    });
    await Promise.all([first, second]);
    expect(events).toEqual(["first done", "second joined"]);
  });
});
