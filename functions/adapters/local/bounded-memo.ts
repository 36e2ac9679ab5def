/**
 * Results of a pure function kept for the texts seen most recently, at most `capacity` of them
 * (a Map in use order: the least recently used goes first). Same input, same output, so a hit
 * changes nothing but the time: wire copy repeats paragraphs, an outlet repeats its titles.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The remembered result for `key`, or `compute()` remembered. */
  get(key: string, compute: () => V): V {
    const known = this.entries.get(key);
    if (known !== undefined || this.entries.has(key)) {
      this.entries.delete(key);
      this.entries.set(key, known as V);
      return known as V;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }
}
