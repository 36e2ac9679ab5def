import { summarize } from "../analyze/summary.js";
import type { EnglishDocument, EnrichedDocument } from "../document.js";
import type { TextAnalyzer } from "../ports.js";
import { SCHEMA_VERSION } from "../serialize.js";
import type { PipelineSettings } from "../settings.js";
import { PRODUCER } from "../version.js";

export interface AnalyzeDeps {
  readonly analyzer: TextAnalyzer;
}

/** Stages 5–7: what the analyze Lambda does with an English document. */
export async function analyzeStage(
  doc: EnglishDocument,
  deps: AnalyzeDeps,
  settings: PipelineSettings,
): Promise<EnrichedDocument> {
  // 5. analyse
  const analysis = await deps.analyzer.analyze({
    title: doc.english.title,
    paragraphs: doc.english.paragraphs,
    language: settings.targetLanguage,
  });
  // 6. summarise
  const summary = summarize(doc.english, settings.summarySentences);
  // 7. assemble
  return {
    schemaVersion: SCHEMA_VERSION,
    source: doc.source,
    title: doc.english.title,
    clean: doc.clean,
    english: doc.english,
    keyPhrases: analysis.keyPhrases.map(({ text, score }) => ({ text, score })),
    sentiment: analysis.sentiment,
    entities: analysis.entities.map(({ text, type, score }) => ({ text, type, score })),
    summary,
    usage: {
      translate: doc.translateUsage,
      analyze: { engine: deps.analyzer.engine, ...analysis.usage },
    },
    producer: PRODUCER,
  };
}
