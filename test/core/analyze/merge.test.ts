import { describe, expect, it } from "vitest";
import {
  cleanEntityText,
  mergeEntityMentions,
  mergePhraseMentions,
  phraseKey,
  salientScore,
} from "../../../functions/core/analyze/merge.js";
import type { EntityType } from "../../../functions/core/ports.js";

const mention = (text: string, type: EntityType, position: number, score = 0.9) => ({
  text,
  type,
  score,
  position,
});

describe("mergeEntityMentions", () => {
  it("folds a surname into the one full name that contains it, keeping the longest form", () => {
    const merged = mergeEntityMentions([
      mention("Lavrov", "PERSON", 10),
      mention("Sergei Lavrov", "PERSON", 50),
      mention("M. Lavrov", "PERSON", 90),
    ]);
    expect(merged).toEqual([
      {
        text: "Sergei Lavrov",
        type: "PERSON",
        mentions: 3,
        maxScore: 0.9,
        firstPosition: 10,
        members: [0, 1, 2],
      },
    ]);
  });

  it("folds chains of shorter forms into the longest ('Erdogan' ⊂ 'Tayyip Erdogan' ⊂ 'Recep Tayyip Erdogan')", () => {
    const merged = mergeEntityMentions([
      mention("Erdogan", "PERSON", 1),
      mention("Tayyip Erdogan", "PERSON", 2),
      mention("Recep Tayyip Erdogan", "PERSON", 3),
    ]);
    expect(merged.map((e) => [e.text, e.mentions])).toEqual([["Recep Tayyip Erdogan", 3]]);
  });

  it("gives an untyped name the type of the typed one it belongs to", () => {
    const merged = mergeEntityMentions([
      mention("Cavusoglu", "OTHER", 1, 0.5),
      mention("Mevlut Cavusoglu", "PERSON", 2),
    ]);
    expect(merged).toEqual([expect.objectContaining({ text: "Mevlut Cavusoglu", type: "PERSON" })]);
  });

  it("leaves a name alone when it fits two different entities", () => {
    const merged = mergeEntityMentions([
      mention("Bayraktar", "OTHER", 1, 0.5),
      mention("Haluk Bayraktar", "PERSON", 2),
      mention("Bayraktar TB2", "COMMERCIAL_ITEM", 3),
    ]);
    expect(merged.map((e) => e.text)).toEqual(["Bayraktar", "Haluk Bayraktar", "Bayraktar TB2"]);
  });

  it("does not fold a place into an organisation named after it", () => {
    const merged = mergeEntityMentions([
      mention("Russia", "LOCATION", 1),
      mention("Russia Today", "ORGANIZATION", 2),
    ]);
    expect(merged.map((e) => e.text)).toEqual(["Russia", "Russia Today"]);
  });

  it("treats case, accents, possessives and punctuation as the same name, typed by the most confident reading", () => {
    const merged = mergeEntityMentions([
      mention("Turkey's", "LOCATION", 1, 0.9),
      mention("TURKEY,", "ORGANIZATION", 2, 0.4),
      mention("«Turkey»", "LOCATION", 3, 0.8),
    ]);
    expect(merged).toEqual([
      {
        text: "Turkey",
        type: "LOCATION",
        mentions: 3,
        maxScore: 0.9,
        firstPosition: 1,
        members: [0, 1, 2],
      },
    ]);
  });
});

describe("cleanEntityText", () => {
  it.each([
    ["M. Peskov", "Peskov"],
    ["MM. Putin", "Putin"],
    ["the Kremlin", "Kremlin"],
    ["Turkey's", "Turkey"],
    ["«Otan»,", "Otan"],
    ["S-400", "S-400"],
  ])("turns %s into %s", (input, expected) => {
    expect(cleanEntityText(input)).toBe(expected);
  });

  it.each([
    ["President Recep Tayyip Erdogan", "PERSON", "Recep Tayyip Erdogan"],
    ["Foreign Minister Mevlut Cavusoglu", "PERSON", "Mevlut Cavusoglu"],
    ["Prime Minister Narendra Modi", "PERSON", "Narendra Modi"],
    ["President", "PERSON", "President"],
    ["General Motors", "ORGANIZATION", "General Motors"],
  ] as const)("reads %s (%s) as %s", (input, type, expected) => {
    expect(cleanEntityText(input, type)).toBe(expected);
  });

  it("merges a titled mention with the bare name", () => {
    const merged = mergeEntityMentions([
      { text: "President Recep Tayyip Erdogan", type: "PERSON", score: 0.8, position: 1 },
      { text: "Erdogan", type: "PERSON", score: 0.9, position: 7 },
    ]);
    expect(merged).toMatchObject([{ text: "Recep Tayyip Erdogan", type: "PERSON", mentions: 2 }]);
  });
});

describe("phraseKey and mergePhraseMentions", () => {
  it("folds case, leading articles and plural", () => {
    expect(phraseKey("the American sanctions")).toBe(phraseKey("American sanction"));
    expect(phraseKey("The Countries")).toBe("country");
    expect(phraseKey("the of")).toBe("");
  });

  it("keeps one phrase per key with its best score, sorted by score then mentions", () => {
    const merged = mergePhraseMentions([
      { text: "the sanctions", score: 0.8, position: 5 },
      { text: "Sanction", score: 0.95, position: 9 },
      { text: "military cooperation", score: 0.95, position: 1 },
      { text: "the of", score: 1, position: 0 },
    ]);
    expect(merged).toEqual([
      { text: "sanctions", score: 0.95, mentions: 2, firstPosition: 5 },
      { text: "military cooperation", score: 0.95, mentions: 1, firstPosition: 1 },
    ]);
  });
});

describe("salientScore", () => {
  it("grows with mentions up to the confidence and stays in 0..1", () => {
    const once = salientScore(0.9, 1);
    const twice = salientScore(0.9, 2);
    expect(once).toBeLessThan(twice);
    expect(salientScore(0.9, 3)).toBe(0.9);
    expect(salientScore(0.9, 30)).toBe(0.9);
    expect(salientScore(2, 5)).toBe(1);
    expect(salientScore(0.5, 0)).toBeGreaterThanOrEqual(0);
  });
});
