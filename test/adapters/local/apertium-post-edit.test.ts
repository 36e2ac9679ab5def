import { describe, expect, it } from "vitest";
import {
  englishTypography,
  protectText,
  restoreText,
  rewriteTenses,
} from "../../../functions/adapters/local/apertium-post-edit.js";

describe("protectText", () => {
  it("puts model codes, URLs and handles behind placeholders, and leaves numbers and ordinals", () => {
    // Act
    const { text, placeholders } = protectText(
      "Le Su-57, le S-400 et le TB2 (voir https://ex.fr/a?b=1 et @AFP) le 1er mai 2018 à 12h30.",
    );
    // Assess
    expect(text).toBe("Le Zq0x, le Zq1x et le Zq2x (voir Zq3x et Zq4x) le 1er mai 2018 à Zq5x.");
    expect(placeholders.map((p) => p.english)).toEqual([
      "Su-57",
      "S-400",
      "TB2",
      "https://ex.fr/a?b=1",
      "@AFP",
      "12h30",
    ]);
  });

  it("keeps hyphenated place names with a lowercase link, or Saint-/Sainte-, as written", () => {
    const { text, placeholders } = protectText(
      "D'Aix-en-Provence à Entre-deux-Mers, Saint-Estèphe et Boulogne-sur-Mer, pas les États-Unis ni le sud-ouest.",
    );
    // Glossary terms are numbered first ("les États-Unis" is a built-in term), then the names.
    expect(placeholders.map((p) => p.english)).toEqual([
      "the United States",
      "Aix-en-Provence",
      "Entre-deux-Mers",
      "Saint-Estèphe",
      "Boulogne-sur-Mer",
    ]);
    // sud-ouest is no name: left to Apertium.
    expect(text).toContain("sud-ouest");
  });

  it("treats a literal placeholder-shaped word in the French as a code too", () => {
    const { text, placeholders } = protectText("Le modèle Zq0x.");
    expect(text).toBe("Le modèle Zq0x.");
    expect(placeholders.map((p) => p.english)).toEqual(["Zq0x"]);
  });

  it("replaces glossary terms: l'OTAN, mi-décembre, russo-turque, M. before a name", () => {
    const { text, placeholders } = protectText(
      "M. Lavrov parle de l'OTAN, mi-décembre, et de la coopération russo-turque.",
    );
    // Glossary terms numbered longest source first ("l'OTAN" takes its article along), then
    // the compound nationality rule.
    expect(text).toBe("Zq2x Lavrov parle de Zq1x, Zq0x, et de la coopération Zq3x.");
    expect(placeholders.map((p) => p.english)).toEqual([
      "mid-December",
      "NATO",
      "Mr",
      "Russian-Turkish",
    ]);
  });
});

describe("restoreText", () => {
  const roundTrip = (french: string, apertium: (text: string) => string): string | undefined => {
    const { text, placeholders } = protectText(french);
    return restoreText(apertium(text), placeholders, french);
  };

  it("restores codes and moves them before the noun, as English does", () => {
    expect(
      roundTrip("Le système S-400 et le chasseur Su-57.", (t) =>
        t.replace("Le système", "The system").replace("et le chasseur", "and the fighter"),
      ),
    ).toBe("The S-400 system and the Su-57 fighter.");
  });

  it("drops the article English does not use before NATO", () => {
    expect(
      roundTrip("L'OTAN considère la Turquie.", (t) =>
        t.replace("L'", "The ").replace("considère la Turquie", "consider Turkey"),
      ),
    ).toBe("NATO consider Turkey.");
  });

  it("returns undefined when Apertium lost or duplicated a placeholder", () => {
    const { text, placeholders } = protectText("Le S-400 et le F-35.");
    expect(
      restoreText(text.replace("Zq1x", ""), placeholders, "Le S-400 et le F-35."),
    ).toBeUndefined();
    expect(restoreText(`${text} Zq0x`, placeholders, "Le S-400 et le F-35.")).toBeUndefined();
  });

  it("lowercases the word Apertium capitalised after a name opening a sentence", () => {
    expect(
      restoreText(
        "Erdogan Foresees to arrive. Baykar Is a maker.",
        [],
        "Erdogan prévoit d'arriver. Baykar est un fabricant.",
      ),
    ).toBe("Erdogan foresees to arrive. Baykar is a maker.");
  });

  it("keeps the capital of a name that follows another name", () => {
    expect(restoreText("Vladimir Putin has said.", [], "Vladimir Poutine a dit.")).toBe(
      "Vladimir Putin has said.",
    );
  });

  it("writes titles before names the English way", () => {
    expect(
      restoreText("The Turkish president Tayyip Erdogan met the president Putin.", [], "x"),
    ).toBe("Turkish President Tayyip Erdogan met President Putin.");
  });
});

describe("englishTypography", () => {
  it.each([
    ["« Non », a-t-il dit.", '"Non", a-t-il dit.'],
    ["Il a dit : oui ; non ! Vraiment ?", "Il a dit: oui; non! Vraiment?"],
    ["Un taux de 3,5 % sur 12 000 euros.", "Un taux de 3.5% sur 12,000 euros."],
    ["Deux  espaces , ici .", "Deux espaces, ici."],
    ["En 2017 200 soldats, 1 500 000 habitants.", "En 2017 200 soldats, 1,500,000 habitants."],
  ])("turns %j into %j", (input, expected) => {
    expect(englishTypography(input)).toBe(expected);
  });
});

describe("rewriteTenses", () => {
  it.each([
    ["Il a déclaré que la Russie va continuer.", "Il déclara que la Russie continuera."],
    ["« Non », a-t-il ajouté.", "« Non », ajouta-t-il."],
    ["Ils ont signé et ont également annoncé.", "Ils signèrent et annoncèrent également."],
    [
      "Il a lancé le projet et a fait savoir qu'elle allait utiliser le S-400.",
      "Il lança le projet et fit savoir qu'elle utiliserait le S-400.",
    ],
    ["Ils vont se rendre à Sotchi. Il va être là.", "Ils se rendront à Sotchi. Il sera là."],
    // Left alone: être, object pronouns, first person, negations, ambiguous passé simple.
    [
      "Elle a été élue. Il l'a créé. Nous avons confirmé. Il n'a pas signé. Il a dit non.",
      "Elle a été élue. Il l'a créé. Nous avons confirmé. Il n'a pas signé. Il a dit non.",
    ],
    ["Il y a un comité. Le vote a lieu.", "Il y a un comité. Le vote a lieu."],
  ])("rewrites %j as %j", (french, expected) => {
    expect(rewriteTenses(french)).toBe(expected);
  });
});

describe("protectText: leur / leurs", () => {
  it.each([
    ["pour leur coopération", ["their"]],
    ["Leurs intérêts et leur volonté", ["Their", "their"]],
    ["Je leur ai dit.", []],
    ["Il ne leur donne rien.", []],
    ["pour leur donner", []],
  ])("in %j reads the possessives %j", (french, expected) => {
    expect(protectText(french).placeholders.map((p) => p.english)).toEqual(expected);
  });
});
