import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { franc } from "franc-min";
import { iso6393To1 } from "iso-639-3";
import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../../functions/core/clean/index.js";
import { identifyLanguage } from "../../../functions/core/clean/language/franc-identifier.js";
import {
  detectLanguage,
  needsLanguageIdentifier,
} from "../../../functions/core/clean/language/language.js";

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

const SAMPLES = (
  JSON.parse(
    readFileSync(new URL("../../fixtures/language/news-paragraph.json", import.meta.url), "utf8"),
  ) as { samples: { language: string; franc: string; text: string }[] }
).samples;

/** Every seed and cleaning fixture, as the cleaner selects it (text and HTML). */
const ARTICLES = await Promise.all(
  [
    ...readdirSync(new URL("../../../seeds/", import.meta.url)).map(
      (name) => new URL(`../../../seeds/${name}`, import.meta.url),
    ),
    ...readdirSync(new URL("../../fixtures/clean/", import.meta.url))
      .filter((name) => /\.(txt|html)$/.test(name))
      .map((name) => new URL(`../../fixtures/clean/${name}`, import.meta.url)),
  ].map(async (url) => ({
    name: url.pathname.split("/").at(-1) ?? "",
    paragraphs: (await cleanArticle(new Uint8Array(readFileSync(url)))).paragraphs,
  })),
);

/** What the cleaner answered before the profile check existed: franc-min on everything. */
function francOnly(paragraphs: readonly string[]): { language: string; confidence: number } {
  const sample = paragraphs.join("\n").slice(0, 800);
  const best = franc(sample);
  const voters = paragraphs
    .filter((p) => p.length >= 60)
    .slice(0, 3)
    .map((p) => p.slice(0, 160));
  const total = voters.reduce((n, v) => n + v.length, 0);
  const agreeing = voters.filter((v) => franc(v) === best).reduce((n, v) => n + v.length, 0);
  const agreement = total > 0 ? agreeing / total : 1;
  const confidence = Math.round(agreement * Math.min(1, sample.length / 200) * 1000) / 1000;
  return { language: iso6393To1[best] ?? "und", confidence };
}

describe("detectLanguage", () => {
  it.each([
    ["French", FRENCH, "fr"],
    ["English", ENGLISH, "en"],
    ["German", GERMAN, "de"],
  ])("names %s with its ISO 639-1 code and full confidence", (_name, paragraphs, code) => {
    const detected = detectLanguage(paragraphs, identifyLanguage);

    expect(detected.language).toBe(code);
    expect(detected.confidence).toBe(1);
  });

  it("answers und with zero confidence when the text is too short to tell", () => {
    expect(detectLanguage(["Oui."])).toEqual({ language: "und", confidence: 0 });
  });

  it("is less confident about a short text than about a long one", () => {
    const short = detectLanguage(["Le conseil municipal a adopté le budget."], identifyLanguage);

    expect(short.language).toBe("fr");
    expect(short.confidence).toBeGreaterThan(0);
    expect(short.confidence).toBeLessThan(1);
  });

  it("is less confident when paragraphs disagree", () => {
    const mixed = detectLanguage(
      [FRENCH[0] ?? "", ENGLISH[0] ?? "", ENGLISH[1] ?? "", FRENCH[1] ?? ""],
      identifyLanguage,
    );

    expect(mixed.confidence).toBeLessThan(1);
  });

  it("refuses to guess without franc when the text is not plainly French or English", () => {
    expect(needsLanguageIdentifier(GERMAN)).toBe(true);
    expect(() => detectLanguage(GERMAN)).toThrow(/identify/);
  });
});

describe("detectLanguage without franc-min for plain French and English", () => {
  // The clean Lambda loads franc-min (~10 ms of cold start) only when this check defers to it.
  it.each(ARTICLES.map((a) => [a.name, a.paragraphs] as const))(
    "%s: decided from the profiles, exactly as franc-min alone decided it",
    (_name, paragraphs) => {
      expect(needsLanguageIdentifier(paragraphs)).toBe(false);
      expect(detectLanguage(paragraphs)).toEqual(francOnly(paragraphs));
    },
  );

  it.each(SAMPLES.map((s) => [s.language, s] as const))(
    "%s: the same language as franc-min, which decides whenever the text is not plainly fr/en",
    (_name, sample) => {
      const detected = detectLanguage([sample.text], identifyLanguage);

      expect(detected.language).toBe(iso6393To1[sample.franc]);
      expect(franc(sample.text)).toBe(sample.franc);
      if (!needsLanguageIdentifier([sample.text])) {
        expect(["fra", "eng"]).toContain(sample.franc);
      }
    },
  );

  it("leaves every sample that is neither French nor English to franc-min", () => {
    const others = SAMPLES.filter((s) => !["fra", "eng"].includes(s.franc));

    expect(others.length).toBeGreaterThan(8);
    expect(others.filter((s) => !needsLanguageIdentifier([s.text])).map((s) => s.language)).toEqual(
      [],
    );
  });
});

describe("needsLanguageIdentifier", () => {
  // The clean Lambda loads franc-min exactly when this says so; if it ever answered "no" for a
  // text that then needed franc, the Lambda would throw instead of cleaning.
  const WORDS = [
    ..."le la les des une président guerre accord sanctions mardi Ankara Moscou a été selon".split(
      " ",
    ),
    ..."the of and president war agreement sanctions Tuesday said has been according".split(" "),
    ..."der und die Krieg Präsident el los guerra presidente il della guerra 12 % « » — !".split(
      " ",
    ),
  ];
  const paragraph = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.constantFrom(...WORDS), { maxLength: 120 }).map((words) => words.join(" ")),
    // Real sentences shuffled: mostly decided from the profiles, sometimes not.
    fc
      .shuffledSubarray([...FRENCH, ...ENGLISH, ...GERMAN], { minLength: 1 })
      .map((sentences) => sentences.join(" ")),
  );

  it("agrees with detectLanguage: no identifier needed means none is asked for", () => {
    fc.assert(
      fc.property(fc.array(paragraph, { maxLength: 6 }), (paragraphs) => {
        const withFranc = detectLanguage(paragraphs, identifyLanguage);
        if (needsLanguageIdentifier(paragraphs)) {
          expect(() => detectLanguage(paragraphs)).toThrow(/identify/);
        } else {
          expect(detectLanguage(paragraphs)).toEqual(withFranc);
        }
      }),
      { numRuns: 500 },
    );
  });
});
