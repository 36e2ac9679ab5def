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
import { asError, CompletionUnavailableError } from "../errors.js";
import type { Completion, Summarizer } from "../ports.js";
import { checkGrounding, describeReason, type GeneratedSentence } from "./grounding.js";
import { buildPrompt, parseAnswer } from "./prompt.js";

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

interface EnglishText {
  readonly title: string | null;
  readonly paragraphs: readonly string[];
}

/** Stop reasons under which the answer is the model's own, complete text. */
const COMPLETE_STOP_REASONS = new Set(["end_turn", "stop_sequence"]);

export async function summarize(
  english: EnglishText,
  summarizer: Summarizer | undefined,
  options: SummaryOptions,
): Promise<SummaryResult> {
  if (summarizer === undefined) return extractive(english, options, null, noUsage());

  const usage = { ...noUsage(), engine: summarizer.engine, modelId: summarizer.modelId };
  const fallBack = (reason: string, checks: readonly SentenceCheck[] = []) => ({
    ...extractive(english, options, `${summarizer.engine}: ${reason}`, usage),
    modelId: summarizer.modelId,
    checks,
  });

  // 1. prompt within budget
  const prompt = buildPrompt(english, {
    maxSentences: options.maxSentences,
    inputTokens: options.inputTokens,
  });
  if (prompt === undefined) {
    return fallBack(`the input budget of ${options.inputTokens} tokens holds no whole sentence`);
  }
  // 2. ask
  let completion: Completion;
  try {
    completion = await summarizer.complete({
      system: prompt.system,
      user: prompt.user,
      maxOutputTokens: options.outputTokens,
    });
  } catch (caught) {
    const error = asError(caught);
    if (error instanceof CompletionUnavailableError) usage.requests = error.requests;
    return fallBack(`no answer (${error.name}: ${error.message})`);
  }
  usage.requests = completion.requests;
  usage.inputTokens = completion.inputTokens;
  usage.outputTokens = completion.outputTokens;
  if (!COMPLETE_STOP_REASONS.has(completion.stopReason)) {
    return fallBack(`the model stopped with "${completion.stopReason}"`);
  }
  // 3. read strictly
  const answer = parseAnswer(completion.text);
  if (!answer.ok) return fallBack(`unreadable answer (${answer.problem})`);
  // 4. ground each sentence in what was sent
  const checks: SentenceCheck[] = [];
  const kept: SummarySentence[] = [];
  for (const sentence of answer.sentences) {
    if (kept.length >= options.maxSentences) {
      checks.push(dropped(sentence, `beyond the ${options.maxSentences} sentences asked for`));
      continue;
    }
    const verdict = checkGrounding(sentence, prompt.paragraphs);
    if (!verdict.passed) {
      checks.push(dropped(sentence, describeReason(verdict.reason)));
      continue;
    }
    checks.push({ text: sentence.text, status: "passed", reason: null });
    kept.push({
      text: sentence.text.trim(),
      paragraphs: [...sentence.paragraphs].sort((a, b) => a - b),
    });
  }
  // 5. nothing grounded: the extractive summary, with the checks that explain why
  if (kept.length === 0)
    return fallBack("no generated sentence passed the grounding checks", checks);
  return {
    engine: summarizer.engine,
    modelId: summarizer.modelId,
    sentences: kept,
    checks,
    fallbackReason: null,
    usage,
  };
}

const dropped = (sentence: GeneratedSentence, reason: string): SentenceCheck => ({
  text: sentence.text,
  status: "dropped",
  reason,
});

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
