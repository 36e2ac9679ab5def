import { describe, expect, it } from "vitest";
import { normalizeText } from "../../../functions/core/clean/decode/normalize.js";

describe("normalizeText", () => {
  it.each([
    ["composes decomposed accents (NFC)", "e\u0301te\u0301", "été"],
    [
      "turns no-break and narrow no-break spaces into spaces",
      "Quoi\u202f?\u00a0«\u00a0Oui\u00a0»",
      "Quoi ? « Oui »",
    ],
    [
      "turns thin, figure and ideographic spaces into spaces",
      "10\u2009000\u2007€\u3000ici",
      "10 000 € ici",
    ],
    [
      "removes zero-width characters, soft hyphens and stray BOMs",
      "ré\u200bfé\u00adren\u200ddum\ufeff",
      "référendum",
    ],
    ["removes NUL and control characters", "a\u0000b\u0007c\u009fd", "abcd"],
    ["unifies line breaks", "un\r\ndeux\rtrois\u2028quatre", "un\ndeux\ntrois\nquatre"],
    [
      "collapses runs of spaces and trims lines",
      "  trop   d'espaces \t ici  ",
      "trop d'espaces ici",
    ],
    [
      "keeps typographic apostrophes and quotes as written",
      "L’OTAN « dit » “oui”",
      "L’OTAN « dit » “oui”",
    ],
    ["removes unpaired surrogates", "a\ud800b", "ab"],
  ])("%s", (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});
