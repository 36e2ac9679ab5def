import { describe, expect, it } from "vitest";
import { sentenceSlices, sentenceSpans } from "../../../functions/core/text/sentences.js";

describe("sentenceSlices (French, for the translation chunker)", () => {
  it.each([
    {
      name: "ends of sentences",
      text: "Erdogan arrive le 5 août. Il verra Poutine ! Et ensuite ?",
      expected: ["Erdogan arrive le 5 août. ", "Il verra Poutine ! ", "Et ensuite ?"],
    },
    {
      name: "« M. » and « MM. » before a name",
      text: "M. Peskov a parlé. MM. Poutine et Erdogan se verront.",
      expected: ["M. Peskov a parlé. ", "MM. Poutine et Erdogan se verront."],
    },
    {
      name: "« av. J.-C. » and « p. ex. »",
      text: "En 52 av. J.-C. les Gaulois résistent. Des outils, p. ex. des haches, furent trouvés.",
      expected: [
        "En 52 av. J.-C. les Gaulois résistent. ",
        "Des outils, p. ex. des haches, furent trouvés.",
      ],
    },
    {
      name: "« Dr » and « Dr. »",
      text: "Le Dr. Martin opère. Le Dr Durand assiste.",
      expected: ["Le Dr. Martin opère. ", "Le Dr Durand assiste."],
    },
    {
      name: "decimals and thousands",
      text: "Le taux est de 3.5 % ou 3,5 %. Il y a 12 000 habitants.",
      expected: ["Le taux est de 3.5 % ou 3,5 %. ", "Il y a 12 000 habitants."],
    },
    {
      name: "a closing guillemet stays with its quotation",
      text: "« Quel genre de projets ? » a-t-il demandé. La réponse a suivi.",
      expected: ["« Quel genre de projets ? » a-t-il demandé. ", "La réponse a suivi."],
    },
    {
      name: "an initial before a surname",
      text: "Vladimir V. Poutine a signé. Le texte est publié.",
      expected: ["Vladimir V. Poutine a signé. ", "Le texte est publié."],
    },
  ])("splits $name", ({ text, expected }) => {
    // Act
    const sentences = sentenceSlices(text, "fr");
    // Assess
    expect(sentences).toEqual(expected);
    expect(sentences.join("")).toBe(text);
  });
});

describe("sentenceSpans (English, for sentiment and the summary)", () => {
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
    expect(sentenceSpans(text, "en").map((s) => s.text)).toEqual(expected);
  });

  it("gives spans that index the input verbatim", () => {
    const text = "  Sergueï Lavrov spoke. « Çavuşoğlu answered. »  ";
    const spans = sentenceSpans(text, "en");
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(text.slice(span.start, span.end)).toBe(span.text);
    }
  });
});
