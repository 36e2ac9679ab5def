import { describe, expect, it } from "vitest";
import { StoryTurns } from "../../functions/cli/story-turns.js";
import { InMemoryArticleStore } from "../fakes/in-memory-store.js";

const ticks = async (n: number) => {
  for (let i = 0; i < n; i += 1) await Promise.resolve();
};

describe("StoryTurns: one article at a time from its story step to its own document", () => {
  it("never lets two deliveries between a story read and their document write", async () => {
    const store = new InMemoryArticleStore();
    const turns = new StoryTurns();
    const stories = turns.stories(store);
    const documents = turns.documents(store);
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const delivery = (name: string, before: number) =>
      turns.delivery(async () => {
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
    await Promise.all([delivery("one", 4), delivery("two", 0), delivery("three", 2)]);
    expect(most).toBe(1);
    // In the order they reached the story step.
    expect(order).toEqual(["two", "three", "one"]);
    expect(store.keys("enriched/")).toHaveLength(3);
  });

  it("a delivery that fails before its document gives the turn back", async () => {
    const store = new InMemoryArticleStore();
    const turns = new StoryTurns();
    const stories = turns.stories(store);
    const failing = turns.delivery(async () => {
      await stories.get("stories/a.json");
      throw new Error("analysis failed");
    });
    const next = turns.delivery(async () => {
      await stories.get("stories/a.json");
      return "joined";
    });
    await expect(failing).rejects.toThrow("analysis failed");
    expect(await next).toBe("joined");
  });

  it("writes of other articles' documents (re-stamps) do not end the turn", async () => {
    const store = new InMemoryArticleStore();
    const turns = new StoryTurns();
    const stories = turns.stories(store);
    const documents = turns.documents(store);
    const events: string[] = [];
    const first = turns.delivery(async () => {
      await stories.get("stories/a.json");
      await stories.put("enriched/other.json", "{}"); // a re-stamp goes through the index store
      await ticks(5);
      events.push("first done");
      await documents.put("enriched/first.json", "{}");
    });
    const second = turns.delivery(async () => {
      await ticks(1);
      await stories.get("stories/a.json");
      events.push("second joined");
    });
    await Promise.all([first, second]);
    expect(events).toEqual(["first done", "second joined"]);
  });
});
