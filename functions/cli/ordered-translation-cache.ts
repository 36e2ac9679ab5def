import { AsyncLocalStorage } from "node:async_hooks";
import type { TranslationCache } from "../core/translate/translation-cache.js";

/**
 * Translations kept in memory at most: ≈ 1 KB each (key and English paragraph), so ≈ 10 MB, a
 * few hundred articles' worth of distinct paragraphs. Beyond it the oldest are read from the
 * store again; a long-lived `depeche serve` stays bounded.
 */
export const DEFAULT_MAX_MEMORY_ENTRIES = 10_000;

/** One delivery of the translate queue: its place in line and the keys it must translate. */
interface Turn {
  readonly id: number;
  readonly claims: Set<string>;
}

/** A key some turn is looking up or translating; the turns after it wait for its answer. */
interface Claim {
  readonly owner: Turn | undefined;
  readonly settled: Promise<string | undefined>;
  readonly resolve: (value: string | undefined) => void;
}

type Entry = { readonly value: string } | { readonly claim: Claim };

/**
 * The local pipeline's translation cache: the store's cache (`storeTranslationCache`), with the
 * translations of this process kept in memory, and the translate deliveries ordered, so that
 * several articles can be translated at once and still get exactly the cache answers a
 * one-at-a-time run gives them.
 *
 * - Each delivery runs as a turn (`inTurn`), numbered in delivery order. A turn's lookups
 *   (`getMany`, one call per article) wait until every earlier turn has made its own or ended:
 *   lookups happen in delivery order, translations overlap.
 * - A key nobody holds is claimed by the first turn that asks; it reads the store, and on a
 *   miss translates it. Later turns asking for the same key wait for that translation and get
 *   it as a cache hit, as they would have once the earlier article had written it. If the
 *   owner ends without writing (its translation failed), the next waiting turn takes the key
 *   over and gets a miss, as it would have after a failed article.
 * - Writes go to memory (answering waiting turns at once) and to the store, unchanged.
 *
 * One article per turn: the local translate queue delivers batches of one, as the stack does.
 */
export class OrderedTranslationCache implements TranslationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly turns = new AsyncLocalStorage<Turn>();
  /** Turns that have neither looked up nor ended: a promise for when they do, and its trigger. */
  private readonly open = new Map<number, { done: Promise<void>; pass: () => void }>();
  private nextTurn = 0;
  private values = 0;
  private readonly maxMemoryEntries: number;
  /** True while the store holds nothing this memory does not: a memory miss is a store miss. */
  private memoryIsComplete: boolean;

  constructor(
    private readonly backing: TranslationCache,
    options: {
      readonly maxMemoryEntries?: number;
      /**
       * The store was created empty for this process (a run without `--store`): until the
       * memory forgets something, a key it does not hold is not in the store either, and the
       * store is not asked.
       */
      readonly storeStartsEmpty?: boolean;
    } = {},
  ) {
    this.maxMemoryEntries = options.maxMemoryEntries ?? DEFAULT_MAX_MEMORY_ENTRIES;
    this.memoryIsComplete = options.storeStartsEmpty ?? false;
  }

  /** Runs one delivery as the next turn. */
  async inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn: Turn = { id: this.nextTurn++, claims: new Set() };
    let pass: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      pass = resolve;
    });
    this.open.set(turn.id, { done, pass });
    try {
      return await this.turns.run(turn, work);
    } finally {
      this.pass(turn);
      this.abandon(turn);
    }
  }

  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    const turn = this.turns.getStore();
    if (turn !== undefined) await this.earlierTurnsPassed(turn.id);
    // Every key is looked up or claimed synchronously, before the next turn may look.
    const answers = keys.map((key) => this.lookup(key, turn));
    if (turn !== undefined) this.pass(turn);
    return Promise.all(answers);
  }

  async get(key: string): Promise<string | undefined> {
    const [value] = await this.getMany([key]);
    return value;
  }

  async put(key: string, value: string): Promise<void> {
    this.settle(key, value);
    await this.backing.put(key, value);
  }

  private lookup(key: string, turn: Turn | undefined): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (entry !== undefined && "value" in entry) {
      // Most recently used last: eviction takes the oldest first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return Promise.resolve(entry.value);
    }
    if (entry !== undefined) return this.waitFor(key, entry.claim, turn);
    this.claim(key, turn);
    if (this.memoryIsComplete) return Promise.resolve(undefined);
    return this.backing.get(key).then(
      (stored) => {
        if (stored !== undefined) this.settle(key, stored);
        return stored;
      },
      (error: unknown) => {
        this.release(key);
        throw error;
      },
    );
  }

  /** The answer of an earlier turn's claim; if it gave up, this turn claims the key itself. */
  private async waitFor(
    key: string,
    claim: Claim,
    turn: Turn | undefined,
  ): Promise<string | undefined> {
    const value = await claim.settled;
    if (value !== undefined) return value;
    // Waiters resume in the order they started waiting: the first takes the key over.
    const entry = this.entries.get(key);
    if (entry !== undefined && "value" in entry) return entry.value;
    if (entry !== undefined) return this.waitFor(key, entry.claim, turn);
    this.claim(key, turn);
    return undefined;
  }

  private claim(key: string, owner: Turn | undefined): void {
    let resolve: (value: string | undefined) => void = () => {};
    const settled = new Promise<string | undefined>((r) => {
      resolve = r;
    });
    this.entries.set(key, { claim: { owner, settled, resolve } });
    owner?.claims.add(key);
  }

  private settle(key: string, value: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, { value });
    if (entry === undefined || "claim" in entry) this.values += 1;
    if (entry !== undefined && "claim" in entry) {
      entry.claim.owner?.claims.delete(key);
      entry.claim.resolve(value);
    }
    this.evict();
  }

  /** Drops a claim without an answer: the turns waiting on it take over. */
  private release(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined || !("claim" in entry)) return;
    this.entries.delete(key);
    entry.claim.owner?.claims.delete(key);
    entry.claim.resolve(undefined);
  }

  private abandon(turn: Turn): void {
    for (const key of [...turn.claims]) this.release(key);
  }

  private pass(turn: Turn): void {
    this.open.get(turn.id)?.pass();
    this.open.delete(turn.id);
  }

  private async earlierTurnsPassed(id: number): Promise<void> {
    const earlier = [...this.open].filter(([other]) => other < id).map(([, turn]) => turn.done);
    if (earlier.length > 0) await Promise.all(earlier);
  }

  /** Forgets the least recently used translations beyond the bound (never a pending claim). */
  private evict(): void {
    if (this.values <= this.maxMemoryEntries) return;
    for (const [key, entry] of this.entries) {
      if (this.values <= this.maxMemoryEntries) break;
      if ("value" in entry) {
        this.entries.delete(key);
        this.values -= 1;
        this.memoryIsComplete = false;
      }
    }
  }
}
