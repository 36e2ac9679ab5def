import { describe, expect, it } from "vitest";
import { OrderedTranslationCache } from "../../functions/cli/ordered-translation-cache.js";
import type { TranslationCache } from "../../functions/core/translate/translation-cache.js";

/** A store-backed cache stand-in that records every read and write. */
function recordingCache(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const reads: string[] = [];
  const writes: string[] = [];
  const cache: TranslationCache = {
    async get(key) {
      reads.push(key);
      await Promise.resolve();
      return values.get(key);
    },
    async put(key, value) {
      writes.push(key);
      values.set(key, value);
    },
  };
  return { cache, reads, writes, values };
}

/** Something to await: resolves when `release` is called. */
function gate() {
  let release: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { opened, release };
}

/** Lets every pending callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("OrderedTranslationCache", () => {
  it("gives a later turn the earlier turn's translation as a hit while it is still being made", async () => {
    const backing = recordingCache();
    const cache = new OrderedTranslationCache(backing.cache);
    const translating = gate();
    const first = cache.inTurn(async () => {
      const [cached] = await cache.getMany(["title"]);
      await translating.opened; // Apertium at work
      await cache.put("title", "The title");
      return cached;
    });
    const second = cache.inTurn(() => cache.getMany(["title", "other"]));
    await settle();
    translating.release();

    expect(await first).toBeUndefined();
    expect(await second).toEqual(["The title", undefined]);
    // One store read per key: the second turn did not ask the store for "title".
    expect(backing.reads).toEqual(["title", "other"]);
    expect(backing.writes).toEqual(["title"]);
    expect(backing.values.get("title")).toBe("The title");
  });

  it("answers in turn order even when the later turn asks first", async () => {
    const cache = new OrderedTranslationCache(recordingCache().cache);
    const firstMayAsk = gate();
    const first = cache.inTurn(async () => {
      await firstMayAsk.opened; // e.g. a slow read of its input document
      const answer = await cache.getMany(["k"]);
      await cache.put("k", "from first");
      return answer;
    });
    const second = cache.inTurn(() => cache.getMany(["k"]));
    await settle();
    firstMayAsk.release();

    // As one after the other: the first misses and translates, the second gets its answer.
    expect(await first).toEqual([undefined]);
    expect(await second).toEqual(["from first"]);
  });

  it("does not hold a later turn back once the earlier one has looked up", async () => {
    const cache = new OrderedTranslationCache(recordingCache().cache);
    const never = gate();
    void cache.inTurn(async () => {
      await cache.getMany(["a"]);
      await never.opened; // a long translation of an unrelated key
    });
    const second = cache.inTurn(() => cache.getMany(["b"]));
    expect(await second).toEqual([undefined]);
    never.release();
  });

  it("hands a key over to the next waiting turn alone when its owner ends without writing", async () => {
    const backing = recordingCache();
    const cache = new OrderedTranslationCache(backing.cache);
    const failing = gate();
    const owner = cache.inTurn(async () => {
      await cache.getMany(["k"]);
      await failing.opened;
      throw new Error("Apertium pipeline failed");
    });
    const secondTranslates = gate();
    const second = cache.inTurn(async () => {
      const answer = await cache.getMany(["k"]);
      await secondTranslates.opened;
      await cache.put("k", "from second");
      return answer;
    });
    const third = cache.inTurn(() => cache.getMany(["k"]));
    await settle();
    failing.release();
    await expect(owner).rejects.toThrow("Apertium pipeline failed");
    await settle();
    secondTranslates.release();

    // After a failed article the next one translates the paragraph; the one after reads it.
    expect(await second).toEqual([undefined]);
    expect(await third).toEqual(["from second"]);
    expect(backing.writes).toEqual(["k"]);
  });

  it("answers from the store what an earlier run wrote, and from memory afterwards", async () => {
    const backing = recordingCache({ k: "stored" });
    const cache = new OrderedTranslationCache(backing.cache);
    expect(await cache.inTurn(() => cache.getMany(["k"]))).toEqual(["stored"]);
    expect(await cache.inTurn(() => cache.getMany(["k"]))).toEqual(["stored"]);
    expect(backing.reads).toEqual(["k"]);
  });

  it("forgets the least recently used translations beyond its bound and reads them again", async () => {
    const backing = recordingCache();
    const cache = new OrderedTranslationCache(backing.cache, { maxMemoryEntries: 2 });
    for (const key of ["a", "b", "c"]) await cache.put(key, key.toUpperCase());
    expect(await cache.getMany(["b", "c", "a"])).toEqual(["B", "C", "A"]);
    // "a" was evicted when "c" arrived: only it went back to the store.
    expect(backing.reads).toEqual(["a"]);
  });

  it("does not ask a store it knows to be empty, until it has forgotten something", async () => {
    const backing = recordingCache();
    const cache = new OrderedTranslationCache(backing.cache, {
      maxMemoryEntries: 2,
      storeStartsEmpty: true,
    });
    expect(await cache.getMany(["a", "b"])).toEqual([undefined, undefined]);
    expect(backing.reads).toEqual([]);
    for (const key of ["a", "b", "c"]) await cache.put(key, key.toUpperCase());
    expect(backing.writes).toEqual(["a", "b", "c"]);
    // "a" is no longer in memory but is in the store: from now on the store is asked.
    expect(await cache.getMany(["a", "d"])).toEqual(["A", undefined]);
    expect(backing.reads).toEqual(["a", "d"]);
  });
});
