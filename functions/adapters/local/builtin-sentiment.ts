/**
 * Offline sentiment: VADER (Hutto & Gilbert, 2014; npm `vader-sentiment`, the reference
 * JavaScript port) scores each sentence; the core (`buildAnalysis`) weighs the sentences by
 * length and labels the article, and each entity from the sentences that mention it, with the
 * same rule as Comprehend's documents.
 *
 * Why VADER: a lexicon-and-rules scorer, deterministic, no model download, validated on news
 * headlines and editorials; its compound score has published thresholds (±0.05) for the
 * positive / neutral / negative call.
 */
import { createRequire } from "node:module";
import type { RawSentimentPart } from "../../core/ports.js";
import { sentenceSpans } from "../../core/text/sentences.js";
import { BoundedMemo } from "./bounded-memo.js";

/**
 * VADER's authors' thresholds for a sentence: compound ≥ 0.05 is positive, ≤ −0.05 negative,
 * anything between neutral (vaderSentiment README, "scoring" section).
 */
export const VADER_POSITIVE_THRESHOLD = 0.05;
export const VADER_NEGATIVE_THRESHOLD = -0.05;

interface VaderScores {
  readonly compound: number;
}

interface VaderModule {
  readonly SentimentIntensityAnalyzer: {
    polarity_scores(text: string): VaderScores;
  };
}

function isVader(value: unknown): value is VaderModule {
  if (typeof value !== "object" || value === null) return false;
  const analyzer: unknown = Reflect.get(value, "SentimentIntensityAnalyzer");
  // A class with a static method: typeof "function", not "object".
  return (
    (typeof analyzer === "function" || (typeof analyzer === "object" && analyzer !== null)) &&
    typeof Reflect.get(analyzer, "polarity_scores") === "function"
  );
}

// vader-sentiment is a CommonJS bundle without type declarations: load it through require and
// check its shape once, instead of declaring types we could not verify.
const loaded: unknown = createRequire(import.meta.url)("vader-sentiment");
if (!isVader(loaded)) throw new Error("vader-sentiment: SentimentIntensityAnalyzer not found");
const vader: VaderModule = loaded;

/** Sentences whose score is remembered (a number each): repeated sentences are scored once. */
const SCORED_SENTENCES_KEPT = 5_000;

const scored = new BoundedMemo<number>(SCORED_SENTENCES_KEPT);

/** VADER's compound score of one sentence, in −1..1. */
export function compoundScore(sentence: string): number {
  return scored.get(
    sentence,
    () => vader.SentimentIntensityAnalyzer.polarity_scores(sentence).compound,
  );
}

/**
 * Sentiment parts of English blocks (the title, then each paragraph): one per sentence, a
 * one-hot vote by VADER's thresholds, placed where the sentence is.
 */
export function sentimentParts(
  blocks: readonly { readonly block: number | null; readonly text: string }[],
): RawSentimentPart[] {
  return blocks.flatMap(({ block, text }) =>
    sentenceSpans(text, "en").map((sentence): RawSentimentPart => {
      const compound = compoundScore(sentence.text);
      const positive = compound >= VADER_POSITIVE_THRESHOLD ? 1 : 0;
      const negative = compound <= VADER_NEGATIVE_THRESHOLD ? 1 : 0;
      return {
        block,
        start: sentence.start,
        end: sentence.end,
        scores: { positive, negative, neutral: 1 - positive - negative, mixed: 0 },
      };
    }),
  );
}
