import { describe, expect, it } from "vitest";
import { chrF } from "../../scripts/eval/metrics/chrf.js";

describe("chrF", () => {
  // sacrebleu's CHRF() reference values (test_chrf.py, effective-order cases).
  it.each([
    { hyp: ["a"], ref: ["a"], score: 100 },
    { hyp: ["a b c"], ref: ["a b c"], score: 100 },
    { hyp: ["a b c"], ref: ["abc"], score: 100 },
    { hyp: [""], ref: ["c"], score: 0 },
    { hyp: [""], ref: ["reference"], score: 0 },
    { hyp: ["a", "b"], ref: ["a", "c"], score: 50 },
    { hyp: ["aa"], ref: ["ab"], score: 25 },
    { hyp: ["abcdefg"], ref: ["hijklmnop"], score: 0 },
  ])("scores $hyp against $ref as $score", ({ hyp, ref, score }) => {
    expect(chrF(hyp, ref)).toBeCloseTo(score, 4);
  });

  it("weighs recall twice as much as precision (β = 2)", () => {
    // Half the reference, nothing wrong: P = 1, R < 1. Twice the reference: R = 1, P < 1.
    const reference = "the turkish president";
    const short = chrF(["the turkish"], [reference]);
    const long = chrF([`${reference} ${reference}`], [reference]);
    expect(long).toBeGreaterThan(short);
  });

  it("is case-sensitive and ignores whitespace", () => {
    expect(chrF(["NATO"], ["nato"])).toBe(0);
    expect(chrF(["N A T O"], ["NATO"])).toBe(100);
  });

  it("refuses unaligned segments", () => {
    expect(() => chrF(["a"], ["a", "b"])).toThrow(RangeError);
  });
});
