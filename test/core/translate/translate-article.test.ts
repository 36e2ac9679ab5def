import { describe, expect, it } from "vitest";
import { InputError } from "../../../functions/core/errors.js";
import type { LanguagePair, TranslationOutput, Translator } from "../../../functions/core/ports.js";
import { type Glossary, parseGlossary } from "../../../functions/core/translate/glossary.js";
import { translateArticle } from "../../../functions/core/translate/translate-article.js";
import { storeTranslationCache } from "../../../functions/core/translate/translation-cache.js";
import { InMemoryArticleStore } from "../../fakes/in-memory-store.js";

const FR_EN: LanguagePair = { source: "fr", target: "en" };

/** Upper-cases each paragraph; records every call; bills characters like a paid engine. */
class RecordingTranslator implements Translator {
  readonly engine = "recording";
  calls: string[][] = [];
  constructor(
    private readonly answer: (texts: readonly string[]) => string[] = (t) =>
      t.map((s) => s.toUpperCase()),
    readonly glossary?: Glossary,
  ) {}
  async translate(paragraphs: readonly string[]): Promise<TranslationOutput> {
    this.calls.push([...paragraphs]);
    return {
      paragraphs: this.answer(paragraphs),
      billedCharacters: paragraphs.reduce((n, p) => n + [...p].length, 0),
      requests: 1,
    };
  }
}

const article = {
  title: "Poutine veut des drones",
  paragraphs: ["Le président turc a parlé.", "Erdogan arrive à Sotchi.", "Fin de l’article."],
};

describe("translateArticle", () => {
  it("sends the title first and all paragraphs in one call, and keeps them aligned", async () => {
    // Given
    const translator = new RecordingTranslator();
    // When
    const result = await translateArticle(article, { translator }, FR_EN);
    // Then
    expect(translator.calls).toEqual([[article.title, ...article.paragraphs]]);
    expect(result.title).toBe("POUTINE VEUT DES DRONES");
    expect(result.paragraphs).toEqual(article.paragraphs.map((p) => p.toUpperCase()));
    expect(result.usage).toEqual({
      engine: "recording",
      billedCharacters: [article.title, ...article.paragraphs].join("").length,
      cachedCharacters: 0,
      requests: 1,
    });
  });

  it("keeps a null title null", async () => {
    const translator = new RecordingTranslator();
    const result = await translateArticle(
      { title: null, paragraphs: ["Un."] },
      { translator },
      FR_EN,
    );
    expect(result.title).toBeNull();
    expect(translator.calls).toEqual([["Un."]]);
  });

  it("bills nothing the second time: every paragraph comes from the cache", async () => {
    // Given a cache that saw the article once
    const translator = new RecordingTranslator();
    const cache = storeTranslationCache(new InMemoryArticleStore());
    const first = await translateArticle(article, { translator, cache }, FR_EN);
    // When the same article comes again
    const second = await translateArticle(article, { translator, cache }, FR_EN);
    // Then the engine is not called and the output is identical
    expect(translator.calls).toHaveLength(1);
    expect(second.title).toBe(first.title);
    expect(second.paragraphs).toEqual(first.paragraphs);
    expect(second.usage).toEqual({
      engine: "recording",
      billedCharacters: 0,
      cachedCharacters: first.usage.billedCharacters,
      requests: 0,
    });
  });

  it("sends only the paragraphs the cache does not hold", async () => {
    const translator = new RecordingTranslator();
    const cache = storeTranslationCache(new InMemoryArticleStore());
    await translateArticle(
      { title: null, paragraphs: ["Un.", "Deux."] },
      { translator, cache },
      FR_EN,
    );
    const result = await translateArticle(
      { title: "Titre", paragraphs: ["Deux.", "Trois."] },
      { translator, cache },
      FR_EN,
    );
    expect(translator.calls.at(-1)).toEqual(["Titre", "Trois."]);
    expect(result.paragraphs).toEqual(["DEUX.", "TROIS."]);
    expect(result.usage.cachedCharacters).toBe("Deux.".length);
  });

  it("sends a paragraph repeated within an article once", async () => {
    const translator = new RecordingTranslator();
    const result = await translateArticle(
      { title: "Encadré", paragraphs: ["Encadré", "Texte.", "Encadré"] },
      { translator },
      FR_EN,
    );
    expect(translator.calls).toEqual([["Encadré", "Texte."]]);
    expect(result.paragraphs).toEqual(["ENCADRÉ", "TEXTE.", "ENCADRÉ"]);
    expect(result.usage.cachedCharacters).toBe(2 * "Encadré".length);
  });

  it("does not send blank paragraphs and returns them empty", async () => {
    const translator = new RecordingTranslator();
    const result = await translateArticle(
      { title: " ", paragraphs: ["Un.", "\u00a0"] },
      { translator },
      FR_EN,
    );
    expect(translator.calls).toEqual([["Un."]]);
    expect(result).toMatchObject({ title: "", paragraphs: ["UN.", ""] });
  });

  it("returns the translation and reports a cache write that failed", async () => {
    // Given a store whose first write fails
    const store = new InMemoryArticleStore();
    store.failNextPuts(new Error("SlowDown"));
    const reported: Error[] = [];
    // When
    const result = await translateArticle(
      { title: null, paragraphs: ["Un.", "Deux."] },
      {
        translator: new RecordingTranslator(),
        cache: storeTranslationCache(store),
        onCacheError: (e) => reported.push(e),
      },
      FR_EN,
    );
    // Then the article is translated, the failure reported, the other entry stored
    expect(result.paragraphs).toEqual(["UN.", "DEUX."]);
    expect(reported.map((e) => e.message)).toEqual(["SlowDown"]);
    expect(store.keys("cache/translate/")).toHaveLength(1);
  });

  it("fails with TRANSLATION_FAILED when the engine loses a paragraph", async () => {
    const translator = new RecordingTranslator((texts) => texts.slice(1));
    const failure = translateArticle(article, { translator }, FR_EN);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toMatchObject({ code: "TRANSLATION_FAILED" });
  });
});

describe("translateArticle with a glossary", () => {
  const glossary = (csv: string, file = "terms.csv") =>
    parseGlossary(csv, { file, sourceLanguage: "fr", targetLanguage: "en" });
  const sochi = glossary("fr,en\nSotchi,Sochi\n");
  const sotchi = glossary("fr,en\nSotchi,Sotchi\n", "other.csv");
  const upper = (t: readonly string[]) => t.map((s) => s.toUpperCase());

  it("records the glossary's name and hash in usage", async () => {
    const result = await translateArticle(
      article,
      { translator: new RecordingTranslator(upper, sochi) },
      FR_EN,
    );
    expect(result.usage.glossary).toEqual({ name: "terms", sha256: sochi.sha256 });
  });

  it("translates an article twice with two glossaries, once with the same glossary", async () => {
    // Given one cache shared by three runs
    const cache = storeTranslationCache(new InMemoryArticleStore());
    const first = new RecordingTranslator(upper, sochi);
    const again = new RecordingTranslator(upper, sochi);
    const other = new RecordingTranslator(upper, sotchi);
    // When
    await translateArticle(article, { translator: first, cache }, FR_EN);
    await translateArticle(article, { translator: again, cache }, FR_EN);
    await translateArticle(article, { translator: other, cache }, FR_EN);
    // Then the same glossary hits the cache; another one re-sends exactly the paragraph with the term
    expect(first.calls).toEqual([[article.title, ...article.paragraphs]]);
    expect(again.calls).toEqual([]);
    expect(other.calls).toEqual([["Erdogan arrive à Sotchi."]]);
  });

  it("shares the cache with no glossary for paragraphs without any term", async () => {
    const cache = storeTranslationCache(new InMemoryArticleStore());
    await translateArticle(article, { translator: new RecordingTranslator(upper), cache }, FR_EN);
    const withGlossary = new RecordingTranslator(upper, sochi);
    await translateArticle(article, { translator: withGlossary, cache }, FR_EN);
    expect(withGlossary.calls).toEqual([["Erdogan arrive à Sotchi."]]);
  });
});
