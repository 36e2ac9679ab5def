import { describe, expect, it } from "vitest";
import {
  aggregateScores,
  scoreDocument,
  shingleMatch,
} from "../../scripts/eval/metrics/shingles.js";

const ARTICLE = "Le Sénat a adopté mardi soir le projet de loi de finances pour 2025.";

describe("shingle score (Scrapinghub article-extraction-benchmark metric)", () => {
  it("scores a perfect extraction 1 and an empty one 0", () => {
    expect(scoreDocument(ARTICLE, ARTICLE)).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(scoreDocument(ARTICLE, "").f1).toBe(0);
  });

  it("ignores punctuation and line breaks, as the benchmark's \\w+ tokens do", () => {
    expect(scoreDocument(ARTICLE, ARTICLE.replace(/ /g, "\n").replace(".", " !")).f1).toBe(1);
  });

  it("counts extra shingles against precision and missing ones against recall", () => {
    // 10 tokens → 7 shingles; 3 extra tokens add 3 shingles at the end
    const truth = "un deux trois quatre cinq six sept huit neuf dix";
    const extra = `${truth} onze douze treize`;

    const counts = shingleMatch(truth, extra);
    const scores = aggregateScores([counts]);

    expect(scores.recall).toBe(1);
    expect(scores.precision).toBeCloseTo(7 / 10, 10);
  });

  it("averages precision and recall over documents before taking F1", () => {
    const perfect = shingleMatch(ARTICLE, ARTICLE);
    const halfRecall = shingleMatch("a b c d e f g h", "a b c d e");

    const scores = aggregateScores([perfect, halfRecall]);

    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeCloseTo((1 + 2 / 5) / 2, 10);
    expect(scores.f1).toBeCloseTo(
      (2 * scores.precision * scores.recall) / (scores.precision + scores.recall),
      10,
    );
  });
});
