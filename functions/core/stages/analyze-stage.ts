import { buildAnalysis } from "../analyze/analysis.js";
import { findQuotes } from "../analyze/quotes.js";
import type { EnglishDocument, EnrichedDocument } from "../document.js";
import { asError } from "../errors.js";
import { documentFingerprint } from "../fingerprint.js";
import type {
  AnalysisInput,
  ArticleStore,
  RawAnalysis,
  Summarizer,
  TextAnalyzer,
} from "../ports.js";
import { SCHEMA_VERSION } from "../serialize.js";
import type { PipelineSettings } from "../settings.js";
import { signatureOf } from "../story/story-grouping.js";
import { joinStory } from "../story/story-index.js";
import { summarize } from "../summarize/summarize.js";
import { PRODUCER } from "../version.js";

export interface AnalyzeDeps {
  readonly analyzer: TextAnalyzer;
  /** Where the story index lives (`stories/`); without it, documents carry no `story`. */
  readonly stories?: ArticleStore | undefined;
  /** The generative summariser (`summarizer: "bedrock"`); absent, the summary is extractive. */
  readonly summarizer?: Summarizer | undefined;
}

/**
 * Stages 5–9: what the analyze Lambda does with an English document.
 *   5. analyse (engine: raw mentions; core: merge, rank, aggregate)
 *   6. summarise (extractive, or generated and grounded with the extractive one as fallback)
 *   7. quotations (from the French, with speakers joined to the entities)
 *   8. same-story grouping (the story index under `stories/`)
 *   9. assemble the v1.1 document
 */
export async function analyzeStage(
  doc: EnglishDocument,
  deps: AnalyzeDeps,
  settings: PipelineSettings,
): Promise<EnrichedDocument> {
  const [outcome] = await analyzeStages([doc], deps, settings);
  if (outcome instanceof Error) throw outcome;
  if (outcome === undefined) throw new Error(`${deps.analyzer.engine} returned no analysis`);
  return outcome;
}

/**
 * `analyzeStage` for several documents that share the engine's requests (the articles of one
 * SQS batch share Comprehend's 25-document batches): one outcome per document, same order, an
 * error failing that document alone. Step 5 runs once for all of them; steps 6–9 run one
 * document after the other, in order (the story index sees them as a sequential run would).
 */
export async function analyzeStages(
  docs: readonly EnglishDocument[],
  deps: AnalyzeDeps,
  settings: PipelineSettings,
): Promise<(EnrichedDocument | Error)[]> {
  // 5. analyse: the engine reports raw mentions; the core merges, ranks and aggregates them
  const inputs: AnalysisInput[] = docs.map((doc) => ({
    title: doc.english.title,
    paragraphs: doc.english.paragraphs,
    language: settings.targetLanguage,
  }));
  const raws = await analyzeEach(deps.analyzer, inputs);
  const outcomes: (EnrichedDocument | Error)[] = [];
  for (const [i, doc] of docs.entries()) {
    const raw = raws[i];
    const input = inputs[i];
    if (raw instanceof Error) {
      outcomes.push(raw);
    } else if (raw === undefined || input === undefined) {
      outcomes.push(new Error(`${deps.analyzer.engine} returned no analysis`));
    } else {
      try {
        outcomes.push(await enrich(doc, input, raw, deps, settings));
      } catch (error) {
        outcomes.push(asError(error));
      }
    }
  }
  return outcomes;
}

/** One outcome per input: the engine's own `analyzeEach`, or `analyze` failing them all. */
async function analyzeEach(
  analyzer: TextAnalyzer,
  inputs: readonly AnalysisInput[],
): Promise<(RawAnalysis | Error)[]> {
  if (inputs.length === 0) return [];
  if (analyzer.analyzeEach !== undefined) return analyzer.analyzeEach(inputs);
  try {
    return await analyzer.analyze(inputs);
  } catch (error) {
    const failure = asError(error);
    return inputs.map(() => failure);
  }
}

/** Steps 6–9 for one document whose analysis (step 5) is done. */
async function enrich(
  doc: EnglishDocument,
  input: AnalysisInput,
  raw: RawAnalysis,
  deps: AnalyzeDeps,
  settings: PipelineSettings,
): Promise<EnrichedDocument> {
  const analysis = buildAnalysis(input, raw);
  // 6. summarise: extractive, or generated and grounded with the extractive summary as fallback
  const summary = await summarize(doc.english, deps.summarizer, {
    maxSentences: settings.summarySentences,
    inputTokens: settings.summaryInputTokens,
    outputTokens: settings.summaryOutputTokens,
  });
  const spans = summary.sentences.flatMap((sentence) =>
    sentence.span === undefined ? [] : [sentence.span],
  );
  // 7. quotations: found in the French (engine-independent), speakers joined to the entities
  const quotes = findQuotes(doc.clean.paragraphs, doc.english.paragraphs, analysis.entities);
  // 8. same story as an article already in the bucket?
  const story =
    deps.stories === undefined
      ? undefined
      : await joinStory(deps.stories, {
          key: doc.source.key,
          sha256: doc.source.sha256,
          signature: signatureOf([doc.clean.title ?? "", ...doc.clean.paragraphs].join("\n\n")),
        });
  // 9. assemble
  return {
    schemaVersion: SCHEMA_VERSION,
    source: doc.source,
    title: doc.english.title,
    clean: doc.clean,
    english: doc.english,
    keyPhrases: analysis.keyPhrases,
    sentiment: analysis.sentiment,
    entities: analysis.entities,
    summary: summary.sentences.map((sentence) => sentence.text),
    // Copied sentences say where they were copied from; generated ones cite paragraphs instead.
    ...(spans.length === summary.sentences.length ? { summarySpans: spans } : {}),
    summarization: {
      engine: summary.engine,
      modelId: summary.modelId,
      sentences: summary.sentences.map(({ text, paragraphs }) => ({
        text,
        paragraphs: [...paragraphs],
      })),
      checks: [...summary.checks],
      fallbackReason: summary.fallbackReason,
    },
    quotes,
    ...(story === undefined ? {} : { story }),
    usage: {
      translate: doc.translateUsage,
      analyze: { engine: deps.analyzer.engine, ...raw.usage },
      summary: summary.usage,
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
