import { describe, expect, it } from "vitest";
import { wordScores } from "../../scripts/eval/metrics/word-f1.js";

describe("wordScores (the WCXB metric)", () => {
  it("is 1 for the same words in another order, case and punctuation", () => {
    expect(wordScores("The cat sat, on the mat.", "on THE mat the cat sat")).toEqual({
      precision: 1,
      recall: 1,
      f1: 1,
    });
  });

  it("counts words as a bag: a repeated word counts as often as it occurs in both", () => {
    // truth: the×2 cat; predicted: the×3 → common 2 of 3 predicted, 2 of 3 expected
    const scores = wordScores("the cat the", "the the the");
    expect(scores.precision).toBeCloseTo(2 / 3);
    expect(scores.recall).toBeCloseTo(2 / 3);
    expect(scores.f1).toBeCloseTo(2 / 3);
  });

  it("splits on \\w+ with Unicode letters, digits and underscore", () => {
    const scores = wordScores("l'été 2024 snake_case", "l été 2024 snake_case extra");
    expect(scores.recall).toBe(1);
    expect(scores.precision).toBeCloseTo(4 / 5);
  });

  it("is 0 for an empty extraction and 1 when both are empty", () => {
    expect(wordScores("some words", "").f1).toBe(0);
    expect(wordScores("", "").f1).toBe(1);
  });
});
