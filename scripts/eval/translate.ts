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
 *
 * Then the same leftover rate on real French nobody here wrote (`translate-unseen.ts`: the
 * WCXB corpus's French pages if any, GnuPG's help, Debian's French manual pages, the rest of
 * Vim's tutor, the seeds without a reference): no reference there, so no chrF.
 */
import {
  ApertiumTranslator,
  SPANISH_THEN_CATALAN,
} from "../../functions/adapters/local/apertium-translator.js";
import type { Translator } from "../../functions/core/ports.js";
import {
  countLeftovers,
  type LeftoverCount,
  leftoverRate,
  loadLexicons,
} from "./metrics/leftovers.js";
import { loadReferences, type Measurement, measure } from "./translate-references.js";
import { loadUnseenSources } from "./translate-unseen.js";

const FR_EN = { source: "fr", target: "en" } as const;

export async function evalTranslate(args: readonly string[]): Promise<void> {
  const references = loadReferences();
  const lexicons = loadLexicons();
  const raw = await ApertiumTranslator.start({ raw: true });
  const engine = await ApertiumTranslator.start();
  const twoPivots = await ApertiumTranslator.start({ pivots: SPANISH_THEN_CATALAN });
  const rows: { raw: Measurement; engine: Measurement; twoPivots: Measurement }[] = [];
  const unseen = loadUnseenSources();
  const unseenRows: {
    name: string;
    words: number;
    raw: LeftoverCount;
    engine: LeftoverCount;
    twoPivots: LeftoverCount;
  }[] = [];
  const leftovers = async (translator: Translator, french: readonly string[]) => {
    const { paragraphs } = await translator.translate(french, FR_EN);
    return countLeftovers(paragraphs.join("\n"), french.join("\n"), lexicons);
  };
  try {
    for (const reference of references) {
      rows.push({
        raw: await measure(reference, raw, lexicons),
        engine: await measure(reference, engine, lexicons),
        twoPivots: await measure(reference, twoPivots, lexicons),
      });
    }
    for (const source of unseen.sources) {
      unseenRows.push({
        name: source.name,
        words: source.paragraphs.join(" ").split(/\s+/u).length,
        raw: await leftovers(raw, source.paragraphs),
        engine: await leftovers(engine, source.paragraphs),
        twoPivots: await leftovers(twoPivots, source.paragraphs),
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
  const unseenSummary = {
    words: unseenRows.reduce((n, r) => n + r.words, 0),
    rawLeftoversPer1000: leftoverRate(unseenRows.map((r) => r.raw)),
    engineLeftoversPer1000: leftoverRate(unseenRows.map((r) => r.engine)),
    twoPivotsLeftoversPer1000: leftoverRate(unseenRows.map((r) => r.twoPivots)),
    skipped: unseen.skipped,
  };
  if (args.includes("--json")) {
    console.log(JSON.stringify({ summary, rows, unseenSummary, unseenRows }, null, 2));
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
    `Per-word fallback over all texts of this run (words replaced by lane; kept: left as they were, names mostly): engine ${JSON.stringify(summary.engineWordFallbacks)}, es+ca ${JSON.stringify(summary.twoPivotsWordFallbacks)}.`,
  );
  if (args.includes("--words")) {
    for (const { raw: r, engine: e, twoPivots: t } of rows) {
      const words = (m: Measurement) => `[${m.leftovers.leftovers.join(", ")}]`;
      console.log(`${e.name}: raw ${words(r)} engine ${words(e)} es+ca ${words(t)}`);
    }
  }
  const rate = (count: LeftoverCount) => leftoverRate([count]).toFixed(1);
  console.log(
    "\nReal French not written here (leftovers per 1,000 English words; no reference, no chrF)",
  );
  console.log(
    `${"source".padEnd(24)} ${pad("words", 6)} ${pad("raw", 6)} ${pad("engine", 7)} ${pad("es+ca", 6)}`,
  );
  for (const row of unseenRows) {
    console.log(
      `${row.name.padEnd(24)} ${pad(row.words, 6)} ${pad(rate(row.raw), 6)} ${pad(rate(row.engine), 7)} ${pad(rate(row.twoPivots), 6)}`,
    );
  }
  console.log(
    `All ${unseenSummary.words} words: raw ${unseenSummary.rawLeftoversPer1000.toFixed(1)}, engine ${unseenSummary.engineLeftoversPer1000.toFixed(1)}, es+ca ${unseenSummary.twoPivotsLeftoversPer1000.toFixed(1)}.`,
  );
  for (const line of unseen.skipped) console.log(`(${line})`);
  if (args.includes("--words")) {
    for (const row of unseenRows) {
      console.log(`${row.name}: engine [${row.engine.leftovers.join(", ")}]`);
    }
  }
}
