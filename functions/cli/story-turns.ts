import { AsyncLocalStorage } from "node:async_hooks";
import { PREFIX } from "../core/keys.js";
import type { ArticleStore } from "../core/ports.js";

interface Delivery {
  /** Set once this delivery asked for the turn: resolves when it has it. */
  turn: Promise<void> | undefined;
  /** Ends the turn (or gives up the place in the queue). */
  release: (() => void) | undefined;
}

/**
 * One analyze delivery at a time between its first story-index access and the write of its own
 * enriched (or failure) document, in the order they ask; everything else of the analyze stage
 * stays concurrent.
 *
 * The story index is correct under concurrency (conditional writes, ADR 0012), but a document
 * written just after another article re-stamped it (because it did not exist yet) keeps the
 * story its own run saw. On AWS that lasts until the story next changes (documented); here it
 * would make an overlapped `depeche run` differ from a one-at-a-time run. With turns, each
 * article joins its story and writes its document before the next one joins: the same final
 * bytes as a sequential run, in any delivery order (the grouping does not depend on it).
 */
export class StoryTurns {
  private readonly current = new AsyncLocalStorage<Delivery>();
  private tail: Promise<void> = Promise.resolve();

  /** Runs one delivery of the analyze queue; its turn, if it took one, ends with it. */
  async delivery<T>(work: () => Promise<T>): Promise<T> {
    const delivery: Delivery = { turn: undefined, release: undefined };
    try {
      return await this.current.run(delivery, work);
    } finally {
      this.end(delivery);
    }
  }

  /** The store the story index reads and writes: each call waits for the delivery's turn. */
  stories(inner: ArticleStore): ArticleStore {
    const inTurn =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        await this.take();
        return call(...args);
      };
    return {
      get: inTurn((key, options) => inner.get(key, options)),
      head: inTurn((key) => inner.head(key)),
      put: inTurn((key, body, options) => inner.put(key, body, options)),
      delete: inTurn((key) => inner.delete(key)),
    };
  }

  /** The store the analyze stage writes its result with: that write ends the turn. */
  documents(inner: ArticleStore): ArticleStore {
    return {
      get: (key, options) => inner.get(key, options),
      head: (key) => inner.head(key),
      delete: (key) => inner.delete(key),
      put: async (key, body, options) => {
        try {
          await inner.put(key, body, options);
        } finally {
          const delivery = this.current.getStore();
          const result = key.startsWith(PREFIX.enriched) || key.startsWith(PREFIX.failed);
          if (delivery !== undefined && result) this.end(delivery);
        }
      },
    };
  }

  private async take(): Promise<void> {
    const delivery = this.current.getStore();
    if (delivery === undefined) return;
    if (delivery.turn === undefined) {
      const previous = this.tail;
      let open: () => void = () => {};
      this.tail = new Promise<void>((resolve) => {
        open = resolve;
      });
      delivery.turn = previous;
      // Giving up a place still waiting must not let the next delivery overtake the current one.
      delivery.release = () => void previous.then(open);
    }
    await delivery.turn;
  }

  private end(delivery: Delivery): void {
    const release = delivery.release;
    delivery.turn = undefined;
    delivery.release = undefined;
    release?.();
  }
}
