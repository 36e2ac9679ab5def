import { PREFIX } from "../core/keys.js";
import type { ArticleStore } from "../core/ports.js";

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
  private tail: Promise<void> = Promise.resolve();

  /** One delivery's turn: the stores its handler uses, and `end` once the delivery is over. */
  open(): DeliveryTurn {
    return new DeliveryTurn(() => {
      const previous = this.tail;
      let open: () => void = () => {};
      this.tail = new Promise<void>((resolve) => {
        open = resolve;
      });
      // Giving up a place still waiting must not let the next delivery overtake the current one.
      return { ready: previous, release: () => void previous.then(open) };
    });
  }
}

export class DeliveryTurn {
  private held: { ready: Promise<void>; release: () => void } | undefined;

  constructor(private readonly queue: () => { ready: Promise<void>; release: () => void }) {}

  /** The store the story index reads and writes: each call waits for this delivery's turn. */
  stories(inner: ArticleStore): ArticleStore {
    const inTurn =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        this.held ??= this.queue();
        await this.held.ready;
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
          if (key.startsWith(PREFIX.enriched) || key.startsWith(PREFIX.failed)) this.end();
        }
      },
    };
  }

  /** Ends the turn, if this delivery holds one (or waits for one). */
  end(): void {
    const held = this.held;
    this.held = undefined;
    held?.release();
  }
}
