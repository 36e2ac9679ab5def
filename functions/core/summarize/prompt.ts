/**
 * What a generative summariser is sent and how its answer is read: the English paragraphs,
 * numbered and cut to a token budget on paragraph boundaries (lead first, never mid-sentence),
 * and a strict JSON answer of sentences with the paragraph numbers each rests on.
 */
import * as z from "zod/mini";
import { sentenceSpans } from "../text/sentences.js";
import type { GeneratedSentence } from "./grounding.js";

/**
 * English runs at about four characters per token in the byte-pair vocabularies of the models
 * Bedrock serves; the budget is planned with this, the bill is what the model reports.
 */
export const CHARACTERS_PER_TOKEN = 4;

export const estimateTokens = (text: string): number =>
  Math.ceil(text.length / CHARACTERS_PER_TOKEN);

export interface PromptOptions {
  /** Most sentences asked for (the document's summary holds at most three). */
  readonly maxSentences: number;
  /** Tokens the whole prompt (instructions and paragraphs) may take. */
  readonly inputTokens: number;
}

export interface SummaryPrompt {
  readonly system: string;
  readonly user: string;
  /**
   * The paragraphs as sent: a lead prefix of the article, the last one possibly cut to its
   * first sentences. Index i is the article's paragraph i.
   */
  readonly paragraphs: readonly string[];
}

function systemText(maxSentences: number): string {
  return [
    "You summarise news articles for analysts.",
    `Write 1 to ${maxSentences} sentences in English that state the article's main facts.`,
    "Use only facts stated in the numbered paragraphs: no outside knowledge, no guesses.",
    "Keep every number, date and name exactly as the paragraphs give it.",
    "For each sentence, list the numbers of the paragraphs it rests on.",
    'Answer with JSON only, in exactly this shape: {"sentences":[{"text":"…","paragraphs":[1]}]}',
  ].join("\n");
}

const numbered = (index: number, text: string): string => `[${index + 1}] ${text}`;

/**
 * The prompt for an article, or `undefined` when not even the first sentence fits the budget.
 * Paragraphs are taken in order while they fit; the first one that does not is cut after its
 * last whole sentence that does, and nothing after it is sent.
 */
export function buildPrompt(
  english: { readonly title: string | null; readonly paragraphs: readonly string[] },
  options: PromptOptions,
): SummaryPrompt | undefined {
  const system = systemText(options.maxSentences);
  const heading = english.title === null ? "Article:" : `Title: ${english.title}\n\nArticle:`;
  let remaining = options.inputTokens - estimateTokens(system) - estimateTokens(heading);
  const sent: string[] = [];
  for (const [index, paragraph] of english.paragraphs.entries()) {
    const cost = estimateTokens(`\n${numbered(index, paragraph)}`);
    if (cost <= remaining) {
      sent.push(paragraph);
      remaining -= cost;
      continue;
    }
    const head = leadingSentences(
      paragraph,
      remaining - estimateTokens(`\n${numbered(index, "")}`),
    );
    if (head !== "") sent.push(head);
    break;
  }
  if (sent.length === 0) return undefined;
  const user = [heading, ...sent.map((text, index) => numbered(index, text))].join("\n");
  return { system, user, paragraphs: sent };
}

/** The longest run of whole sentences at the start of `paragraph` within `tokens`. */
function leadingSentences(paragraph: string, tokens: number): string {
  let end = 0;
  for (const span of sentenceSpans(paragraph, "en")) {
    if (estimateTokens(paragraph.slice(0, span.end)) > tokens) break;
    end = span.end;
  }
  return paragraph.slice(0, end);
}

/**
 * The answer's shape; anything else (extra keys, prose around it) is refused. Built on the first
 * answer: the analyze Lambda imports this module with the extractive summariser too, and each
 * zod schema built at cold start costs it time (ADR 0007).
 */
const answerSchema = () =>
  z.strictObject({
    sentences: z
      .array(
        z.strictObject({
          text: z.string().check(z.trim(), z.minLength(1)),
          paragraphs: z.array(z.int().check(z.gte(1))),
        }),
      )
      .check(z.minLength(1)),
  });

let AnswerSchema: ReturnType<typeof answerSchema> | undefined;

/** A fenced block that is the whole answer: some models wrap JSON in one. Nothing else is tolerated. */
const WHOLE_FENCE = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/u;

export type ParsedAnswer =
  | { readonly ok: true; readonly sentences: readonly GeneratedSentence[] }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads the model's answer strictly: one JSON object of the asked shape (optionally as the only
 * content of one fenced block). Paragraph numbers become zero-based indices.
 */
export function parseAnswer(text: string): ParsedAnswer {
  const trimmed = text.trim();
  const body = WHOLE_FENCE.exec(trimmed)?.[1] ?? trimmed;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: "the answer is not JSON" };
  }
  AnswerSchema ??= answerSchema();
  const parsed = AnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the answer";
    return { ok: false, problem: `${where}: ${issue?.message ?? "not the asked shape"}` };
  }
  return {
    ok: true,
    sentences: parsed.data.sentences.map((sentence) => ({
      text: sentence.text,
      paragraphs: [...new Set(sentence.paragraphs)].map((number) => number - 1),
    })),
  };
}

/**
 * What one article's summary request would bill, planned before sending it: the prompt's tokens
 * as the budget counts them, and the output ceiling (the model may write less: an upper bound).
 * Zero both ways when no whole sentence fits, since the summariser then sends nothing.
 */
export function plannedSummaryTokens(
  english: { readonly title: string | null; readonly paragraphs: readonly string[] },
  options: PromptOptions & { readonly outputTokens: number },
): { readonly inputTokens: number; readonly outputTokens: number } {
  const prompt = buildPrompt(english, options);
  if (prompt === undefined) return { inputTokens: 0, outputTokens: 0 };
  return {
    inputTokens: estimateTokens(prompt.system) + estimateTokens(prompt.user),
    outputTokens: options.outputTokens,
  };
}
