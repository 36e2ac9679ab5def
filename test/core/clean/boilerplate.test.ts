import { describe, expect, it } from "vitest";
import {
  isWholeWordPhrase,
  matchBoilerplate,
  patternsOf,
  phraseAlternation,
} from "../../../functions/core/clean/select/boilerplate.js";
import { BOILERPLATE_PATTERNS } from "../../../functions/core/clean/select/boilerplate-patterns.js";
import { BOILERPLATE_LISTS } from "../../../functions/core/clean/select/boilerplate-phrases.js";
import { fold } from "../../../functions/core/clean/select/fold.js";

describe("phraseAlternation", () => {
  it("matches a one-word phrase only as a whole word", () => {
    const pattern = phraseAlternation(["Pub", "Lire aussi"], true);
    expect(pattern.test("pub")).toBe(true);
    expect(pattern.test("pub : votre magasin")).toBe(true);
    expect(pattern.test("publication du rapport")).toBe(false);
  });

  it("matches a phrase of several words as a prefix, glued or not", () => {
    const pattern = phraseAlternation(["Lire aussi"], true);
    expect(pattern.exec("lire aussi : la suite")?.[0]).toBe("lire aussi");
    expect(pattern.exec("lire aussiles autres")?.[0]).toBe("lire aussi");
  });

  it("prefers the longest phrase at the same position", () => {
    const pattern = phraseAlternation(["Lire", "Lire aussi", "Lire la suite"], true);
    expect(pattern.exec("lire la suite de l'article")?.[0]).toBe("lire la suite");
    expect(pattern.exec("lire aussi")?.[0]).toBe("lire aussi");
    expect(pattern.exec("lire")?.[0]).toBe("lire");
  });

  it("escapes regular-expression characters in phrases", () => {
    const pattern = phraseAlternation(["(c)", "A+"], true);
    expect(pattern.test("(c) afp")).toBe(true);
    expect(pattern.test("aaa")).toBe(false);
  });
});

describe("the boilerplate lists", () => {
  // The one-word phrases are grouped after the others, which keeps "longest first" only while no
  // other phrase is a proper prefix of a one-word phrase.
  it.each(
    BOILERPLATE_LISTS.flatMap((list, index) =>
      Object.entries(list).map(([name, phrases]) => [`list ${index} ${name}`, phrases] as const),
    ),
  )("%s: no other phrase is a prefix of a one-word phrase", (_name, phrases: readonly string[]) => {
    const folded = phrases.map(fold);
    const wholeWords = folded.filter(isWholeWordPhrase);
    const others = folded.filter((phrase) => !isWholeWordPhrase(phrase));
    const clashes = others.flatMap((other) =>
      wholeWords
        .filter((word) => word.length > other.length && word.startsWith(other))
        .map((word) => `${other} < ${word}`),
    );
    expect(clashes).toEqual([]);
  });
});

describe("the precomputed patterns (boilerplate-patterns.ts)", () => {
  it("are what the phrase lists fold into today (run npm run boilerplate)", () => {
    expect(BOILERPLATE_PATTERNS).toEqual(BOILERPLATE_LISTS.map(patternsOf));
  });

  it("are what matching reads: a phrase of each kind, as a page writes it, matches", () => {
    const block = (text: string) => ({
      text,
      folded: fold(text),
      wordCount: text.split(/\s+/).length,
      endsSentence: false,
    });
    expect(matchBoilerplate(block("À lire aussi : la réforme"))).toEqual({
      kind: "teaser",
      labelOnly: false,
    });
    expect(matchBoilerplate(block("Partager cet article"))).toEqual({ kind: "chrome" });
    expect(matchBoilerplate(block("Publicité"))).toEqual({ kind: "chrome" });
  });
});
