import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { englishPlural } from "../../../functions/adapters/local/apertium-glossary.js";
import {
  ApertiumTranslator,
  apertiumAvailable,
  removeMarks,
  SPANISH_THEN_CATALAN,
  untranslatedWords,
} from "../../../functions/adapters/local/apertium-translator.js";
import { parseGlossary } from "../../../functions/core/translate/glossary.js";

const FR_EN = { source: "fr", target: "en" } as const;

const GLOSSARY = parseGlossary(
  [
    "fr,en",
    "Bayraktar TB2,Bayraktar TB2",
    "trottinette,e-scooter",
    "gréviste,striker",
    "cheval,horse",
    "le Kremlin,the Kremlin",
    "l'Élysée,the Élysée",
    "Rahbar,Supreme Leader",
    "la Sorbonne,the Sorbonne",
  ].join("\n"),
  { file: "terms.csv", sourceLanguage: "fr", targetLanguage: "en" },
);

describe("englishPlural", () => {
  it.each([
    ["scooter", "scooters"],
    ["e-scooter", "e-scooters"],
    ["policy", "policies"],
    ["bus", "buses"],
    ["air defence", "air defences"],
    ["Supreme Leader", "Supreme Leader"],
  ])("%s → %s", (singular, plural) => {
    expect(englishPlural(singular)).toBe(plural);
  });
});

describe.runIf(await apertiumAvailable())(
  "the glossary on the offline engine (real Apertium)",
  () => {
    let translator: ApertiumTranslator;
    beforeAll(async () => {
      translator = await ApertiumTranslator.start({ glossary: GLOSSARY });
    });
    afterAll(async () => {
      await translator?.close();
    });
    const english = async (french: string): Promise<string> =>
      (await translator.translate([french], FR_EN)).paragraphs[0] ?? "";

    it("keeps a term with a code verbatim through both pivots", async () => {
      expect(await english("Kiev a reçu des drones Bayraktar TB2 turcs.")).toContain(
        "Bayraktar TB2",
      );
    });

    it("matches the plural and pluralises the English", async () => {
      const text = await english("Les trottinettes des grévistes bloquent la rue.");
      expect(text).toContain("e-scooters");
      expect(text).toContain("strikers");
    });

    it("matches a plural in -aux", async () => {
      expect(await english("Les chevaux sont arrivés.")).toContain("horses");
    });

    it("matches the singular, and an elided term whatever the apostrophe", async () => {
      expect(await english("Le gréviste est parti.")).toContain("striker");
      expect(await english("Il a vu l’Élysée hier.")).toContain("the Élysée");
      expect(await english("Il a vu l'Élysée hier.")).toContain("the Élysée");
    });

    it("matches an article-carrying term in its contracted forms du / au", async () => {
      const du = await english("Un porte-parole du Kremlin a démenti.");
      expect(du).toContain("the Kremlin");
      expect(du).not.toMatch(/the the/iu);
      expect(await english("Il se rend au Kremlin.")).toContain("the Kremlin");
      expect(await english("Le Kremlin a démenti.")).toMatch(/^The Kremlin/u);
    });

    it("matches an elided feminine article-carrying term", async () => {
      expect(await english("Elle enseigne à la Sorbonne.")).toContain("the Sorbonne");
    });

    it("capitalises a lowercase term at the start of a sentence", async () => {
      expect(await english("Trottinettes et vélos sont interdits.")).toMatch(/^E-scooters/u);
    });

    it("lets a user's term win over the built-in glossary and translates names as given", async () => {
      expect(await english("Le Rahbar a parlé.")).toContain("Supreme Leader");
    });

    it("records the glossary on the translator (usage and cache key read it)", () => {
      expect(translator.glossary?.sha256).toBe(GLOSSARY.sha256);
    });
  },
);

describe("the per-sentence pivot rule", () => {
  it("counts Apertium's marks on lowercase words only, and removes every mark", () => {
    const spanish = "The **trottinettes of the **grévistes are parked near *Erdogan.";
    const catalan = "The **trottinettes of the strikers are parked near *Erdogan.";
    expect(untranslatedWords(spanish)).toBe(2);
    expect(untranslatedWords(catalan)).toBe(1);
    expect(removeMarks(spanish)).toBe("The trottinettes of the grévistes are parked near Erdogan.");
    expect(removeMarks("Price: 5 * 3, #1 and @ home")).toBe("Price: 5 * 3, 1 and @ home");
  });
});

describe.runIf(await apertiumAvailable(undefined, SPANISH_THEN_CATALAN))(
  "two pivots (real Apertium)",
  () => {
    it("takes, per sentence, the pivot that left fewer words untranslated, aligned per paragraph", async () => {
      const engine = await ApertiumTranslator.start({ pivots: SPANISH_THEN_CATALAN });
      try {
        const french = [
          "Un violent incendie a ravagé un entrepôt de pneus. Une soixantaine de sapeurs-pompiers ont été mobilisés.",
          "Le chat dort.",
        ];
        const { paragraphs, requests } = await engine.translate(french, FR_EN);
        expect(paragraphs).toHaveLength(2);
        expect(paragraphs[1]).toBe("The cat sleeps.");
        // Three sentences, each through both pivots.
        expect(requests).toBe(6);
        expect(paragraphs[0]).not.toMatch(/sapeurs|soixantaine|[*#@]/u);
        expect((engine.choices.ca ?? 0) + (engine.choices.es ?? 0)).toBe(3);
        expect(engine.pids.length).toBeGreaterThan(20);
      } finally {
        await engine.close();
      }
    });
  },
);
