import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BuiltinAnalyzer } from "../../functions/adapters/local/builtin-analyzer.js";
import { buildAnalysis } from "../../functions/core/analyze/analysis.js";
import { findQuotes } from "../../functions/core/analyze/quotes.js";
import type { RawAnalysis } from "../../functions/core/ports.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

interface Label {
  readonly opens: string;
  readonly paragraph: number;
  readonly paragraphCount?: number;
  readonly speaker: string | null;
}

const labels = JSON.parse(
  readFileSync(fileURLToPath(new URL("quotes.json", import.meta.url)), "utf8"),
) as Record<string, Label[] | string>;
const seeds = Object.entries(labels).flatMap(([seed, list]) =>
  typeof list === "string" ? [] : [{ seed, labels: list }],
);

/** The seed's gold French, its Apertium English and the offline engine's entities. */
async function article(seed: string) {
  const read = (path: string) => JSON.parse(readFileSync(join(FIXTURES, path), "utf8"));
  const french = read(`gold/${seed}.json`) as { paragraphs: string[] };
  const english = read(`analyze/${seed}.en.json`) as {
    title: string | null;
    paragraphs: string[];
  };
  const input = { ...english, language: "en" };
  const [raw] = await new BuiltinAnalyzer().analyze([input]);
  return {
    french,
    english,
    entities: buildAnalysis(input, raw as RawAnalysis).entities,
  };
}

describe("quotations on the seeds (labels in test/golden/quotes.json)", () => {
  it.each(seeds)(
    "$seed: every labelled quotation is found, where it is, with its speaker",
    async ({ seed, labels }) => {
      const { french, english, entities } = await article(seed);
      const quotes = findQuotes(french.paragraphs, english.paragraphs, entities);
      for (const label of labels) {
        const quote = quotes.find((q) => q.original.startsWith(label.opens));
        expect(quote, label.opens).toBeDefined();
        expect(quote).toMatchObject({
          paragraph: label.paragraph,
          originalParagraph: label.paragraph,
          paragraphCount: label.paragraphCount ?? 1,
          speaker: label.speaker,
        });
        // A speaker is an entity of the same document, under the same name
        if (label.speaker !== null) expect(entities.map((e) => e.text)).toContain(label.speaker);
      }
      // Nothing found that was not labelled
      expect(quotes).toHaveLength(labels.length);
    },
  );
});
