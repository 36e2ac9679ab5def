import { describe, expect, it } from "vitest";
import {
  foldQuotes,
  normaliseParagraph,
  storeTranslationCache,
  TRANSLATION_CACHE_PREFIX,
  translationCacheKey,
  typesetTranslation,
} from "../../../functions/core/translate/translation-cache.js";
import { InMemoryArticleStore } from "../../fakes/in-memory-store.js";

const FR_EN = { source: "fr", target: "en" } as const;

describe("translationCacheKey", () => {
  it("is a sha256 hex digest", () => {
    expect(translationCacheKey("apertium", FR_EN, "Bonjour.")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is the same for typographic variants of one paragraph", () => {
    // Given the same sentence from two outlets: ’ vs ', no-break vs plain spaces, NFD vs NFC
    const a = "L’OTAN considère\u00a0la Turquie.";
    const b = "L'OTAN considère la Turquie.".normalize("NFD");
    // Then they share one cache entry
    expect(translationCacheKey("amazon-translate", FR_EN, a)).toBe(
      translationCacheKey("amazon-translate", FR_EN, `  ${b} `),
    );
  });

  it("differs by engine, by language pair and by wording", () => {
    const base = translationCacheKey("amazon-translate", FR_EN, "Bonjour.");
    expect(translationCacheKey("apertium", FR_EN, "Bonjour.")).not.toBe(base);
    expect(
      translationCacheKey("amazon-translate", { source: "fr", target: "de" }, "Bonjour."),
    ).not.toBe(base);
    expect(translationCacheKey("amazon-translate", FR_EN, "Bonsoir.")).not.toBe(base);
    // The same words quoted differently are different text.
    expect(normaliseParagraph("« Non », a-t-il dit.")).not.toBe(
      normaliseParagraph("Non, a-t-il « dit »."),
    );
  });

  it("is the same for a paragraph quoted with guillemets, curly or straight quotes", () => {
    // Given the same quotation from two outlets (seeds 000 and 001 differ exactly so)
    const straight = '"La coopération est à l\'ordre du jour", a déclaré M. Peskov.';
    const guillemets = "«\u00a0La coopération est à l’ordre du jour\u202f», a déclaré M. Peskov.";
    const curly = "“La coopération est à l'ordre du jour”, a déclaré M. Peskov.";
    // Then one cache entry serves all three
    const key = translationCacheKey("amazon-translate", FR_EN, straight);
    expect(translationCacheKey("amazon-translate", FR_EN, guillemets)).toBe(key);
    expect(translationCacheKey("amazon-translate", FR_EN, curly)).toBe(key);
  });

  it("keeps names spelt differently apart, accents included: the English would carry the other spelling", () => {
    const raisi = "Ils ont rencontré le président Ibrahim Raisi.";
    expect(translationCacheKey("apertium", FR_EN, raisi)).not.toBe(
      translationCacheKey("apertium", FR_EN, "Ils ont rencontré le président Ibrahim Raïssi."),
    );
    // Accents change French words too: « a » (has) and « à » (to), « ou » and « où ».
    expect(normaliseParagraph("Il a parlé ou il est parti.")).not.toBe(
      normaliseParagraph("Il à parlé où il est parti."),
    );
  });
});

describe("foldQuotes", () => {
  it.each([
    ["« Non », a-t-il dit.", '"Non", a-t-il dit.'],
    ["“Non”, a-t-il dit.", '"Non", a-t-il dit.'],
    ['"Non", a-t-il dit.', '"Non", a-t-il dit.'],
    // French no-break and narrow no-break spaces inside guillemets go; those outside stay.
    ["dit\u00a0: «\u00a0Non\u202f».", 'dit\u00a0: "Non".'],
    // A quotation inside a quotation takes single quotes, as in English.
    ["« Il a dit “ non ” hier »", "\"Il a dit 'non' hier\""],
    ['"Il a dit « non » hier"', "\"Il a dit 'non' hier\""],
    // Open at the end of a paragraph (it goes on in the next one): the opening mark is folded.
    ["« Nous allons continuer", '"Nous allons continuer'],
    // A closing mark with nothing open (a quotation carried over) stays as it is.
    ["et nous gagnerons », a-t-il conclu.", "et nous gagnerons », a-t-il conclu."],
    ["Pas de guillemets ici.", "Pas de guillemets ici."],
  ])("folds %j to %j", (text, folded) => {
    expect(foldQuotes(text)).toBe(folded);
  });

  it("is idempotent", () => {
    for (const text of ["« a “ b ” c »", '"a" b « c »', "x » y « z"]) {
      expect(foldQuotes(foldQuotes(text))).toBe(foldQuotes(text));
    }
  });
});

describe("typesetTranslation", () => {
  it("sets English quotation marks whatever the engine kept", () => {
    // Apertium keeps the marks it is given: « Non » becomes « No ».
    expect(typesetTranslation("«\u00a0No\u00a0», he said.", "en")).toBe('"No", he said.');
    expect(typesetTranslation("“No”, he said.", "en")).toBe('"No", he said.');
    expect(typesetTranslation('"No", he said.', "en")).toBe('"No", he said.');
  });

  it("leaves other target languages as the engine wrote them", () => {
    expect(typesetTranslation("« Non », a-t-il dit.", "fr")).toBe("« Non », a-t-il dit.");
  });
});

describe("storeTranslationCache", () => {
  it("stores plain text under cache/translate/ and reads it back", async () => {
    // Prepare
    const store = new InMemoryArticleStore();
    const cache = storeTranslationCache(store);
    const key = translationCacheKey("apertium", FR_EN, "Le président turc.");
    // Act
    await cache.put(key, "The Turkish president.");
    // Assess
    expect(TRANSLATION_CACHE_PREFIX).toBe("cache/translate/");
    expect(store.keys()).toEqual([`cache/translate/${key}`]);
    expect(await cache.get(key)).toBe("The Turkish president.");
    const stored = await store.get(`cache/translate/${key}`);
    expect(stored?.contentType).toBe("text/plain; charset=utf-8");
  });

  it("resolves undefined for a key never stored", async () => {
    const cache = storeTranslationCache(new InMemoryArticleStore());
    expect(await cache.get("0".repeat(64))).toBeUndefined();
  });

  it("honours a custom prefix and keeps accents and emoji intact", async () => {
    const store = new InMemoryArticleStore();
    const cache = storeTranslationCache(store, "tmp/");
    await cache.put("k", "Été 🙂 — « déjà »");
    expect(store.keys()).toEqual(["tmp/k"]);
    expect(await cache.get("k")).toBe("Été 🙂 — « déjà »");
  });
});
