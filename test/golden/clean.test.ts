import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../functions/core/clean/index.js";
import { aggregateScores, shingleMatch } from "../../scripts/eval/metrics/shingles.js";
import floors from "./clean-floors.json" with { type: "json" };
import { articleBody, type GoldCase, loadGoldCases } from "./gold-cases.js";

/**
 * Golden tests: every gold fixture is cleaned and scored with the benchmark metric (see
 * `npm run eval`); each has a pinned F1 floor in `clean-floors.json`. A floor may only go up:
 * when the cleaner improves, raise it to the new score; never lower one to make a change pass.
 */
const cases = loadGoldCases();
const pinned: Readonly<Record<string, { f1: number; title: boolean }>> = floors.fixtures;

async function clean(testCase: GoldCase): Promise<{ f1: number; title: string | null }> {
  const article = await cleanArticle(testCase.bytes);
  const counts = shingleMatch(
    articleBody(testCase.gold.paragraphs),
    articleBody(article.paragraphs),
  );
  return { f1: aggregateScores([counts]).f1, title: article.title };
}

describe("cleanArticle on gold fixtures", () => {
  it("has a pinned floor for every fixture and no floor without a fixture", () => {
    expect(Object.keys(pinned).sort()).toEqual(cases.map((testCase) => testCase.name).sort());
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
    "%s scores at or above its floor",
    async (name, testCase) => {
      const floor = pinned[name];
      expect(floor, `no floor pinned for ${name}`).toBeDefined();
      const result = await clean(testCase);

      expect(result.f1).toBeGreaterThanOrEqual(floor?.f1 ?? 1);
      if (floor?.title) expect(result.title).toBe(testCase.gold.title);
    },
  );

  it.each([
    ["seed", floors.groups.seed],
    ["html", floors.groups.html],
    ["text", floors.groups.text],
  ] as const)(
    "scores the %s fixtures together at or above the group floor",
    async (group, floor) => {
      const members = cases.filter((testCase) => testCase.group === group);
      const counts = await Promise.all(
        members.map(async (testCase) => {
          const article = await cleanArticle(testCase.bytes);
          return shingleMatch(
            articleBody(testCase.gold.paragraphs),
            articleBody(article.paragraphs),
          );
        }),
      );

      expect(members.length).toBeGreaterThanOrEqual(floors.minimumFixtures[group]);
      expect(aggregateScores(counts).f1).toBeGreaterThanOrEqual(floor);
    },
  );
});
