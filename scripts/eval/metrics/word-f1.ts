/**
 * The WCXB benchmark's metric (its README): per page, F1 between the bags of words of the
 * extracted text and of the ground truth, each lower-cased and split into `\w+` tokens counted
 * with multiplicity; a system's score is the mean of the per-page F1.
 */

/** Python's Unicode `\w`: letters, digits (all numeric kinds) and underscore. */
const WORD = /[\p{L}\p{N}_]+/gu;

export interface WordScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function bag(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

/** Word-bag precision, recall and F1 of `predicted` against `truth` (both empty: 1). */
export function wordScores(truth: string, predicted: string): WordScores {
  const expected = bag(truth);
  const actual = bag(predicted);
  const expectedTotal = total(expected);
  const actualTotal = total(actual);
  if (expectedTotal === 0 && actualTotal === 0) return { precision: 1, recall: 1, f1: 1 };
  let common = 0;
  for (const [word, count] of actual) common += Math.min(count, expected.get(word) ?? 0);
  const precision = actualTotal === 0 ? 0 : common / actualTotal;
  const recall = expectedTotal === 0 ? 0 : common / expectedTotal;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
