import type { EnglishDocument, EnrichedDocument } from "../core/document.js";
import { EnglishDocumentSchema } from "../core/english-documents.js";
import { serialize } from "../core/serialize.js";
import { type PipelineSettings, stageDocumentMaxBytes } from "../core/settings.js";
import { type AnalyzeDeps, analyzeStage, analyzeStages } from "../core/stages/analyze-stage.js";
import { parseStageDocument } from "./parse-stage-document.js";
import type { StageDefinition, StageOutput } from "./stage-handler.js";

/** Stages 5–7 behind the store: english/<name>.json → enriched/<name>.json. */
export function analyzeDefinition(
  deps: AnalyzeDeps,
  settings: PipelineSettings,
): StageDefinition<EnglishDocument> {
  return {
    stage: "analyze",
    maxInputBytes: stageDocumentMaxBytes(settings),
    parse: (object) => parseStageDocument(object, EnglishDocumentSchema),
    sourceOf: (doc) => doc.source,
    run: async (doc) => outputOf(await analyzeStage(doc, deps, settings)),
    // The articles of one SQS batch share the analyzer's requests (Comprehend's batches).
    runBatch: async (items) =>
      (
        await analyzeStages(
          items.map((item) => item.input),
          deps,
          settings,
        )
      ).map((outcome) => (outcome instanceof Error ? outcome : outputOf(outcome))),
  };
}

function outputOf(enriched: EnrichedDocument): StageOutput {
  return {
    body: serialize(enriched),
    measures: {
      ComprehendCharactersBilled: enriched.usage.analyze.billedCharacters,
      ComprehendUnits: enriched.usage.analyze.units,
    },
  };
}
