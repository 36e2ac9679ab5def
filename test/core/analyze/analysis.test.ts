import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BuiltinAnalyzer } from "../../../functions/adapters/local/builtin-analyzer.js";
import { buildAnalysis } from "../../../functions/core/analyze/analysis.js";
import { phraseKey } from "../../../functions/core/analyze/merge.js";
import { summarySentences } from "../../../functions/core/analyze/summary.js";
import { fold } from "../../../functions/core/analyze/words.js";
import type { AnalysisInput, RawAnalysis } from "../../../functions/core/ports.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/analyze/", import.meta.url));

const seeds = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".en.json"))
  .sort()
  .map((file) => {
    const parsed = JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as {
      title: string | null;
      paragraphs: string[];
    };
    return { seed: file.replace(/\.en\.json$/, ""), input: { ...parsed, language: "en" } };
  });

/** True when `slice` is `name` or a run of its words, compared folded (case, accents). */
function isNameOrAlias(slice: string, name: string): boolean {
  const needle = fold(slice);
  return needle !== "" && ` ${fold(name)} `.includes(` ${needle} `);
}

const neutral = { positive: 0, negative: 0, neutral: 1, mixed: 0 };
const negative = { positive: 0, negative: 1, neutral: 0, mixed: 0 };
const person = { type: "PERSON", score: 0.9 } as const;

function raw(partial: Partial<RawAnalysis>): RawAnalysis {
  return {
    entities: [],
    keyPhrases: [],
    sentiment: [],
    targets: null,
    usage: { billedCharacters: 0, requests: 0, units: 0 },
    ...partial,
  };
}

describe("buildAnalysis on the seeds (offline engine)", () => {
  const analyzer = new BuiltinAnalyzer();

  it.each(seeds)(
    "$seed: every mention cuts its entity's text (or a shorter form) out of its English paragraph",
    async ({ input }) => {
      const [result] = await analyzer.analyze([input]);
      const analysis = buildAnalysis(input, result as RawAnalysis);
      expect(analysis.entities.length).toBeGreaterThan(3);
      for (const entity of analysis.entities) {
        // Only a name seen in the title alone has no paragraph mention
        if (entity.mentions.length === 0)
          expect(isNameOrAlias(entity.text, input.title ?? "")).toBe(true);
        for (const m of entity.mentions) {
          const slice = input.paragraphs[m.paragraph]?.slice(m.start, m.end) ?? "";
          expect(isNameOrAlias(slice, entity.text), `${slice} ⊄ ${entity.text}`).toBe(true);
        }
        const { positive, negative, neutral, mixed } = entity.sentiment.scores;
        expect(positive + negative + neutral + mixed).toBeCloseTo(1, 9);
      }
      for (const phrase of analysis.keyPhrases) {
        for (const m of phrase.mentions) {
          const slice = input.paragraphs[m.paragraph]?.slice(m.start, m.end) ?? "";
          expect(phraseKey(slice)).toBe(phraseKey(phrase.text));
        }
      }
    },
  );

  it.each(seeds)(
    "$seed: summary sentences point at the paragraph they were copied from",
    ({ input }) => {
      const summary = summarySentences(input, 3);
      expect(summary.length).toBeGreaterThan(0);
      for (const s of summary) {
        expect(input.paragraphs[s.paragraph]?.slice(s.start, s.end)).toBe(s.text);
      }
    },
  );
});

describe("buildAnalysis: one policy for every engine", () => {
  const input: AnalysisInput = {
    title: "Lavrov in Sochi",
    paragraphs: ["Sergei Lavrov met Mevlut Cavusoglu. Talks went badly.", "M. Lavrov left."],
    language: "en",
  };

  it("narrows a mention to the name itself ('M. Lavrov' → 'Lavrov') and merges it into the full name", () => {
    const analysis = buildAnalysis(
      input,
      raw({
        entities: [
          { block: null, start: 0, end: 6, text: "Lavrov", type: "PERSON", score: 0.9 },
          { block: 0, start: 0, end: 13, text: "Sergei Lavrov", type: "PERSON", score: 0.9 },
          { block: 1, start: 0, end: 9, text: "M. Lavrov", type: "PERSON", score: 0.8 },
        ],
      }),
    );
    expect(analysis.entities).toHaveLength(1);
    expect(analysis.entities[0]).toMatchObject({
      text: "Sergei Lavrov",
      // The title mention counts for salience but is not a paragraph mention
      mentions: [
        { paragraph: 0, start: 0, end: 13 },
        { paragraph: 1, start: 3, end: 9 },
      ],
    });
  });

  it("finds a mention whose engine offsets drifted, at the nearest occurrence of its text", () => {
    const analysis = buildAnalysis(
      input,
      raw({
        entities: [
          { block: 0, start: 20, end: 35, text: "Mevlut Cavusoglu", type: "PERSON", score: 0.9 },
        ],
      }),
    );
    expect(analysis.entities[0]?.mentions).toEqual([{ paragraph: 0, start: 18, end: 34 }]);
  });

  it("takes entity sentiment from targeted mentions when the engine has them, a whole group at once", () => {
    const analysis = buildAnalysis(
      input,
      raw({
        entities: [
          { block: 0, start: 0, end: 13, text: "Sergei Lavrov", type: "PERSON", score: 0.9 },
          { block: 0, start: 18, end: 34, text: "Mevlut Cavusoglu", type: "PERSON", score: 0.9 },
        ],
        sentiment: [{ block: 0, start: 0, end: 54, scores: neutral }],
        targets: [
          // "Lavrov … he": one group; the pronoun's sentiment belongs to Lavrov too
          { block: 1, start: 3, end: 9, text: "Lavrov", group: 1, ...person, scores: negative },
          { block: 1, start: 0, end: 2, text: "he", group: 1, ...person, scores: negative },
        ],
      }),
    );
    const byName = new Map(analysis.entities.map((e) => [e.text, e.sentiment.label]));
    expect(byName.get("Sergei Lavrov")).toBe("NEGATIVE");
    // No targeted mention for Cavusoglu: the parts that contain his mentions
    expect(byName.get("Mevlut Cavusoglu")).toBe("NEUTRAL");
  });

  it("takes entity sentiment from the sentences that mention it when the engine has no targets", () => {
    const analysis = buildAnalysis(
      input,
      raw({
        entities: [
          { block: 0, start: 18, end: 34, text: "Mevlut Cavusoglu", type: "PERSON", score: 0.9 },
          { block: 1, start: 3, end: 9, text: "Lavrov", type: "PERSON", score: 0.9 },
        ],
        sentiment: [
          { block: 0, start: 0, end: 35, scores: neutral },
          { block: 0, start: 36, end: 54, scores: negative },
          { block: 1, start: 0, end: 15, scores: negative },
        ],
      }),
    );
    const byName = new Map(analysis.entities.map((e) => [e.text, e.sentiment.label]));
    expect(byName.get("Mevlut Cavusoglu")).toBe("NEUTRAL");
    expect(byName.get("Lavrov")).toBe("NEGATIVE");
    // The article: 35 neutral characters against 33 negative ones
    expect(analysis.sentiment.scores.negative).toBeCloseTo(33 / 68, 3);
  });

  it("scores key phrases the same whatever the engine's confidence scale: relative, top = 1", () => {
    const phrases = [
      { block: 0, start: 42, end: 47, text: "Talks", score: 0.99 },
      { block: 0, start: 0, end: 13, text: "Sergei Lavrov", score: 0.99 },
    ];
    const entities = [
      { block: 0, start: 0, end: 13, text: "Sergei Lavrov", type: "PERSON" as const, score: 0.9 },
    ];
    const analysis = buildAnalysis(input, raw({ keyPhrases: phrases, entities }));
    // A phrase that is only a name weighs a third: "Talks" ranks first despite coming later
    expect(analysis.keyPhrases.map((p) => [p.text, p.score])).toEqual([
      ["Talks", 1],
      ["Sergei Lavrov", expect.any(Number)],
    ]);
    expect(analysis.keyPhrases[1]?.score).toBeLessThan(1);
  });
});
