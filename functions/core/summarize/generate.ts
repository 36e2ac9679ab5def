/**
 * Steps 1–5 of the generative summary (`summarize.ts` tells the recipe), in a module of its own:
 * `summarize` imports it on the first article that asks a generative engine, so the default
 * extractive configuration never loads it.
 */
import { asError, CompletionUnavailableError } from "../errors.js";
import type { Completion, Summarizer } from "../ports.js";
import { checkGrounding, describeReason, type GeneratedSentence } from "./grounding.js";
import { buildPrompt, parseAnswer } from "./prompt.js";
import type {
  EnglishText,
  SentenceCheck,
  SummaryOptions,
  SummarySentence,
  SummaryUsage,
} from "./summarize.js";

/** Stop reasons under which the answer is the model's own, complete text. */
const COMPLETE_STOP_REASONS = new Set(["end_turn", "stop_sequence"]);

/** The grounded sentences, or why the extractive summary stands in (with the checks made). */
export type Generated =
  | {
      readonly fallbackReason: null;
      readonly sentences: readonly SummarySentence[];
      readonly checks: readonly SentenceCheck[];
    }
  | { readonly fallbackReason: string; readonly checks: readonly SentenceCheck[] };

/** Asks `summarizer` and keeps what passes the grounding rule; counts into `usage`. */
export async function generate(
  english: EnglishText,
  summarizer: Summarizer,
  options: SummaryOptions,
  usage: { -readonly [K in keyof SummaryUsage]: SummaryUsage[K] },
): Promise<Generated> {
  const fallBack = (reason: string, checks: readonly SentenceCheck[] = []): Generated => ({
    fallbackReason: reason,
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
  return { fallbackReason: null, sentences: kept, checks };
}

const dropped = (sentence: GeneratedSentence, reason: string): SentenceCheck => ({
  text: sentence.text,
  status: "dropped",
  reason,
});
