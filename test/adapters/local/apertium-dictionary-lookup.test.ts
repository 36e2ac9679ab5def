import { describe, expect, it } from "vitest";
import {
  englishPlural,
  frenchLemmas,
  lookUpWord,
  type OpenRoute,
  parseEntry,
} from "../../../functions/adapters/local/apertium-dictionary-lookup.js";

/** A dictionary from a table: headword (lower-cased) → entries. */
const table = (entries: Record<string, string[]>) => ({
  lookup: async (headword: string) => entries[headword.toLowerCase()] ?? [],
});

describe("parseEntry", () => {
  it("reads WikDict's layout: the line after the headword, not the gloss after it", () => {
    const entry = "sapeur /sa.pœʁ/ <n, masc>\nzapador\nSoldat de l’arme du génie\n";
    expect(parseEntry(entry)).toEqual({ pos: ["n", "masc"], translations: ["zapador"] });
  });

  it("reads WikDict's numbered senses, each followed by its gloss", () => {
    const entry = "debout /də.bu/ <adv>\n1. aufrecht, gerade\nFiguré\n2. stehend\nSur ses pieds\n";
    expect(parseEntry(entry).translations).toEqual(["aufrecht", "gerade", "stehend"]);
  });

  it("reads ding's layout without its labels, pronunciations, notes and examples", () => {
    const entry = [
      "Gartenschere /ɡˈaɾtɛnʃərə/ <fem, n, sg>",
      " [agr.] garden shears <n> [a pair of] , secateurs <n> [Br.] , pruning shears <n> [Am.]",
      " see: {Amboss-Schere}",
      "         Note: oft fälschlich: Baumschere",
    ].join("\n");
    expect(parseEntry(entry)).toEqual({
      pos: ["fem", "n", "sg"],
      translations: ["garden shears", "secateurs", "pruning shears"],
    });
    expect(parseEntry("Jahrgang <n>\nvolume <n>vol.,  /vˈoːl/\n").translations).toEqual(["volume"]);
  });
});

describe("frenchLemmas", () => {
  it("proposes the word, then plural, feminine and verb origins", () => {
    const lemmas = (word: string) => frenchLemmas(word).map((c) => `${c.lemma}:${c.inflection}`);
    expect(lemmas("viticulteurs")).toEqual(["viticulteurs:none", "viticulteur:plural"]);
    expect(lemmas("plénière")).toContain("plénier:feminine");
    expect(lemmas("facultatives")).toContain("facultatif:feminine");
    expect(lemmas("tablent")).toContain("tabler:verb");
    expect(lemmas("chevaux")).toContain("cheval:plural");
  });
});

describe("englishPlural", () => {
  it("makes a regular plural of the last word", () => {
    expect(englishPlural("wine-grower")).toBe("wine-growers");
    expect(englishPlural("garden shears")).toBe("garden shears");
    expect(englishPlural("sentry")).toBe("sentries");
    expect(englishPlural("box")).toBe("boxes");
  });
});

describe("lookUpWord", () => {
  const route = (
    name: string,
    french: Record<string, string[]>,
    english: Record<string, string[]>,
  ) => ({ name, first: table(french), second: table(english) }) satisfies OpenRoute;

  it("takes the English most routes agree on, then the earlier route's first", async () => {
    const german = route(
      "de",
      { millésime: ["millésime <n, masc>\nJahrgang\n"] },
      { jahrgang: ["Jahrgang <n>\nage cohort <n>\n", "Jahrgang <n>\nvintage <n>, year <n>\n"] },
    );
    const portuguese = route(
      "pt",
      { millésime: ["millésime <n, masc>\nano\n"] },
      { ano: ["ano\nyear\n"] },
    );
    expect(await lookUpWord("millésime", [german, portuguese])).toEqual({
      english: "year",
      lemma: "millésime",
      routes: ["de", "pt"],
    });
    // One route alone: its first candidate.
    expect((await lookUpWord("millésime", [german]))?.english).toBe("age cohort");
  });

  it("within one route, prefers the English more third-language words lead to", async () => {
    const german = route(
      "de",
      {
        "sapeur-pompier": [
          "sapeur-pompier <n, masc>\n1. Feuerwehr\nglose\n2. Feuerwehrleute, Feuerwehrmann\n",
        ],
      },
      {
        feuerwehr: ["Feuerwehr <n>\nfire brigade <n>\n"],
        feuerwehrleute: ["Feuerwehrleute <pl>\nfirefighters, firemen\n"],
        feuerwehrmann: [
          "Feuerwehrmann <n>\nfirefighter <n>, fireman <n>\n",
          "Feuerwehrmann <pl>\nfirefighters\n",
        ],
      },
    );
    expect((await lookUpWord("sapeurs-pompiers", [german]))?.english).toBe("firefighters");
  });

  it("finds the lemma of an inflected word, checks its part of speech, pluralises nouns", async () => {
    const german = route(
      "de",
      { viticulteur: ["viticulteur <n, masc>\nWinzer\n"], tabler: ["tabler <n>\nTisch\n"] },
      { winzer: ["Winzer <n>\nwine-grower <n>\n"], tisch: ["Tisch <n>\ntable <n>\n"] },
    );
    expect((await lookUpWord("viticulteurs", [german]))?.english).toBe("wine-growers");
    // "tablent" is a verb form: a noun entry "tabler" does not fit.
    expect(await lookUpWord("tablent", [german])).toBeUndefined();
  });

  it("refuses a name for a common word and answers nothing when no route has the word", async () => {
    const finnish = route(
      "fi",
      { same: ["same <n>\nsaamelainen\n"] },
      { saamelainen: ["saamelainen\nSami\n"] },
    );
    expect(await lookUpWord("same", [finnish])).toBeUndefined();
    expect(await lookUpWord("inconnu", [finnish])).toBeUndefined();
  });
});
