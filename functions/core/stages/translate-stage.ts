import type { CleanDocument, EnglishDocument, TranslateUsage } from "../document.js";
import type { Translator } from "../ports.js";
import type { PipelineSettings } from "../settings.js";
import { translateArticle } from "../translate/translate-article.js";
import type { TranslationCache } from "../translate/translation-cache.js";
import { assertTranslatable } from "./bounds.js";

export interface TranslateDeps {
  readonly translator: Translator;
  readonly cache?: TranslationCache | undefined;
}

/** Stage 4: what the translate Lambda does with a clean document. */
export async function translateStage(
  doc: CleanDocument,
  deps: TranslateDeps,
  settings: PipelineSettings,
): Promise<EnglishDocument> {
  const { title, paragraphs, language } = doc.clean;
  let english: { title: string | null; paragraphs: string[] };
  let usage: TranslateUsage;
  if (language === settings.targetLanguage) {
    english = { title, paragraphs: [...paragraphs] };
    usage = { engine: "none", billedCharacters: 0, cachedCharacters: 0, requests: 0 };
  } else {
    // Checked again here: this stage is the last line before the bill.
    assertTranslatable(title, paragraphs, settings);
    const translated = await translateArticle({ title, paragraphs }, deps, {
      source: language,
      target: settings.targetLanguage,
    });
    english = { title: translated.title, paragraphs: translated.paragraphs };
    usage = translated.usage;
  }
  return { ...doc, stage: "english", english, translateUsage: usage };
}
