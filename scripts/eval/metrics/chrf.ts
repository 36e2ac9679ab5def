/**
 * chrF (Popović 2015): F-score of character n-grams between a translation and a reference,
 * as sacrebleu computes it by default: n = 1..6, β = 2 (recall weighs twice precision),
 * whitespace removed, case kept, statistics summed over segments (corpus level), precision and
 * recall averaged over the n-gram orders present, then one F-score. Hand-written (≈40 lines) because no maintained npm
 * package implements sacrebleu's chrF; the tests pin it to worked examples.
 */

/** sacrebleu's defaults (`CHRF.CHAR_ORDER`, `CHRF.BETA`). */
export const CHRF_CHAR_ORDER = 6;
export const CHRF_BETA = 2;

interface OrderStats {
  hypothesis: number;
  reference: number;
  matches: number;
}

function ngramCounts(characters: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= characters.length; i += 1) {
    const gram = characters.slice(i, i + n).join("");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Code points without whitespace: what chrF compares. */
const characters = (text: string): string[] => [...text.replace(/\s+/gu, "")];

/** Corpus-level chrF (0–100) of aligned hypothesis and reference segments. */
export function chrF(hypotheses: readonly string[], references: readonly string[]): number {
  if (hypotheses.length !== references.length) {
    throw new RangeError(`${hypotheses.length} hypotheses for ${references.length} references`);
  }
  const stats: OrderStats[] = Array.from({ length: CHRF_CHAR_ORDER }, () => ({
    hypothesis: 0,
    reference: 0,
    matches: 0,
  }));
  hypotheses.forEach((hypothesis, s) => {
    const hyp = characters(hypothesis);
    const ref = characters(references[s] ?? "");
    stats.forEach((order, k) => {
      const hypGrams = ngramCounts(hyp, k + 1);
      const refGrams = ngramCounts(ref, k + 1);
      for (const count of hypGrams.values()) order.hypothesis += count;
      for (const count of refGrams.values()) order.reference += count;
      for (const [gram, count] of hypGrams)
        order.matches += Math.min(count, refGrams.get(gram) ?? 0);
    });
  });

  // sacrebleu's default (no eps smoothing): precision and recall averaged over the orders
  // both sides have n-grams of, then one F-score of the averages.
  let precisionSum = 0;
  let recallSum = 0;
  let effectiveOrders = 0;
  for (const { hypothesis, reference, matches } of stats) {
    if (hypothesis === 0 || reference === 0) continue;
    effectiveOrders += 1;
    precisionSum += matches / hypothesis;
    recallSum += matches / reference;
  }
  if (effectiveOrders === 0) return 0;
  const precision = precisionSum / effectiveOrders;
  const recall = recallSum / effectiveOrders;
  const factor = CHRF_BETA ** 2;
  const denominator = factor * precision + recall;
  return denominator === 0 ? 0 : (100 * (1 + factor) * precision * recall) / denominator;
}
