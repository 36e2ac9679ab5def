/**
 * Extractive summary: TextRank (Mihalcea & Tarau, 2004) over the article's sentences, with a
 * lead prior. Sentences are graph nodes, edges weigh shared content words normalised by sentence
 * length, and a personalised PageRank ranks them; the teleport vector favours early sentences
 * and sentences sharing words with the title, because news is written as an inverted pyramid.
 *
 * Why TextRank and not centroid similarity: both need only word counts, but the centroid of a
 * short (10-sentence) article is dominated by its longest sentence, while TextRank rewards the
 * sentences the rest of the article keeps coming back to. Why hand-written: the Lambda bundles
 * this file, and the npm TextRank packages pull an NLP toolkit (natural, wink) 10–100× the size
 * of the 60 lines below. Sentences come from `Intl.Segmenter` and are copied verbatim.
 */
import { type SentenceSpan, sentenceSpans } from "../text/sentences.js";
import { STOP_WORDS } from "./stop-words.js";
import { fold, stem, words } from "./words.js";

/** PageRank damping factor: the value of the TextRank paper (and of PageRank itself). */
const DAMPING = 0.85;

/** Power iteration stops when scores move less than this in total (L1): ranks are then stable. */
const CONVERGENCE = 1e-9;

/** Hard cap on iterations; a 200-sentence graph converges in ~40. */
const MAX_ITERATIONS = 200;

/**
 * A sentence shorter than this is a fragment (a dateline, "Share", a caption), not a summary
 * sentence; it still counts as a node so that it can vote for others.
 */
const MIN_SUMMARY_WORDS = 6;

/** Sentence-final punctuation, optionally followed by closing quotes or brackets. */
const TERMINAL = /[.!?…]["»”’)\]]*$|["»”’]$/u;

/** Teleport weight of the sentence at index i: 1/(i+1)^LEAD_DECAY; 0.5 keeps the tail reachable. */
const LEAD_DECAY = 0.5;

/** Extra teleport weight per unit of title overlap (Jaccard on content words). */
const TITLE_WEIGHT = 1;

interface Candidate extends SentenceSpan {
  readonly index: number;
  readonly paragraph: number;
  readonly terms: ReadonlySet<string>;
  readonly wordCount: number;
  readonly eligible: boolean;
}

function contentTerms(text: string): Set<string> {
  return new Set(
    words(text)
      .filter((w) => !STOP_WORDS.has(w) && /\p{L}/u.test(w))
      .map(stem),
  );
}

/** TextRank edge weight: shared terms over the log of the sentence lengths. */
function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size < 2 || b.size < 2) {
    // log(1) = 0 would divide by zero: single-term sentences use plain overlap.
    let shared = 0;
    for (const t of a) if (b.has(t)) shared += 1;
    return shared > 0 ? shared / Math.max(a.size, b.size) : 0;
  }
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared / (Math.log(a.size) + Math.log(b.size));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function rank(candidates: readonly Candidate[], titleTerms: ReadonlySet<string>): number[] {
  const n = candidates.length;
  const weights = candidates.map((a) =>
    candidates.map((b) => (a === b ? 0 : similarity(a.terms, b.terms))),
  );
  const outSums = weights.map((row) => row.reduce((sum, w) => sum + w, 0));

  const teleportRaw = candidates.map(
    (c, i) => 1 / (i + 1) ** LEAD_DECAY + TITLE_WEIGHT * jaccard(c.terms, titleTerms),
  );
  const teleportSum = teleportRaw.reduce((sum, w) => sum + w, 0);
  const teleport = teleportRaw.map((w) => w / teleportSum);

  let scores = teleport.slice();
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration += 1) {
    // Sentences with no edge (dangling nodes) hand their score back through the teleport vector.
    let dangling = 0;
    for (let j = 0; j < n; j += 1) if (outSums[j] === 0) dangling += scores[j] ?? 0;
    const next = teleport.map((t) => (1 - DAMPING + DAMPING * dangling) * t);
    for (let j = 0; j < n; j += 1) {
      const out = outSums[j] ?? 0;
      if (out === 0) continue;
      const share = (DAMPING * (scores[j] ?? 0)) / out;
      const row = weights[j] ?? [];
      for (let i = 0; i < n; i += 1) next[i] = (next[i] ?? 0) + share * (row[i] ?? 0);
    }
    const delta = next.reduce((sum, s, i) => sum + Math.abs(s - (scores[i] ?? 0)), 0);
    scores = next;
    if (delta < CONVERGENCE) break;
  }
  return scores;
}

/**
 * Picks up to `maxSentences` (at least 1) sentences of `english.paragraphs`, each copied verbatim
 * from one paragraph, returned in article order. Never returns the title as a sentence. Returns
 * `[]` only when the paragraphs hold no text at all.
 */
export function summarize(
  english: { title: string | null; paragraphs: readonly string[] },
  maxSentences: number,
): string[] {
  return summarySentences(english, maxSentences).map((sentence) => sentence.text);
}

/** A summary sentence and where it was copied from: `paragraphs[paragraph].slice(start, end)`. */
export interface SummarySentence {
  readonly text: string;
  readonly paragraph: number;
  readonly start: number;
  readonly end: number;
}

/** `summarize`, with each sentence's paragraph index and UTF-16 offsets in that paragraph. */
export function summarySentences(
  english: { title: string | null; paragraphs: readonly string[] },
  maxSentences: number,
): SummarySentence[] {
  const limit = Math.max(1, Math.floor(maxSentences));
  const foldedTitle = english.title === null ? "" : fold(english.title);
  const titleTerms = english.title === null ? new Set<string>() : contentTerms(english.title);

  const candidates: Candidate[] = [];
  for (const [paragraphIndex, paragraph] of english.paragraphs.entries()) {
    for (const span of sentenceSpans(paragraph, "en")) {
      const folded = fold(span.text);
      if (folded === "" || folded === foldedTitle) continue;
      const wordCount = words(span.text).length;
      candidates.push({
        ...span,
        index: candidates.length,
        paragraph: paragraphIndex,
        terms: contentTerms(span.text),
        wordCount,
        eligible: wordCount >= MIN_SUMMARY_WORDS && TERMINAL.test(span.text),
      });
    }
  }
  if (candidates.length === 0) return fallback(english.paragraphs, foldedTitle);

  const scores = rank(candidates, titleTerms);
  const pool = candidates.some((c) => c.eligible)
    ? candidates.filter((c) => c.eligible)
    : candidates;
  return pool
    .slice()
    .sort((a, b) => (scores[b.index] ?? 0) - (scores[a.index] ?? 0) || a.index - b.index)
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map((c) => ({ text: c.text, paragraph: c.paragraph, start: c.start, end: c.end }));
}

/**
 * Only title-like or word-less sentences: return the first non-blank paragraph text rather than
 * nothing, so that any text yields a summary (it is still a verbatim substring).
 */
function fallback(paragraphs: readonly string[], foldedTitle: string): SummarySentence[] {
  const texts = paragraphs
    .map((p, paragraph) => ({ text: p.trim(), paragraph, start: p.indexOf(p.trim()) }))
    .filter((p) => p.text !== "");
  const first = texts.find((p) => fold(p.text) !== foldedTitle) ?? texts[0];
  return first === undefined ? [] : [{ ...first, end: first.start + first.text.length }];
}
