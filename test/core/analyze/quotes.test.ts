import { describe, expect, it } from "vitest";
import {
  findQuotes,
  joinSpeaker,
  nameIn,
  type SpeakerCandidate,
} from "../../../functions/core/analyze/quotes.js";

const entities: SpeakerCandidate[] = [
  { text: "Dmitry Peskov", type: "PERSON" },
  { text: "Recep Tayyip Erdogan", type: "PERSON" },
  { text: "Sergueï Lavrov", type: "PERSON" },
  { text: "Vladimir Putin", type: "PERSON" },
  { text: "Bayraktar TB2", type: "COMMERCIAL_ITEM" },
  { text: "Haluk Bayraktar", type: "PERSON" },
];

/** Quotes of a French text whose English is the same shape (marks in the same places). */
function quotesOf(french: string[], english: string[] = french) {
  return findQuotes(french, english, entities);
}

describe("findQuotes: constructed cases", () => {
  it("attribution after the quotation: « … », a déclaré M. Peskov", () => {
    const [quote, ...rest] = quotesOf([
      "« La coopération militaire entre les deux pays est constante », a déclaré M. Peskov. Il a ensuite quitté la salle.",
    ]);
    expect(rest).toEqual([]);
    expect(quote).toMatchObject({
      original: "La coopération militaire entre les deux pays est constante",
      speaker: "Dmitry Peskov",
      attribution: "M. Peskov",
      paragraph: 0,
      paragraphCount: 1,
      textIs: "span",
    });
  });

  it("attribution before the quotation: Erdogan a confirmé : « … »", () => {
    const [quote] = quotesOf([
      "Lors d’une interview, Erdogan a confirmé : « La Russie nous a octroyé un crédit très acceptable. »",
    ]);
    expect(quote).toMatchObject({
      speaker: "Recep Tayyip Erdogan",
      attribution: "Erdogan",
    });
  });

  it("a nested quotation belongs to the outer one", () => {
    const quotes = quotesOf([
      "« Le président m’a dit “jamais sans l’accord de Moscou”, et je le crois », a affirmé Sergueï Lavrov.",
    ]);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({
      original: "Le président m’a dit “jamais sans l’accord de Moscou”, et je le crois",
      speaker: "Sergueï Lavrov",
    });
  });

  it("a quotation over two paragraphs (reopened with «) is one quotation", () => {
    const quotes = quotesOf([
      "M. Bayraktar a déclaré à CNN : « Nous ne leur avons rien livré ni fourni.",
      "« Nous soutenons l’Ukraine et sa souveraineté depuis le début. »",
      "Le fabricant a ensuite publié un communiqué sans rapport.",
    ]);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({
      original:
        "Nous ne leur avons rien livré ni fourni.\n\nNous soutenons l’Ukraine et sa souveraineté depuis le début.",
      speaker: "Haluk Bayraktar",
      paragraph: 0,
      paragraphCount: 2,
    });
  });

  it("« … » without attribution: speaker null, not a guess", () => {
    const quotes = quotesOf([
      "« Nous ne céderons jamais devant la pression », a déclaré Vladimir Poutine.",
      "« Nous verrons bien ce que l’avenir réserve à tous. »",
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(["Vladimir Putin", null]);
    expect(quotes[1]?.attribution).toBeNull();
  });

  it("'a-t-il ajouté' and 'selon lui' give the previous speaker", () => {
    const quotes = quotesOf([
      '"Nous avons confirmé notre objectif mutuel avec la Turquie", a dit Sergueï Lavrov.',
      '"Les sanctions ne changeront rien à cette coopération", a-t-il ajouté.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(["Sergueï Lavrov", "Sergueï Lavrov"]);
  });

  it("', selon X' after the quotation names X", () => {
    const [quote] = quotesOf([
      "« La livraison des systèmes aura lieu comme prévu », selon Dmitry Peskov.",
    ]);
    expect(quote?.speaker).toBe("Dmitry Peskov");
  });

  it("a speaker the entities do not know keeps the French words, speaker null", () => {
    const [quote] = quotesOf([
      "Le bureau présidentiel turc a publié sur Twitter : « Le président a souligné l’importance de la paix ».",
    ]);
    expect(quote).toMatchObject({
      speaker: null,
      attribution: "Le bureau présidentiel turc",
    });
  });

  it("one to three quoted words are a term or a scare quote, not a quotation", () => {
    expect(quotesOf(['Il y a vu une attaque contre la "souveraineté" de la Turquie.'])).toEqual([]);
    expect(quotesOf(["Les « sanctions occidentales » n’influent pas."])).toEqual([]);
  });

  it("takes the English span when the marks line up, the English paragraph when they do not", () => {
    const french = ["« Nous avons confirmé notre objectif mutuel », a dit Sergueï Lavrov."];
    const aligned = quotesOf(french, ['"We have confirmed our mutual aim", said Sergei Lavrov.']);
    expect(aligned[0]).toMatchObject({
      text: "We have confirmed our mutual aim",
      textIs: "span",
    });
    const lost = quotesOf(french, ["We have confirmed our mutual aim, said Sergei Lavrov."]);
    expect(lost[0]).toMatchObject({
      text: "We have confirmed our mutual aim, said Sergei Lavrov.",
      textIs: "paragraph",
    });
  });
});

describe("speaker names", () => {
  it.each([
    ["M. Peskov", "Peskov"],
    ["le porte-parole officiel du Kremlin, Dmitry Peskov", "Dmitry Peskov"],
    ["Le bureau présidentiel turc", ""],
    ["Vladimir Poutine", "Vladimir Poutine"],
  ])("nameIn(%s) = %s", (attribution, name) => {
    expect(nameIn(attribution)).toBe(name);
  });

  it("joins a French transliteration to the English entity, a person before a drone", () => {
    expect(joinSpeaker("Vladimir Poutine", entities)?.text).toBe("Vladimir Putin");
    expect(joinSpeaker("Bayraktar", entities)?.text).toBe("Haluk Bayraktar");
    expect(joinSpeaker("Ali Khamenei", entities)).toBeUndefined();
    // Another first name with a known surname is another person
    expect(joinSpeaker("Selçuk Bayraktar", entities)).toBeUndefined();
  });
});
