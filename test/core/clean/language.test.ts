import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../../functions/core/clean/language.js";

const FRENCH = [
  "Le conseil municipal a adopté mardi soir le budget primitif pour l'année prochaine, après trois heures de débats animés.",
  "L'opposition a voté contre, dénonçant une hausse de la taxe foncière de quatre pour cent et le report de la rénovation des écoles.",
];
const ENGLISH = [
  "The city council approved next year's budget on Tuesday evening after three hours of heated debate in the town hall.",
  "The opposition voted against it, criticising a four per cent rise in property tax and the delay to school repairs.",
];
const GERMAN = [
  "Der Stadtrat hat am Dienstagabend nach dreistündiger Debatte den Haushalt für das kommende Jahr verabschiedet.",
  "Die Opposition stimmte dagegen und kritisierte die Erhöhung der Grundsteuer sowie die Verschiebung der Schulsanierung.",
];

describe("detectLanguage", () => {
  it.each([
    ["French", FRENCH, "fr"],
    ["English", ENGLISH, "en"],
    ["German", GERMAN, "de"],
  ])("names %s with its ISO 639-1 code and full confidence", (_name, paragraphs, code) => {
    const detected = detectLanguage(paragraphs);

    expect(detected.language).toBe(code);
    expect(detected.confidence).toBe(1);
  });

  it("answers und with zero confidence when the text is too short to tell", () => {
    expect(detectLanguage(["Oui."])).toEqual({ language: "und", confidence: 0 });
  });

  it("is less confident about a short text than about a long one", () => {
    const short = detectLanguage(["Le conseil municipal a adopté le budget."]);

    expect(short.language).toBe("fr");
    expect(short.confidence).toBeGreaterThan(0);
    expect(short.confidence).toBeLessThan(1);
  });

  it("is less confident when paragraphs disagree", () => {
    const mixed = detectLanguage([
      FRENCH[0] ?? "",
      ENGLISH[0] ?? "",
      ENGLISH[1] ?? "",
      FRENCH[1] ?? "",
    ]);

    expect(mixed.confidence).toBeLessThan(1);
  });
});
