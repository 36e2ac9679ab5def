import { buildAnalysis } from "../analyze/analysis.js";
import { summarySentences } from "../analyze/summary.js";
import type { EnglishDocument, EnrichedDocument } from "../document.js";
import { documentFingerprint } from "../fingerprint.js";
import type { AnalysisInput, TextAnalyzer } from "../ports.js";
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
  // 5. analyse: the engine reports raw mentions; the core merges, ranks and aggregates them
  const input: AnalysisInput = {
    title: doc.english.title,
    paragraphs: doc.english.paragraphs,
    language: settings.targetLanguage,
  };
  const [raw] = await deps.analyzer.analyze([input]);
  if (raw === undefined) throw new Error(`${deps.analyzer.engine} returned no analysis`);
  const analysis = buildAnalysis(input, raw);
  // 6. summarise (extractive; a separate step so another summariser can take its place)
  const summary = summarySentences(doc.english, settings.summarySentences);
  // 7. assemble
  return {
    schemaVersion: SCHEMA_VERSION,
    source: doc.source,
    title: doc.english.title,
    clean: doc.clean,
    english: doc.english,
    keyPhrases: analysis.keyPhrases,
    sentiment: analysis.sentiment,
    entities: analysis.entities,
    summary: summary.map((s) => s.text),
    summarySpans: summary.map(({ paragraph, start, end }) => ({ paragraph, start, end })),
    usage: {
      translate: doc.translateUsage,
      analyze: { engine: deps.analyzer.engine, ...raw.usage },
    },
    producer: {
      ...PRODUCER,
      fingerprint: documentFingerprint({
        settings,
        translation: doc.translateUsage,
        analyzer: deps.analyzer.engine,
      }),
    },
  };
}
