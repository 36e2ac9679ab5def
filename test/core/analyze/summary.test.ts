import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../../../functions/core/analyze/summary.js";

const ARTICLE = {
  title: "Russia and Turkey will continue their military cooperation",
  paragraphs: [
    "Russia and Turkey will continue their military cooperation despite American sanctions, the Russian foreign minister said on Tuesday.",
    "The purchase of the S-400 system by Turkey in 2017 caused friction with several Western states. The sanctions were decided in mid-December.",
    "Share this article.",
    "Sergei Lavrov said Russia and Turkey confirmed their goal of developing military cooperation. He spoke in Sochi.",
    "The weather in Sochi was mild for the season.",
  ],
};

describe("summarize", () => {
  it("returns at most maxSentences sentences, each copied verbatim from one paragraph", () => {
    // Act
    const summary = summarize(ARTICLE, 3);

    // Assess
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(3);
    for (const sentence of summary) {
      expect(ARTICLE.paragraphs.some((p) => p.includes(sentence))).toBe(true);
    }
  });

  it("keeps the article order of the sentences it picks", () => {
    const summary = summarize(ARTICLE, 3);
    const joined = ARTICLE.paragraphs.join("\n");
    const positions = summary.map((s) => joined.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("prefers the sentences the article keeps returning to over an off-topic aside", () => {
    const summary = summarize(ARTICLE, 2);
    expect(summary).not.toContain("The weather in Sochi was mild for the season.");
    expect(summary[0]).toMatch(/^Russia and Turkey will continue/);
  });

  it("never picks page furniture or fragments shorter than a sentence", () => {
    expect(summarize(ARTICLE, 3)).not.toContain("Share this article.");
  });

  it("never repeats the title as a summary sentence", () => {
    // Given a first paragraph that is the headline again
    const article = {
      title: "Erdogan will meet Putin in Sochi",
      paragraphs: [
        "Erdogan will meet Putin in Sochi.",
        "The Turkish president will travel to Sochi on Friday to meet Vladimir Putin.",
        "The two leaders will discuss drones, grain exports and the war in Ukraine.",
      ],
    };

    // When
    const summary = summarize(article, 3);

    // Then
    expect(summary).not.toContain("Erdogan will meet Putin in Sochi.");
    expect(summary.length).toBe(2);
  });

  it("is deterministic", () => {
    expect(summarize(ARTICLE, 3)).toEqual(summarize(ARTICLE, 3));
  });

  it("keeps 'M. Peskov' inside its sentence instead of cutting after the initial", () => {
    const summary = summarize(
      { title: null, paragraphs: ["Putin and Erdogan will discuss it in Sochi, said M. Peskov."] },
      1,
    );
    expect(summary).toEqual(["Putin and Erdogan will discuss it in Sochi, said M. Peskov."]);
  });

  it("returns one sentence when asked for zero or fewer, and none for an empty article", () => {
    expect(summarize(ARTICLE, 0)).toHaveLength(1);
    expect(summarize({ title: null, paragraphs: ["", "  "] }, 3)).toEqual([]);
  });

  it("summarises a paragraph without sentence punctuation rather than returning nothing", () => {
    const summary = summarize({ title: null, paragraphs: ["Turkey will sell drones"] }, 3);
    expect(summary).toEqual(["Turkey will sell drones"]);
  });

  it("always returns 1..max verbatim substrings of the paragraphs for any text", () => {
    const paragraph = fc
      .array(
        fc.constantFrom(
          "Russia",
          "Turkey",
          "said",
          "the",
          "drones",
          ".",
          "!",
          "«",
          "»",
          "M.",
          "é",
          "🙂",
          "\n",
        ),
        {
          minLength: 1,
          maxLength: 40,
        },
      )
      .map((tokens) => tokens.join(" "));
    fc.assert(
      fc.property(
        fc.array(paragraph, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (paragraphs, max) => {
          const summary = summarize({ title: null, paragraphs }, max);
          const hasText = paragraphs.some((p) => /[\p{L}\p{N}]/u.test(p));
          if (hasText) expect(summary.length).toBeGreaterThanOrEqual(1);
          expect(summary.length).toBeLessThanOrEqual(max);
          for (const sentence of summary) {
            expect(sentence).not.toBe("");
            expect(paragraphs.some((p) => p.includes(sentence))).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
