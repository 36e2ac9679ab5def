import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  countLeftovers,
  ENGLISH_ANALYSERS,
  leftoverRate,
  loadLexicons,
  WORD_LISTS,
} from "../../scripts/eval/metrics/leftovers.js";

const installed = [...Object.values(WORD_LISTS).flat(), ...ENGLISH_ANALYSERS].every((path) =>
  existsSync(path),
);

describe.runIf(installed)(
  "foreign leftovers in English (Debian lists + Apertium analysers)",
  () => {
    const lexicons = loadLexicons();

    it("counts the French and Spanish words the issue found in real Apertium output", () => {
      // The six words of issue 15, each in an English sentence as Apertium leaves them.
      const english =
        "The trottinettes of the grévistes and the donateurs will eventualmente meet the sindical leaders after the apresamiento of the ship.";
      const { leftovers } = countLeftovers(english, "", lexicons);
      expect(leftovers).toEqual([
        "trottinettes",
        "grévistes",
        "donateurs",
        "eventualmente",
        "sindical",
        "apresamiento",
      ]);
    });

    it("counts a French word that one English dictionary alone would let through", () => {
      // eng-spa's English analyser knows "sindical" as an adjective; eng-cat's does not.
      expect(countLeftovers("a sindical meeting", "", lexicons).leftovers).toEqual(["sindical"]);
    });

    it("does not count English words the word lists lack but both English analysers know", () => {
      const english = "The antimissile shield, a diffuser and benzine were found.";
      expect(countLeftovers(english, "", lexicons).leftovers).toEqual([]);
    });

    it("keeps a capitalised name copied from the French, but not one the pivot invented", () => {
      const french = "Les vignerons de Castres et de Bordeaux.";
      // "Castres" is in the French as written: a name on purpose. "Burdeos" is Spanish.
      const { leftovers } = countLeftovers(
        "The winegrowers of Castres and of Burdeos.",
        french,
        lexicons,
      );
      expect(leftovers).toEqual(["Burdeos"]);
    });

    it("counts no lowercase link of a hyphenated name copied from the French", () => {
      const french = "Les vignes de l'Entre-deux-Mers.";
      expect(countLeftovers("The vines of Entre-deux-Mers.", french, lexicons).leftovers).toEqual(
        [],
      );
      // The same word outside the name is a leftover.
      expect(countLeftovers("The deux vines.", french, lexicons).leftovers).toEqual(["deux"]);
    });

    it("skips short words and English plurals", () => {
      expect(countLeftovers("The diffusers and the por con", "", lexicons).leftovers).toEqual([]);
    });

    it("rates per 1,000 words over several texts", () => {
      const a = countLeftovers("the grévistes walked", "", lexicons);
      const b = countLeftovers("the donateurs gave money today", "", lexicons);
      expect(leftoverRate([a, b])).toBeCloseTo((1000 * 2) / 8, 6);
    });
  },
);
