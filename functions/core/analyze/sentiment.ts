/**
 * Document sentiment from parts (Comprehend documents, or sentences for the offline engine).
 * Both engines give each part a distribution over POSITIVE / NEGATIVE / NEUTRAL / MIXED; the
 * document's scores are the mean of the parts weighted by their size, and one rule turns the
 * scores into a label, so a label means the same thing whichever engine produced it.
 */
import type { SentimentLabel, SentimentScores } from "../ports.js";

export interface WeightedSentiment {
  readonly scores: SentimentScores;
  /** Size of the part (UTF-8 bytes or characters): long parts speak for more of the article. */
  readonly weight: number;
}

export interface DocumentSentiment {
  readonly label: SentimentLabel;
  readonly scores: SentimentScores;
}

/**
 * A quarter of the article leaning each way means the article argues both sides (sanctions
 * *and* continued cooperation): MIXED, even when the per-part MIXED score is low. A quarter is
 * the smallest share that a single paragraph of a typical 4-paragraph brief cannot reach alone.
 */
export const MIXED_MIN_SHARE = 0.25;

/** Scores are rounded to this many decimals: beyond it the figures carry no information. */
const SCORE_DECIMALS = 4;

/** What an article with no text at all is: nothing positive or negative was said. */
export const NEUTRAL_SENTIMENT: DocumentSentiment = {
  label: "NEUTRAL",
  scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
};

/** Tie order: the most conservative reading wins a tie (an analyst filters on polar labels). */
const TIE_ORDER: readonly SentimentLabel[] = ["NEUTRAL", "MIXED", "NEGATIVE", "POSITIVE"];

function scoreOf(scores: SentimentScores, label: SentimentLabel): number {
  switch (label) {
    case "POSITIVE":
      return scores.positive;
    case "NEGATIVE":
      return scores.negative;
    case "NEUTRAL":
      return scores.neutral;
    case "MIXED":
      return scores.mixed;
  }
}

/**
 * The label rule: MIXED when both positive and negative reach `MIXED_MIN_SHARE`; otherwise the
 * largest score, ties going to the more conservative label (`TIE_ORDER`).
 */
export function sentimentLabel(scores: SentimentScores): SentimentLabel {
  if (scores.positive >= MIXED_MIN_SHARE && scores.negative >= MIXED_MIN_SHARE) return "MIXED";
  let best: SentimentLabel = "NEUTRAL";
  for (const label of TIE_ORDER) {
    if (scoreOf(scores, label) > scoreOf(scores, best)) best = label;
  }
  return best;
}

function round(value: number): number {
  const factor = 10 ** SCORE_DECIMALS;
  return Math.round(value * factor) / factor;
}

/**
 * Rounds to `SCORE_DECIMALS` and puts the rounding residue on the largest score, so the four
 * scores sum to exactly 1 (to floating-point precision) and stay within 0..1.
 */
function normalise(scores: SentimentScores): SentimentScores {
  const total = scores.positive + scores.negative + scores.neutral + scores.mixed;
  if (!(total > 0)) return NEUTRAL_SENTIMENT.scores;
  const rounded = {
    positive: round(scores.positive / total),
    negative: round(scores.negative / total),
    neutral: round(scores.neutral / total),
    mixed: round(scores.mixed / total),
  };
  const residue = 1 - (rounded.positive + rounded.negative + rounded.neutral + rounded.mixed);
  const keys = ["neutral", "mixed", "negative", "positive"] as const;
  let largest: (typeof keys)[number] = "neutral";
  for (const key of keys) if (rounded[key] > rounded[largest]) largest = key;
  return { ...rounded, [largest]: round(rounded[largest] + residue) };
}

/**
 * Weighted mean of the parts' scores, normalised to sum to 1, and its label. Parts of weight 0
 * are ignored; no parts (or no weight) is `NEUTRAL_SENTIMENT`.
 */
export function aggregateSentiment(parts: readonly WeightedSentiment[]): DocumentSentiment {
  let weight = 0;
  const sum = { positive: 0, negative: 0, neutral: 0, mixed: 0 };
  for (const part of parts) {
    if (!(part.weight > 0)) continue;
    weight += part.weight;
    sum.positive += part.weight * part.scores.positive;
    sum.negative += part.weight * part.scores.negative;
    sum.neutral += part.weight * part.scores.neutral;
    sum.mixed += part.weight * part.scores.mixed;
  }
  if (weight === 0) return NEUTRAL_SENTIMENT;
  const scores = normalise(sum);
  return { label: sentimentLabel(scores), scores };
}
