import { describe, expect, it } from "vitest";
import { mapBounded } from "../../functions/core/bounded-map.js";

describe("mapBounded", () => {
  it("keeps input order and never runs more than the limit at once", async () => {
    let running = 0;
    let maxRunning = 0;
    const started: number[] = [];
    const results = await mapBounded([30, 5, 20, 1, 10, 2], 3, async (ms, i) => {
      started.push(i);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 40, 2, 20, 4]);
    expect(maxRunning).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("is a plain loop with limit 1", async () => {
    const log: string[] = [];
    await mapBounded(["a", "b"], 1, async (x) => {
      log.push(`start ${x}`);
      await Promise.resolve();
      log.push(`end ${x}`);
    });
    expect(log).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("rejects with the first failure after the calls in flight settled, starting no more", async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapBounded([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await new Promise((resolve) => setTimeout(resolve, i === 0 ? 1 : 10));
      settled += 1;
      if (i === 0) throw new Error("first failed");
      return i;
    });
    await expect(run).rejects.toThrow("first failed");
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(2);
  });

  it("refuses a limit below 1", async () => {
    await expect(mapBounded([1], 0, async (x) => x)).rejects.toThrow(RangeError);
  });
});
