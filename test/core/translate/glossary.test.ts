import { describe, expect, it } from "vitest";
import {
  GLOSSARY_TERM_MAX_BYTES,
  GlossaryError,
  glossaryCsv,
  glossaryEntriesIn,
  glossaryName,
  parseGlossary,
} from "../../../functions/core/translate/glossary.js";

const FR_EN = { sourceLanguage: "fr", targetLanguage: "en" } as const;
const csv = (text: string, file = "terms.csv") => parseGlossary(text, { ...FR_EN, file });

/** The error a bad file raises, as the user reads it. */
function problem(text: string, file = "terms.csv"): string {
  try {
    csv(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(GlossaryError);
    return (error as Error).message;
  }
  throw new Error("expected a GlossaryError");
}

describe("parseGlossary (CSV, Amazon Translate's terminology format)", () => {
  it("reads a fr,en file with quoted cells, CRLF and a BOM", () => {
    const glossary = csv(
      '\uFEFFfr,en\r\nBayraktar TB2,Bayraktar TB2\r\n"l\'Élysée","the Élysée"\r\n"Paris, Texas","Paris, Texas"\r\n',
    );
    expect(glossary.name).toBe("terms");
    expect(glossary.entries).toEqual([
      { source: "Bayraktar TB2", target: "Bayraktar TB2", line: 2 },
      { source: "l'Élysée", target: "the Élysée", line: 3 },
      { source: "Paris, Texas", target: "Paris, Texas", line: 4 },
    ]);
    expect(glossary.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("picks the fr and en columns of a multi-language file, whatever their order", () => {
    const glossary = csv("de,en,fr\nKreml,Kremlin,Kremlin\nSotschi,Sochi,Sotchi\n");
    expect(glossary.entries.map((e) => [e.source, e.target])).toEqual([
      ["Kremlin", "Kremlin"],
      ["Sotchi", "Sochi"],
    ]);
  });

  it("hashes the terms, not the file's bytes", () => {
    const a = csv("fr,en\nSotchi,Sochi\n");
    expect(csv('fr,en\r\n"Sotchi","Sochi"\r\n\r\n').sha256).toBe(a.sha256);
    expect(csv("fr,en\nSotchi,Sotchi\n").sha256).not.toBe(a.sha256);
  });

  it.each([
    [
      "fr;en\nSotchi;Sochi\n",
      'terms.csv:1: the header row must name the languages of the columns, with "fr" and "en"',
    ],
    [
      "fr,en\nSotchi,Sochi\nKremlin,Kremlin\nSotchi,Sotchi\n",
      'terms.csv:4: duplicate source term "Sotchi" (first on line 2)',
    ],
    ["fr,en\nSotchi,\n", 'terms.csv:2: empty target for "Sotchi"'],
    ["fr,en\n,Sochi\n", "terms.csv:2: empty source term"],
    ["fr,en\nSotchi,Sochi,Russia\n", "terms.csv:2: 3 cells, the header has 2"],
    ['fr,en\n"Sotchi,Sochi\n', "terms.csv:2: unterminated quoted cell"],
    ["fr,en\n", "terms.csv: no terms"],
    ["", "terms.csv: empty file"],
  ])("refuses %j with one line naming file and line", (text, message) => {
    expect(problem(text)).toContain(message);
    expect(problem(text)).not.toContain("\n");
  });

  it(`refuses a term over ${GLOSSARY_TERM_MAX_BYTES} UTF-8 bytes (accents count twice)`, () => {
    const long = "é".repeat(GLOSSARY_TERM_MAX_BYTES / 2 + 1);
    expect(problem(`fr,en\nok,ok\n${long},x\n`)).toContain(
      "terms.csv:3: source term is 202 bytes, over Amazon Translate's 200-byte limit",
    );
    expect(() => csv(`fr,en\n${"é".repeat(GLOSSARY_TERM_MAX_BYTES / 2)},x\n`)).not.toThrow();
  });

  it("writes back the CSV Amazon Translate imports", () => {
    const glossary = csv('fr,en\n"Paris, Texas",Paris\nSotchi,"Sochi ""city"""\n');
    expect(glossaryCsv(glossary)).toBe('fr,en\n"Paris, Texas",Paris\nSotchi,"Sochi ""city"""');
    expect(csv(glossaryCsv(glossary)).sha256).toBe(glossary.sha256);
  });
});

describe("parseGlossary (TMX)", () => {
  it("reads the fr and en variants of each unit, entities decoded", () => {
    const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="fr" datatype="plaintext"/>
<body>
  <tu><tuv xml:lang="fr"><seg>Sotchi</seg></tuv><tuv xml:lang="en"><seg>Sochi</seg></tuv></tu>
  <tu>
    <tuv xml:lang="fr-FR"><seg>AT&amp;T France</seg></tuv>
    <tuv xml:lang="en-US"><seg>AT&amp;T France</seg></tuv>
  </tu>
</body></tmx>`;
    const glossary = parseGlossary(tmx, { ...FR_EN, file: "terms.tmx" });
    expect(glossary.format).toBe("tmx");
    expect(glossary.entries).toEqual([
      { source: "Sotchi", target: "Sochi", line: 4 },
      { source: "AT&T France", target: "AT&T France", line: 5 },
    ]);
    // Same terms, same fingerprint, whatever the format.
    expect(glossary.sha256).toBe(csv("fr,en\nSotchi,Sochi\nAT&T France,AT&T France\n").sha256);
  });

  it("names the unit that lacks a language", () => {
    const tmx = `<tmx version="1.4"><body>
<tu><tuv xml:lang="fr"><seg>Sotchi</seg></tuv></tu></body></tmx>`;
    expect(() => parseGlossary(tmx, { ...FR_EN, file: "t.tmx" })).toThrow(
      't.tmx:2: empty target for "Sotchi"',
    );
  });
});

describe("glossaryName", () => {
  it("is a valid terminology name derived from the file name", () => {
    expect(glossaryName("/data/terms.csv")).toBe("terms");
    expect(glossaryName("Lexique défense (v2).tmx")).toBe("Lexique-defense-v2");
    expect(glossaryName("***.csv")).toBe("glossary");
  });
});

describe("glossaryEntriesIn", () => {
  const glossary = csv(
    "fr,en\nle Kremlin,the Kremlin\ntrottinette,scooter\nl'Élysée,the Élysée\nSotchi,Sochi\n",
  );
  const sources = (text: string) => glossaryEntriesIn(glossary, text).map((e) => e.source);

  it("finds terms under their inflected and elided forms", () => {
    expect(sources("Un porte-parole du Kremlin a parlé.")).toEqual(["le Kremlin"]);
    expect(sources("Les trottinettes sont interdites.")).toEqual(["trottinette"]);
    expect(sources("Il est arrivé à l’Élysée.")).toEqual(["l'Élysée"]);
  });

  it("finds nothing in a paragraph without the terms", () => {
    expect(sources("La Russie et la Turquie vont poursuivre leur coopération.")).toEqual([]);
  });
});
