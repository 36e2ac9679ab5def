import { describe, expect, it } from "vitest";
import {
  aggregateSentiment,
  MIXED_MIN_SHARE,
  sentimentLabel,
} from "../../../functions/core/analyze/sentiment.js";
import type { SentimentScores } from "../../../functions/core/ports.js";

const scores = (
  positive: number,
  negative: number,
  neutral: number,
  mixed = 0,
): SentimentScores => ({
  positive,
  negative,
  neutral,
  mixed,
});

const sum = (s: SentimentScores): number => s.positive + s.negative + s.neutral + s.mixed;

describe("sentimentLabel", () => {
  it.each([
    { name: "the largest score", input: scores(0.7, 0.1, 0.2), expected: "POSITIVE" },
    { name: "NEGATIVE when negative leads", input: scores(0.1, 0.6, 0.3), expected: "NEGATIVE" },
    { name: "NEUTRAL when neutral leads", input: scores(0.2, 0.1, 0.7), expected: "NEUTRAL" },
    {
      name: "MIXED when the engine says mixed",
      input: scores(0.1, 0.1, 0.2, 0.6),
      expected: "MIXED",
    },
    {
      name: "MIXED when both sides reach the mixed share, even if neutral leads",
      input: scores(MIXED_MIN_SHARE, MIXED_MIN_SHARE + 0.05, 1 - 2 * MIXED_MIN_SHARE - 0.05),
      expected: "MIXED",
    },
    {
      name: "not MIXED when one side is just under the share",
      input: scores(MIXED_MIN_SHARE - 0.01, 0.4, 1 - 0.4 - MIXED_MIN_SHARE + 0.01),
      expected: "NEGATIVE",
    },
    { name: "NEUTRAL on a tie", input: scores(0.4, 0.2, 0.4), expected: "NEUTRAL" },
  ])("gives $name", ({ input, expected }) => {
    expect(sentimentLabel(input)).toBe(expected);
  });
});

describe("aggregateSentiment", () => {
  it("weights each part by its size", () => {
    // Given a long neutral part and a short negative one
    const result = aggregateSentiment([
      { scores: scores(0, 0, 1), weight: 4_000 },
      { scores: scores(0, 1, 0), weight: 1_000 },
    ]);
    // Then negative carries a fifth of the mass
    expect(result.scores).toEqual(scores(0, 0.2, 0.8));
    expect(result.label).toBe("NEUTRAL");
  });

  it("labels a document whose parts disagree strongly as MIXED", () => {
    const result = aggregateSentiment([
      { scores: scores(0.9, 0.05, 0.05), weight: 2_000 },
      { scores: scores(0.05, 0.9, 0.05), weight: 2_000 },
      { scores: scores(0, 0, 1), weight: 1_000 },
    ]);
    expect(result.label).toBe("MIXED");
  });

  it("returns scores in 0..1 that sum to exactly 1 after rounding", () => {
    const result = aggregateSentiment([
      { scores: scores(1 / 3, 1 / 3, 1 / 3), weight: 7 },
      { scores: scores(0.123456, 0.234567, 0.641977), weight: 11 },
    ]);
    expect(sum(result.scores)).toBeCloseTo(1, 12);
    for (const value of Object.values(result.scores)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it("is NEUTRAL with neutral 1 when there is nothing to weigh", () => {
    expect(aggregateSentiment([])).toEqual({ label: "NEUTRAL", scores: scores(0, 0, 1) });
    expect(aggregateSentiment([{ scores: scores(1, 0, 0), weight: 0 }]).label).toBe("NEUTRAL");
  });
});
