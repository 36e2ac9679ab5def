import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../../functions/core/clean/clean-article.js";
import { repairMojibake } from "../../../functions/core/clean/decode/mojibake.js";
import { normalizeText } from "../../../functions/core/clean/decode/normalize.js";

/** What a wrong decode makes of a text: its UTF-8 bytes read as Windows-1252. */
function misread(text: string): string {
  return new TextDecoder("windows-1252").decode(new TextEncoder().encode(text));
}

describe("repairMojibake", () => {
  it.each([
    ["accents", "L'été à Paris : où, déjà, Noël, œuvre, État, ça"],
    ["typographic quotes and apostrophes", "« C’est la fin », a-t-il dit — “enfin”…"],
    ["symbols", "25 °C, 12 €, 3 ½ %, © AFP, JOHNSON’S®"],
    ["other scripts", "Сергей Лавров, Çavuşoğlu, Łódź, Αθήνα, Nguyễn, 👍"],
  ])("gives back %s read as Windows-1252", (_, text) => {
    expect(misread(text)).not.toBe(text);
    expect(repairMojibake(misread(text))).toBe(text);
  });

  it("repairs text that was read wrongly twice", () => {
    const text = "Le président a déclaré « non »";
    expect(repairMojibake(misread(misread(text)))).toBe(text);
  });

  it("repairs the Windows-1252 punctuation a browser-style decode shows for 0x80–0x9F", () => {
    // Written out: Node 20's windows-1252 decoder gives C1 controls for these bytes instead
    expect(repairMojibake("câ€™est l’Å“uvre Â«â€‰ouiâ€‰Â» â€” fin â€¦")).toBe(
      "c’est l’œuvre «\u2009oui\u2009» — fin …",
    );
  });

  it("repairs the C1 controls a Latin-1 decode leaves for 0x80–0x9F", () => {
    // "’" is E2 80 99: Latin-1 shows "â" and two invisible C1 controls
    expect(repairMojibake("JOHNSON\u00e2\u0080\u0099S")).toBe("JOHNSON’S");
  });

  it.each([
    "Le château, la forêt, naïve, Noël, Ô combien, à la une",
    "São Paulo, IRMÃ, Ângelo, Ðorđe, 3×2, Øresund",
    "AT&T, C++, ~/.config, 100 % sûr, £5, ¿Qué?",
    // "é" starts a three-byte sequence only before two continuation characters
    "café«",
    "né°",
    // Brand marks and quoted letters: É® and ß’ are not UTF-8 sequences anyone meant
    "NESCAFÉ® Classic, the mask of ‘K’/‘ß’/‘İ’",
    // French typography: a no-break space before » after an accented letter (E9 A0 BB is "頻")
    "un niveau très élevé\u00a0», a-t-il dit ; L’ÉTÉ\u00a0!",
  ])("leaves correct text alone: %s", (text) => {
    expect(repairMojibake(text)).toBe(text);
  });

  it("keeps a run that is not UTF-8 (an overlong form) as written", () => {
    // C0 AF would be an overlong "/": not a lead byte, so nothing matches; E0 80 80 is overlong
    expect(repairMojibake("\u00e0\u0080\u0080")).toBe("\u00e0\u0080\u0080");
  });
});

describe("the cleaner on a mojibake scrape", () => {
  it("repairs before normalising: NBSP and C1 bytes of the sequences still count", () => {
    expect(normalizeText(misread("Il a dit\u00a0: «\u00a0oui\u00a0» à Paris."))).toBe(
      "Il a dit : « oui » à Paris.",
    );
  });

  it("gives the article in the French it was written in, and detects French", async () => {
    const article = [
      "Le gouvernement a présenté mercredi son budget",
      "",
      "Le ministre de l’Économie a présenté mercredi à Paris un budget qualifié de « responsable », qui prévoit une baisse des dépenses publiques dès l’année prochaine.",
      "",
      "Selon lui, « l’État doit montrer l’exemple » : les ministères verront leurs crédits réduits de 2 % en moyenne, à l’exception de la défense et de l’éducation.",
    ].join("\n");
    const cleaned = await cleanArticle(new TextEncoder().encode(misread(article)));

    expect(cleaned.title).toBe("Le gouvernement a présenté mercredi son budget");
    expect(cleaned.paragraphs.join(" ")).toContain("« l’État doit montrer l’exemple »");
    expect(cleaned.paragraphs.join(" ")).not.toMatch(/Ã|â€/u);
    expect(cleaned.language).toBe("fr");
  });
});
