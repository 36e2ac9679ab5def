import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApertiumTranslator,
  apertiumAvailable,
  SPANISH_THEN_CATALAN,
} from "../../functions/adapters/local/apertium-translator.js";
import { leftoverRate, loadLexicons } from "../../scripts/eval/metrics/leftovers.js";
import {
  loadReferences,
  type Measurement,
  measure,
} from "../../scripts/eval/translate-references.js";

interface Floors {
  readonly leftoversPer1000: { readonly engine: number; readonly twoPivots: number };
  readonly articles: Readonly<Record<string, { chrF: number; gain: number }>>;
}
const FLOORS = JSON.parse(
  readFileSync(new URL("./translate-floors.json", import.meta.url), "utf8"),
) as Floors;
const references = loadReferences();

describe("translation references", () => {
  it("are at least 8 articles of several sources, each with a floor and its provenance", () => {
    expect(references.length).toBeGreaterThanOrEqual(8);
    expect(new Set(references.map((r) => r.provenance.split(".")[0])).size).toBeGreaterThan(2);
    for (const reference of references) {
      expect(FLOORS.articles[reference.name], reference.name).toBeDefined();
      expect(reference.english.paragraphs).toHaveLength(reference.french.paragraphs.length);
    }
  });
});

describe.runIf(await apertiumAvailable())("offline translation floors (real Apertium)", () => {
  const rows = new Map<string, { raw: Measurement; engine: Measurement; twoPivots: Measurement }>();
  let raw: ApertiumTranslator;
  let engine: ApertiumTranslator;
  let twoPivots: ApertiumTranslator;
  beforeAll(async () => {
    raw = await ApertiumTranslator.start({ raw: true });
    engine = await ApertiumTranslator.start();
    twoPivots = await ApertiumTranslator.start({ pivots: SPANISH_THEN_CATALAN });
    const lexicons = loadLexicons();
    for (const reference of references) {
      rows.set(reference.name, {
        raw: await measure(reference, raw, lexicons),
        engine: await measure(reference, engine, lexicons),
        twoPivots: await measure(reference, twoPivots, lexicons),
      });
    }
  }, 120_000);
  afterAll(async () => {
    await raw?.close();
    await engine?.close();
    await twoPivots?.close();
  });

  it.each(references.map((r) => r.name))(
    "%s: chrF and gain over the raw pipe at their floors",
    (name) => {
      const row = rows.get(name);
      const floor = FLOORS.articles[name];
      expect(row && floor).toBeTruthy();
      if (!row || !floor) return;
      expect(row.engine.chrF).toBeGreaterThanOrEqual(floor.chrF);
      expect(row.engine.chrF - row.raw.chrF).toBeGreaterThanOrEqual(floor.gain);
    },
  );

  it("leaves fewer foreign words than the raw pipe, within the pinned ceilings", () => {
    const all = [...rows.values()];
    const rawRate = leftoverRate(all.map((r) => r.raw.leftovers));
    const engineRate = leftoverRate(all.map((r) => r.engine.leftovers));
    const twoPivotsRate = leftoverRate(all.map((r) => r.twoPivots.leftovers));
    expect(engineRate).toBeLessThan(rawRate);
    expect(engineRate).toBeLessThanOrEqual(FLOORS.leftoversPer1000.engine);
    expect(twoPivotsRate).toBeLessThanOrEqual(FLOORS.leftoversPer1000.twoPivots);
    expect(twoPivotsRate).toBeLessThan(rawRate / 2);
  });
});
