import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApertiumTranslator,
  apertiumAvailable,
} from "../../../functions/adapters/local/apertium-translator.js";
import { keysFor } from "../../../functions/core/keys.js";
import { runPipeline } from "../../../functions/core/pipeline.js";
import type { LanguagePair, TranslationOutput, Translator } from "../../../functions/core/ports.js";
import { DEFAULT_SETTINGS } from "../../../functions/core/settings.js";
import { translateArticle } from "../../../functions/core/translate/translate-article.js";
import { storeTranslationCache } from "../../../functions/core/translate/translation-cache.js";
import { FakeAnalyzer, FakeTranslator } from "../../fakes/fake-engines.js";
import { InMemoryArticleStore } from "../../fakes/in-memory-store.js";

const FR_EN: LanguagePair = { source: "fr", target: "en" };

/** Keeps every quotation mark where it was, as Apertium does; bills characters. */
class MarkKeepingTranslator implements Translator {
  readonly engine = "mark-keeping";
  sent = 0;
  async translate(paragraphs: readonly string[]): Promise<TranslationOutput> {
    this.sent += paragraphs.length;
    return {
      paragraphs: paragraphs.map((p) => p.replace("La coopération", "Cooperation")),
      billedCharacters: paragraphs.join("").length,
      requests: 1,
    };
  }
}

const STRAIGHT = '"La coopération est à l’ordre du jour", a déclaré M. Peskov.';
const GUILLEMETS = "«\u00a0La coopération est à l’ordre du jour\u00a0», a déclaré M. Peskov.";

describe("a paragraph quoted with other marks than its cached twin", () => {
  it.each([
    ["straight first", STRAIGHT, GUILLEMETS],
    ["guillemets first", GUILLEMETS, STRAIGHT],
  ])(
    "%s: the second is served from the cache as a fresh translation of it would read",
    async (_, first, second) => {
      const translator = new MarkKeepingTranslator();
      const cache = storeTranslationCache(new InMemoryArticleStore());
      await translateArticle({ title: null, paragraphs: [first] }, { translator, cache }, FR_EN);

      const served = await translateArticle(
        { title: null, paragraphs: [second] },
        { translator, cache },
        FR_EN,
      );
      const fresh = await translateArticle(
        { title: null, paragraphs: [second] },
        { translator: new MarkKeepingTranslator() },
        FR_EN,
      );

      expect(translator.sent).toBe(1);
      expect(served.usage).toMatchObject({ billedCharacters: 0, cachedCharacters: second.length });
      expect(served.paragraphs).toEqual(fresh.paragraphs);
      expect(served.paragraphs).toEqual([
        '"Cooperation est à l’ordre du jour", a déclaré M. Peskov.',
      ]);
    },
  );
});

describe.runIf(await apertiumAvailable())("with the real Apertium engine", () => {
  let engine: ApertiumTranslator;
  beforeAll(async () => {
    engine = await ApertiumTranslator.start();
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });

  it("translates the guillemets and the straight-quote variant to the same English", async () => {
    const translate = (paragraph: string) =>
      translateArticle({ title: null, paragraphs: [paragraph] }, { translator: engine }, FR_EN);
    const [straight, guillemets] = await Promise.all([translate(STRAIGHT), translate(GUILLEMETS)]);
    expect(guillemets.paragraphs).toEqual(straight.paragraphs);
    expect(straight.paragraphs[0]).toMatch(/^"[^"«»]+", /u);
  });
});

describe("the seeds' same-story duplicate (000 then 001)", () => {
  it("pays only for its title and the paragraph that spells a name differently; its quotation keeps its English span", async () => {
    const store = new InMemoryArticleStore();
    const translator = new FakeTranslator();
    const deps = {
      translator,
      cache: storeTranslationCache(store),
      analyzer: new FakeAnalyzer(),
      stories: store,
    };
    const run = async (file: string) => {
      const key = keysFor(file).incoming;
      await store.put(key, await readFile(new URL(`../../../seeds/${file}`, import.meta.url)));
      const uploaded = await store.get(key);
      if (uploaded === undefined) throw new Error(`${key} vanished`);
      return runPipeline(uploaded, { bucket: "b", key }, deps, DEFAULT_SETTINGS);
    };
    await run("000_26c99712ce6ead19.txt");
    const sentBefore = translator.calls.flat();
    const duplicate = await run("001_51d2232ddbd615fb.txt");
    const sentFor001 = translator.calls.flat().slice(sentBefore.length);

    expect(duplicate.story?.duplicateOf).toBe("incoming/000_26c99712ce6ead19.txt");
    // The title (000 has none) and "Ebrahim Raïssi" for 000's "Ibrahim Raisi": nothing else.
    expect(sentFor001).toHaveLength(2);
    expect(sentFor001[0]).toBe(duplicate.clean.title);
    expect(sentFor001[1]).toContain("Ebrahim Raïssi");
    expect(duplicate.usage.translate.billedCharacters).toBe(sentFor001.join("").length);

    // 001 quotes Peskov with « »; its English came from 000's straight-quoted paragraph.
    const peskov = duplicate.quotes?.find((q) => q.text.includes("La coopération militaire"));
    expect(peskov?.textIs).toBe("span");
    expect(peskov?.text.startsWith("La coopération militaire entre les deux pays")).toBe(true);
    const english = duplicate.english.paragraphs.find((p) =>
      p.includes("La coopération militaire entre"),
    );
    expect(english).toMatch(
      /^\[fr→en\] "La coopération militaire[^"«»]+", a déclaré M\. Peskov\./u,
    );
  });
});
