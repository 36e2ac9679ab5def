import { foldedWords } from "./fold.js";

/**
 * Word n-gram length used to compare blocks. Three words are specific enough that two unrelated
 * sentences rarely share many, short enough that a pull quote cut mid-sentence still matches.
 */
const SHINGLE_WORDS = 3;

/**
 * Blocks shorter than this are not tested for containment: three words ("a déclaré que") recur
 * by chance; four verbatim words set apart ("Pas question de renoncer.") are a pull quote.
 */
const MIN_NEAR_DUPLICATE_WORDS = 4;

/**
 * Share of a block's shingles found in one longer block for it to be a copy of that block: a
 * pull quote is a verbatim extract (1.0); 0.8 tolerates a changed quote mark or a cut word.
 */
const NEAR_DUPLICATE_CONTAINMENT = 0.8;

/**
 * A shingle found in more blocks than this ("a déclaré que") says nothing about copies; dropping
 * it from the index bounds the work per shingle and keeps the pass linear.
 */
const MAX_SHINGLE_POSTINGS = 32;

interface Shingled {
  readonly wordCount: number;
  readonly shingles: readonly string[];
}

function shingle(text: string): Shingled {
  const tokens = foldedWords(text);
  const shingles = new Set<string>();
  for (let index = 0; index + SHINGLE_WORDS <= tokens.length; index++) {
    shingles.add(tokens.slice(index, index + SHINGLE_WORDS).join(" "));
  }
  return { wordCount: tokens.length, shingles: [...shingles] };
}

/**
 * Finds the blocks whose text is (almost) entirely contained in another, longer block: pull
 * quotes, repeated standfirsts, a headline repeated with a suffix. Returns, for each block, the
 * index of the block that contains it, or -1. The `protectedCount` first texts (the title) contain
 * any block, longer or not ("<title> - <site>"), and are never reported themselves. Ties (same
 * length) go to the earlier block.
 */
export function findContainedBlocks(texts: readonly string[], protectedCount = 0): number[] {
  const shingled = texts.map(shingle);
  const postings = new Map<string, number[]>();
  const common = new Set<string>();
  shingled.forEach((block, index) => {
    for (const key of block.shingles) {
      if (common.has(key)) continue;
      const list = postings.get(key);
      if (list === undefined) postings.set(key, [index]);
      else if (list.length >= MAX_SHINGLE_POSTINGS) {
        common.add(key);
        postings.delete(key);
      } else list.push(index);
    }
  });

  return shingled.map((block, index) => {
    if (index < protectedCount || block.wordCount < MIN_NEAR_DUPLICATE_WORDS) return -1;
    const counts = new Map<number, number>();
    let considered = 0;
    for (const key of block.shingles) {
      const list = postings.get(key);
      if (list === undefined && common.has(key)) continue;
      considered++;
      for (const other of list ?? []) {
        if (other === index) continue;
        const otherWords = shingled[other]?.wordCount ?? 0;
        const longer =
          other < protectedCount ||
          otherWords > block.wordCount ||
          (otherWords === block.wordCount && other < index);
        if (longer) counts.set(other, (counts.get(other) ?? 0) + 1);
      }
    }
    if (considered === 0) return -1;
    let best = -1;
    let bestCount = 0;
    for (const [other, count] of counts) {
      if (count > bestCount) {
        best = other;
        bestCount = count;
      }
    }
    return bestCount / considered >= NEAR_DUPLICATE_CONTAINMENT ? best : -1;
  });
}
