import { describe, expect, it } from "vitest";
import {
  acceptedAnswer,
  atSentenceStart,
  markedCompounds,
  markedWords,
  occursAsWritten,
  spliceForeignWords,
  type WordLookups,
} from "../../../functions/adapters/local/apertium-word-fallback.js";

/** Lookups from tables, recording what was asked. */
function tableLookups(
  french: Record<string, string>,
  back: Record<string, string> = {},
): WordLookups & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    french: async (word) => {
      asked.push(`fr:${word}`);
      return french[word];
    },
    back: async (word) => {
      asked.push(`back:${word}`);
      return back[word];
    },
  };
}

describe("markedWords", () => {
  it("tells French left as written (**) from words of the pivot language (*)", () => {
    const marked = "The **grévistes of *Burdeos saw a *treintena of **donateurs.";
    expect(markedWords(marked).map(({ word, kind }) => [word, kind])).toEqual([
      ["grévistes", "source"],
      ["Burdeos", "pivot"],
      ["treintena", "pivot"],
      ["donateurs", "source"],
    ]);
  });

  it("skips the first part of a hyphenated compound and two-letter fragments", () => {
    // "co-production": Apertium marks the prefix "co" alone; looked up it would be "with".
    expect(markedWords("a **co-production and **sapeurs-firemen, **xy")).toEqual([]);
    // The second part of a compound is a word of its own.
    expect(markedWords("the anti-**trottinettes").map((w) => w.word)).toEqual(["trottinettes"]);
  });

  it("ignores escaped stars and marks inside words", () => {
    expect(markedWords("5 \\*stars and a*b")).toEqual([]);
  });
});

describe("acceptedAnswer", () => {
  it("takes a word or a short phrase Apertium fully translated", () => {
    expect(acceptedAnswer("grévistes", "strikers")).toBe("strikers");
    expect(acceptedAnswer("vestiaires", " changing  rooms ")).toBe("changing rooms");
  });

  it("refuses marked, unchanged, empty, long or non-word answers", () => {
    expect(acceptedAnswer("grévistes", "*vaguistes")).toBeUndefined();
    expect(acceptedAnswer("gazole", "**gazole")).toBeUndefined();
    expect(acceptedAnswer("plomb", "#lead")).toBeUndefined();
    expect(acceptedAnswer("micro", "Micro")).toBeUndefined();
    expect(acceptedAnswer("x", "  ")).toBeUndefined();
    expect(acceptedAnswer("targuent", "they fan of being")).toBeUndefined();
    expect(acceptedAnswer("mot", "word 2")).toBeUndefined();
  });
});

describe("occursAsWritten", () => {
  it("matches a whole word, case and accents as written", () => {
    expect(occursAsWritten("Bordeaux", "Les vins de Bordeaux.")).toBe(true);
    expect(occursAsWritten("Bordeaux", "Les Bordelais.")).toBe(false);
    expect(occursAsWritten("Bord", "Les vins de Bordeaux.")).toBe(false);
  });
});

describe("spliceForeignWords", () => {
  it("replaces each looked-up word in place and keeps the rest of the sentence", async () => {
    const lookups = tableLookups({ grévistes: "strikers", donateurs: "donors" });
    const result = await spliceForeignWords(
      "The **grévistes thanked the **donateurs, and the **trottinettes stayed.",
      "Les grévistes ont remercié les donateurs, et les trottinettes sont restées.",
      lookups,
    );
    expect(result.text).toBe("The strikers thanked the donors, and the **trottinettes stayed.");
    expect(result.replaced).toEqual({ source: 2, pivot: 0, name: 0, dictionary: 0, cognate: 0 });
    expect(result.kept).toBe(1);
  });

  it("never replaces a capitalised French word: a name Apertium copied on purpose", async () => {
    const lookups = tableLookups({ Zelensky: "Zelenskij" });
    const result = await spliceForeignWords("**Zelensky said.", "Zelensky a dit.", lookups);
    expect(result.text).toBe("**Zelensky said.");
    expect(lookups.asked).toEqual([]);
  });

  it("puts a pivot-language word back into French, then looks the French up", async () => {
    const lookups = tableLookups({ trentaine: "about thirty" }, { treintena: "Trentaine" });
    const result = await spliceForeignWords(
      "A *treintena of firemen.",
      "Une trentaine de pompiers.",
      lookups,
    );
    expect(result.text).toBe("A about thirty of firemen.");
    // es-fr capitalised the lemma; the lookup gets the word's own case.
    expect(lookups.asked).toEqual(["back:treintena", "fr:trentaine"]);
    expect(result.replaced.pivot).toBe(1);
  });

  it("gives a name the pivot renamed its French spelling, only when the French has it", async () => {
    const lookups = tableLookups({}, { Burdeos: "Bordeaux", Londres: "Londres" });
    const kept = await spliceForeignWords("in *Burdeos", "à Bordeaux", lookups);
    expect(kept.text).toBe("in Bordeaux");
    expect(kept.replaced.name).toBe(1);
    const notInSource = await spliceForeignWords("in *Burdeos", "dans le Bordelais", lookups);
    expect(notInSource.text).toBe("in *Burdeos");
  });

  it("returns the text unchanged when nothing is marked", async () => {
    const lookups = tableLookups({});
    const result = await spliceForeignWords("The black cat.", "Le chat noir.", lookups);
    expect(result).toEqual({
      text: "The black cat.",
      replaced: { source: 0, pivot: 0, name: 0, dictionary: 0, cognate: 0 },
      kept: 0,
    });
    expect(lookups.asked).toEqual([]);
  });

  it("asks the dictionaries only for what the pivots could not translate", async () => {
    const asked: string[] = [];
    const lookups: WordLookups = {
      french: async (word) => (word === "grévistes" ? "strikers" : undefined),
      back: async () => undefined,
      dictionary: async (word) => {
        asked.push(word);
        return word === "viticulteurs" ? "wine-growers" : undefined;
      },
    };
    const result = await spliceForeignWords(
      "The **grévistes and the **viticulteurs and the **cépages.",
      "Les grévistes et les viticulteurs et les cépages.",
      lookups,
    );
    expect(result.text).toBe("The strikers and the wine-growers and the **cépages.");
    expect(asked).toEqual(["viticulteurs", "cépages"]);
    expect(result.replaced).toMatchObject({ source: 1, dictionary: 1 });
    expect(result.kept).toBe(1);
  });

  it("looks a pivot word the French has as written up as French; its twin before dictionaries", async () => {
    const asked: string[] = [];
    const lookups: WordLookups = {
      french: async (word) => {
        asked.push(`fr:${word}`);
        return undefined;
      },
      // es-fr gives "micro" back unchanged (refused), "plenaria" as "plénière".
      back: async (word) => (word === "plenaria" ? "plénière" : undefined),
      dictionary: async (word) => {
        asked.push(`dict:${word}`);
        return { micro: "microphone", plénière: "full" }[word];
      },
      cognate: async (word) => (word === "plenaria" ? "plenary" : undefined),
    };
    const result = await spliceForeignWords(
      "The *micro of the session *plenaria and the *repliegue.",
      "Le micro de la séance plénière et le repli.",
      lookups,
    );
    expect(result.text).toBe("The microphone of the session plenary and the *repliegue.");
    expect(asked).toContain("fr:micro");
    expect(asked).toContain("dict:micro");
    // The twin answered: the dictionaries were not asked for "plénière".
    expect(asked).not.toContain("dict:plénière");
    // "repliegue" is not in the French as written: nothing to look up.
    expect(asked.filter((a) => a.includes("repliegue"))).toEqual([]);
    expect(result.replaced).toMatchObject({ dictionary: 1, cognate: 1 });
  });

  it("puts a capitalised pivot word at a sentence start back lower-cased, not elsewhere", async () => {
    const lookups = tableLookups({ trentaine: "about thirty" }, { treintena: "trentaine" });
    const start = await spliceForeignWords(
      "*Treintena of firemen.",
      "Une trentaine de pompiers.",
      lookups,
    );
    expect(start.text).toBe("About thirty of firemen.");
    const inside = await spliceForeignWords(
      "They saw *Treintena.",
      "Ils ont vu Trentaine.",
      lookups,
    );
    expect(inside.text).toBe("They saw *Treintena.");
  });
});

describe("hyphenated compounds whose first part is French", () => {
  it("finds the French compound and replaces the whole English one by the dictionary's", async () => {
    expect(
      markedCompounds("The **sapeurs-firemen came.", "Les sapeurs-pompiers sont venus."),
    ).toEqual([{ start: 4, end: 21, word: "sapeurs-pompiers", kind: "compound" }]);
    // Not in the French as written: nothing to look up.
    expect(markedCompounds("The **sapeurs-firemen came.", "Les pompiers sont venus.")).toEqual([]);
    const asked: string[] = [];
    const lookups: WordLookups = {
      french: async () => undefined,
      back: async () => undefined,
      dictionary: async (word) => {
        asked.push(word);
        return word === "sapeurs-pompiers" ? "firefighters" : undefined;
      },
    };
    const result = await spliceForeignWords(
      "The **sapeurs-firemen and the **co-production.",
      "Les sapeurs-pompiers et la co-production.",
      lookups,
    );
    expect(result.text).toBe("The firefighters and the **co-production.");
    expect(asked).toEqual(["sapeurs-pompiers", "co-production"]);
    expect(result.kept).toBe(1);
  });
});

describe("atSentenceStart", () => {
  it("is true at the start and after an end mark, with or without an opening quote", () => {
    expect(atSentenceStart("Word", 0)).toBe(true);
    expect(atSentenceStart("Done. Word", 6)).toBe(true);
    expect(atSentenceStart('Done. "Word', 7)).toBe(true);
    expect(atSentenceStart("the Word", 4)).toBe(false);
  });
});
