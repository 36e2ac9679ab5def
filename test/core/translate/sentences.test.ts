import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../functions/core/translate/sentences.js";

describe("splitSentences (French)", () => {
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
    const sentences = splitSentences(text);
    // Assess
    expect(sentences).toEqual(expected);
    expect(sentences.join("")).toBe(text);
  });
});
