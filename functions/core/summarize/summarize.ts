/**
 * The summary step of the analyze stage. Two engines stand behind it:
 *   - extractive (default, always available): TextRank sentences copied from the English;
 *   - a generative `Summarizer` (Amazon Bedrock): asked for 1–3 sentences citing paragraphs,
 *     whose answer is kept only sentence by sentence as it passes the grounding rule.
 * Recipe for the generative engine:
 *   1. build the prompt within the input-token budget (lead paragraphs first)
 *   2. ask the model (the adapter's SDK retries throttling and 5xx)
 *   3. read the answer strictly (JSON of sentences with paragraph numbers)
 *   4. check each sentence against the paragraphs it cites; drop the ones that fail
 *   5. fall back to the extractive summary, saying why, when nothing survives or a step fails
 */
import { summarySentences } from "../analyze/summary.js";
import type { Summarizer } from "../ports.js";

export const EXTRACTIVE_ENGINE = "extractive";

export interface SummaryOptions {
  readonly maxSentences: number;
  /** Tokens the prompt may take (instructions included). */
  readonly inputTokens: number;
  /** Tokens the model may write. With `inputTokens`, the per-article ceiling. */
  readonly outputTokens: number;
}

export interface SummarySentence {
  readonly text: string;
  /** Zero-based indices into `english.paragraphs` the sentence rests on. */
  readonly paragraphs: readonly number[];
  /** Where an extractive sentence was copied from (generated sentences have no span). */
  readonly span?: { readonly paragraph: number; readonly start: number; readonly end: number };
}

export interface SentenceCheck {
  readonly text: string;
  readonly status: "passed" | "dropped";
  /** Why a sentence was dropped; null when it passed. */
  readonly reason: string | null;
}

export interface SummaryResult {
  readonly engine: string;
  readonly modelId: string | null;
  readonly sentences: readonly SummarySentence[];
  /** One entry per generated sentence, in the model's order; empty for the extractive engine. */
  readonly checks: readonly SentenceCheck[];
  /** Why the extractive summary stands in for the configured generative one; null otherwise. */
  readonly fallbackReason: string | null;
  readonly usage: {
    readonly engine: string;
    readonly modelId: string | null;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly requests: number;
  };
}

export interface EnglishText {
  readonly title: string | null;
  readonly paragraphs: readonly string[];
}

/** What `summarize` counts for a generative engine; `generate` fills it in as it goes. */
export type SummaryUsage = SummaryResult["usage"];

export async function summarize(
  english: EnglishText,
  summarizer: Summarizer | undefined,
  options: SummaryOptions,
): Promise<SummaryResult> {
  if (summarizer === undefined) return extractive(english, options, null, noUsage());

  // Steps 1–5 load with the first article that asks a generative engine: the default
  // (extractive) analyze Lambda never compiles the prompt, the answer's reader or the grounding
  // rules at its cold start (ADR 0007).
  const { generate } = await import("./generate.js");
  const usage = { ...noUsage(), engine: summarizer.engine, modelId: summarizer.modelId };
  const outcome = await generate(english, summarizer, options, usage);
  if (outcome.fallbackReason !== null) {
    return {
      ...extractive(english, options, `${summarizer.engine}: ${outcome.fallbackReason}`, usage),
      modelId: summarizer.modelId,
      checks: outcome.checks,
    };
  }
  return {
    engine: summarizer.engine,
    modelId: summarizer.modelId,
    sentences: outcome.sentences,
    checks: outcome.checks,
    fallbackReason: null,
    usage,
  };
}

function noUsage() {
  return {
    engine: EXTRACTIVE_ENGINE,
    modelId: null as string | null,
    inputTokens: 0,
    outputTokens: 0,
    requests: 0,
  };
}

function extractive(
  english: EnglishText,
  options: SummaryOptions,
  fallbackReason: string | null,
  usage: SummaryResult["usage"],
): SummaryResult {
  const sentences = summarySentences(english, options.maxSentences).map((sentence) => ({
    text: sentence.text,
    paragraphs: [sentence.paragraph],
    span: { paragraph: sentence.paragraph, start: sentence.start, end: sentence.end },
  }));
  return {
    engine: EXTRACTIVE_ENGINE,
    modelId: null,
    sentences,
    checks: [],
    fallbackReason,
    usage,
  };
}
