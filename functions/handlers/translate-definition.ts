import type { CleanDocument } from "../core/document.js";
import type { Translator } from "../core/ports.js";
import { serialize } from "../core/serialize.js";
import { type PipelineSettings, stageDocumentMaxBytes } from "../core/settings.js";
import { CleanDocumentSchema } from "../core/stage-documents.js";
import { translateStage } from "../core/stages/translate-stage.js";
import type { TranslationCache } from "../core/translate/translation-cache.js";
import { parseStageDocument } from "./parse-stage-document.js";
import type { StageDefinition } from "./stage-handler.js";

/** Stage 4 behind the store: clean/<name>.json → english/<name>.json. */
export function translateDefinition(
  deps: { translator: Translator; cache?: TranslationCache },
  settings: PipelineSettings,
): StageDefinition<CleanDocument> {
  return {
    stage: "translate",
    maxInputBytes: stageDocumentMaxBytes(settings),
    parse: (object) => parseStageDocument(object, CleanDocumentSchema),
    sourceOf: (doc) => doc.source,
    run: async (doc) => {
      const english = await translateStage(doc, deps, settings);
      return {
        body: serialize(english),
        measures: {
          TranslateCharactersBilled: english.translateUsage.billedCharacters,
          TranslateCharactersCached: english.translateUsage.cachedCharacters,
        },
      };
    },
  };
}
