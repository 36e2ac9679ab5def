/**
 * `npm run eval -- translate`: the offline engine against the hand-made English references
 * (`scripts/eval/translate-references.ts`), next to the raw Apertium pipe
 * (`apertium -u fr-es | apertium -u spa-eng`, the same long-lived pipeline without pre/post
 * editing), in the same run: chrF (character 6-grams, β = 2) per article, and the foreign
 * leftovers per 1,000 words over all of them (`metrics/leftovers.ts`).
 *
 *   npm run eval -- translate           table
 *   npm run eval -- translate --json    the same numbers as JSON
 *   npm run eval -- translate --words   also list the leftover words
 */
import {
  ApertiumTranslator,
  SPANISH_THEN_CATALAN,
} from "../../functions/adapters/local/apertium-translator.js";
import { leftoverRate, loadLexicons } from "./metrics/leftovers.js";
import { loadReferences, type Measurement, measure } from "./translate-references.js";

export async function evalTranslate(args: readonly string[]): Promise<void> {
  const references = loadReferences();
  const lexicons = loadLexicons();
  const raw = await ApertiumTranslator.start({ raw: true });
  const engine = await ApertiumTranslator.start();
  const twoPivots = await ApertiumTranslator.start({ pivots: SPANISH_THEN_CATALAN });
  const rows: { raw: Measurement; engine: Measurement; twoPivots: Measurement }[] = [];
  try {
    for (const reference of references) {
      rows.push({
        raw: await measure(reference, raw, lexicons),
        engine: await measure(reference, engine, lexicons),
        twoPivots: await measure(reference, twoPivots, lexicons),
      });
    }
  } finally {
    await raw.close();
    await engine.close();
    await twoPivots.close();
  }
  const summary = {
    articles: rows.length,
    words: rows.reduce((n, r) => n + r.engine.words, 0),
    rawLeftoversPer1000: leftoverRate(rows.map((r) => r.raw.leftovers)),
    engineLeftoversPer1000: leftoverRate(rows.map((r) => r.engine.leftovers)),
    twoPivotsLeftoversPer1000: leftoverRate(rows.map((r) => r.twoPivots.leftovers)),
    twoPivotsChoices: twoPivots.choices,
    engineWordFallbacks: engine.wordFallbacks,
    twoPivotsWordFallbacks: twoPivots.wordFallbacks,
  };
  if (args.includes("--json")) {
    console.log(JSON.stringify({ summary, rows }, null, 2));
    return;
  }
  const pad = (text: string | number, width: number) => String(text).padStart(width);
  console.log("chrF and foreign leftovers: raw pipe | engine (default) | engine with es+ca pivots");
  console.log(
    `${"article".padEnd(24)} ${pad("words", 6)} ${pad("raw", 6)} ${pad("engine", 7)} ${pad("gain", 5)} ${pad("es+ca", 6)} ${pad("left raw/eng/es+ca", 19)}`,
  );
  for (const { raw: r, engine: e, twoPivots: t } of rows) {
    const left = `${r.leftovers.leftovers.length}/${e.leftovers.leftovers.length}/${t.leftovers.leftovers.length}`;
    console.log(
      `${e.name.padEnd(24)} ${pad(e.words, 6)} ${pad(r.chrF.toFixed(1), 6)} ${pad(e.chrF.toFixed(1), 7)} ${pad((e.chrF - r.chrF).toFixed(1), 5)} ${pad(t.chrF.toFixed(1), 6)} ${pad(left, 19)}`,
    );
  }
  const mean = (pick: (row: (typeof rows)[number]) => number): string =>
    (rows.reduce((n, row) => n + pick(row), 0) / rows.length).toFixed(2);
  console.log(
    `\n${summary.articles} articles, ${summary.words} French words. Mean chrF: raw ${mean((r) => r.raw.chrF)}, engine ${mean((r) => r.engine.chrF)}, es+ca ${mean((r) => r.twoPivots.chrF)}.`,
  );
  console.log(
    `Leftovers per 1,000 English words: raw ${summary.rawLeftoversPer1000.toFixed(1)}, engine ${summary.engineLeftoversPer1000.toFixed(1)}, es+ca ${summary.twoPivotsLeftoversPer1000.toFixed(1)} (sentences per pivot ${JSON.stringify(summary.twoPivotsChoices)}).`,
  );
  console.log(
    `Per-word fallback (words replaced by lane, kept): engine ${JSON.stringify(summary.engineWordFallbacks)}, es+ca ${JSON.stringify(summary.twoPivotsWordFallbacks)}.`,
  );
  if (args.includes("--words")) {
    for (const { raw: r, engine: e, twoPivots: t } of rows) {
      const words = (m: Measurement) => `[${m.leftovers.leftovers.join(", ")}]`;
      console.log(`${e.name}: raw ${words(r)} engine ${words(e)} es+ca ${words(t)}`);
    }
  }
}
