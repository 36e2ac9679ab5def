import { describe, expect, it } from "vitest";
import {
  normaliseParagraph,
  storeTranslationCache,
  TRANSLATION_CACHE_PREFIX,
  translationCacheKey,
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
    // Guillemets and straight quotes are different text: not merged.
    expect(normaliseParagraph("« Non »")).not.toBe(normaliseParagraph('"Non"'));
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
