import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../functions/core/analyze/sentences.js";

describe("splitSentences", () => {
  it.each([
    {
      name: "plain sentences",
      text: "Russia and Turkey met. They agreed!  Will it last?",
      expected: ["Russia and Turkey met.", "They agreed!", "Will it last?"],
    },
    {
      name: "an initial before a surname",
      text: "Putin will discuss it, said M. Peskov. The talks start on Friday.",
      expected: ["Putin will discuss it, said M. Peskov.", "The talks start on Friday."],
    },
    {
      name: "French plural honorific and English titles",
      text: "Relations between MM. Putin and Erdogan are good. Mr. Smith and Dr. Jones agree.",
      expected: [
        "Relations between MM. Putin and Erdogan are good.",
        "Mr. Smith and Dr. Jones agree.",
      ],
    },
    {
      name: "a closing guillemet that belongs to the quoted sentence",
      text: "« We are proud. » He left.",
      expected: ["« We are proud. »", "He left."],
    },
    {
      name: "a straight closing quote left open by the previous sentence",
      text: '"We do not give up. Our deal came first." Then he left.',
      expected: ['"We do not give up.', 'Our deal came first."', "Then he left."],
    },
    { name: "blank text", text: "  \n ", expected: [] },
  ])("splits $name", ({ text, expected }) => {
    expect(splitSentences(text).map((s) => s.text)).toEqual(expected);
  });

  it("gives spans that index the input verbatim", () => {
    const text = "  Sergueï Lavrov spoke. « Çavuşoğlu answered. »  ";
    for (const span of splitSentences(text)) {
      expect(text.slice(span.start, span.end)).toBe(span.text);
    }
  });
});
