import { describe, expect, it } from "vitest";
import { buildAnalysis } from "../../../functions/core/analyze/analysis.js";
import {
  entitiesFromTargets,
  type TargetType,
  targetTypeOf,
} from "../../../functions/core/analyze/target-entities.js";
import type { AnalysisInput, RawTargetMention } from "../../../functions/core/ports.js";

const neutral = { positive: 0, negative: 0, neutral: 1, mixed: 0 };
const negative = { positive: 0, negative: 1, neutral: 0, mixed: 0 };

/**
 * Targeted mentions as Comprehend reports them: every occurrence of `text` in the paragraph
 * (or the title with `block: null`), numbered by group.
 */
function targets(
  input: AnalysisInput,
  spec: readonly [text: string, type: TargetType, group: number, block?: number | null][],
): RawTargetMention[] {
  const seen = new Map<string, number>();
  return spec.map(([text, type, group, block = 0]) => {
    const source = (block === null ? input.title : input.paragraphs[block]) ?? "";
    const key = `${block}:${text}`;
    const start = source.indexOf(text, seen.get(key) ?? 0);
    if (start < 0) throw new Error(`"${text}" is not in block ${block}`);
    seen.set(key, start + text.length);
    return {
      block,
      start,
      end: start + text.length,
      text,
      group,
      type,
      score: 0.95,
      scores: neutral,
    };
  });
}

function named(input: AnalysisInput, mentions: RawTargetMention[]): [string, string][] {
  return entitiesFromTargets(input, mentions).map((entity) => [entity.text, entity.type]);
}

describe("entitiesFromTargets: the named mentions of targeted sentiment", () => {
  it("keeps names and drops pronouns, common nouns, personal titles and attributes", () => {
    const input: AnalysisInput = {
      title: null,
      paragraphs: [
        "Dmitry Peskov said he was worried. The spokesman added that President Putin and the price of gas would be discussed.",
      ],
      language: "en",
    };
    const mentions = targets(input, [
      ["Dmitry Peskov", "PERSON", 0],
      ["he", "PERSON", 0],
      ["The spokesman", "PERSON", 0],
      ["President", "PERSONAL_TITLE", 1],
      ["Putin", "PERSON", 2],
      ["the price of gas", "ATTRIBUTE", 3],
    ]);

    expect(named(input, mentions)).toEqual([
      ["Dmitry Peskov", "PERSON"],
      ["Putin", "PERSON"],
    ]);
  });

  it("cuts the name out of a wider mention, typed when the name ends it and OTHER when not", () => {
    const input: AnalysisInput = {
      title: null,
      paragraphs: [
        "Officials at the Kremlin and the foreign minister Sergei Lavrov praised Turkey's army and the Bank of France.",
      ],
      language: "en",
    };
    const mentions = targets(input, [
      ["the Kremlin", "ORGANIZATION", 0],
      ["the foreign minister Sergei Lavrov", "PERSON", 1],
      ["Turkey's army", "ORGANIZATION", 2],
      ["the Bank of France", "ORGANIZATION", 3],
    ]);

    expect(named(input, mentions)).toEqual([
      ["Kremlin", "ORGANIZATION"],
      ["Sergei Lavrov", "PERSON"],
      ["Turkey's", "OTHER"],
      ["Bank of France", "ORGANIZATION"],
    ]);
  });

  it("does not take a capital owed to the sentence start or a title-case headline for a name", () => {
    const input: AnalysisInput = {
      title: "Talks Collapse in Sochi",
      paragraphs: [
        "Diplomacy failed in Sochi. The talks ended early.",
        "Lavrov left. Nobody expected a return to diplomacy.",
      ],
      language: "en",
    };
    const mentions = targets(input, [
      ["Talks", "EVENT", 0, null],
      ["Sochi", "LOCATION", 1, null],
      ["Diplomacy", "OTHER", 2],
      ["Sochi", "LOCATION", 1],
      // Sentence-initial too, but the article never writes "lavrov" in lower case
      ["Lavrov", "PERSON", 3, 1],
    ]);

    expect(named(input, mentions)).toEqual([
      ["Sochi", "LOCATION"],
      ["Sochi", "LOCATION"],
      ["Lavrov", "PERSON"],
    ]);
  });

  it("keeps dates and quantities unless they are only function words, and names with digits", () => {
    const input: AnalysisInput = {
      title: null,
      paragraphs: [
        "On Tuesday the army received 400 missiles and then the S-400 systems, it said.",
      ],
      language: "en",
    };
    const mentions = targets(input, [
      ["Tuesday", "DATE", 0],
      ["400 missiles", "QUANTITY", 1],
      ["then", "DATE", 2],
      ["the S-400 systems", "COMMERCIAL_ITEM", 3],
      ["it", "ORGANIZATION", 4],
    ]);

    expect(named(input, mentions)).toEqual([
      ["Tuesday", "DATE"],
      ["400 missiles", "QUANTITY"],
      ["S-400", "OTHER"],
    ]);
  });

  it("maps targeted-sentiment types onto the schema's entity types", () => {
    const input: AnalysisInput = {
      title: null,
      paragraphs: ["Airbus sold jets at Orly while Netflix showed Dune and Windows crashed."],
      language: "en",
    };
    const mentions = targets(input, [
      ["Airbus", "BRAND", 0],
      ["Orly", "FACILITY", 1],
      ["Netflix", "ORGANIZATION", 2],
      ["Dune", "MOVIE", 3],
      ["Windows", "SOFTWARE", 4],
    ]);

    expect(named(input, mentions)).toEqual([
      ["Airbus", "ORGANIZATION"],
      ["Orly", "LOCATION"],
      ["Netflix", "ORGANIZATION"],
      ["Dune", "TITLE"],
      ["Windows", "COMMERCIAL_ITEM"],
    ]);
    expect(targetTypeOf("SOMETHING_NEW")).toBe("OTHER");
    expect(targetTypeOf(undefined)).toBe("OTHER");
  });
});

describe("buildAnalysis with entities read from targeted sentiment", () => {
  it("merges the named mentions into entities whose sentiment includes their pronouns", () => {
    const input: AnalysisInput = {
      title: "Lavrov in Sochi",
      paragraphs: ["Sergei Lavrov met the Turkish minister. He was angry.", "Lavrov left Sochi."],
      language: "en",
    };
    const mentions = targets(input, [
      ["Lavrov", "PERSON", 0, null],
      ["Sochi", "LOCATION", 1, null],
      ["Sergei Lavrov", "PERSON", 2],
      ["the Turkish minister", "PERSON", 3],
      ["He", "PERSON", 2],
      ["Lavrov", "PERSON", 4, 1],
      ["Sochi", "LOCATION", 5, 1],
    ]).map((mention) =>
      mention.text === "He" || mention.text === "Sergei Lavrov"
        ? { ...mention, scores: negative }
        : mention,
    );

    const analysis = buildAnalysis(input, {
      entities: null,
      keyPhrases: [],
      sentiment: [{ block: 0, start: 0, end: 52, scores: neutral }],
      targets: mentions,
      usage: { billedCharacters: 0, requests: 0, units: 0 },
    });

    const byName = new Map(analysis.entities.map((e) => [e.text, e]));
    expect([...byName.keys()].sort()).toEqual(["Sergei Lavrov", "Sochi", "Turkish"]);
    expect(byName.get("Sergei Lavrov")?.type).toBe("PERSON");
    expect(byName.get("Sergei Lavrov")?.mentions).toEqual([
      { paragraph: 0, start: 0, end: 13 },
      { paragraph: 1, start: 0, end: 6 },
    ]);
    // "Sergei Lavrov … He": one group, both negative; the two other groups of Lavrov (title,
    // second paragraph) are neutral: 2 of 4 mentions
    expect(byName.get("Sergei Lavrov")?.sentiment.scores.negative).toBeCloseTo(2 / 4, 6);
    expect(byName.get("Turkish")?.type).toBe("OTHER");
  });
});
