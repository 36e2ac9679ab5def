/**
 * The Scrapinghub article-extraction-benchmark metric, used to score the cleaner against gold:
 * texts are tokenised into word runs, compared as multisets of 4-token shingles, and each
 * document's true/false positive and false negative counts are normalised to sum to 1. Precision
 * and recall are averaged over documents; F1 is computed from the two averages.
 */

/** Shingle length of the benchmark (`ngram_n=4`). */
const SHINGLE_TOKENS = 4;

/** The benchmark's `\w+` (Unicode): letters, digits and underscore, case kept. */
const TOKEN = /[\p{L}\p{N}\p{Mn}\p{Pc}]+/gu;

export interface ShingleCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

export interface Scores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  // As the benchmark: a text shorter than n tokens is one shorter shingle; no tokens, none.
  const last = Math.max(1, tokens.length - SHINGLE_TOKENS + 1);
  for (let index = 0; index < last; index++) {
    const shingle = tokens.slice(index, index + SHINGLE_TOKENS);
    if (shingle.length === 0) continue;
    const key = shingle.join("\u0001");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Normalised TP/FP/FN of a predicted text against the true text of one document. */
export function shingleMatch(truth: string, predicted: string): ShingleCounts {
  const expected = shingles(truth);
  const actual = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key) ?? 0;
    const a = actual.get(key) ?? 0;
    tp += Math.min(e, a);
    fp += Math.max(0, a - e);
    fn += Math.max(0, e - a);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

function precisionOf({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallOf({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Precision and recall averaged over documents, F1 of the averages (the benchmark's report). */
export function aggregateScores(documents: readonly ShingleCounts[]): Scores {
  const precision = mean(documents.filter((d) => d.tp + d.fp > 0).map(precisionOf));
  const recall = mean(documents.filter((d) => d.tp + d.fn > 0).map(recallOf));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** Scores of one document. */
export function scoreDocument(truth: string, predicted: string): Scores {
  return aggregateScores([shingleMatch(truth, predicted)]);
}
