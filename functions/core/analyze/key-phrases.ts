/**
 * Key-phrase ranking, the same for every engine: the engine reports each noun phrase it sees
 * (Comprehend's key phrases, the offline noun-phrase chunker's runs), and this module groups
 * them, scores them and picks at most `MAX_KEY_PHRASES`.
 *
 * Salience = confidence × frequency × lead × title × specificity: a phrase the article repeats,
 * mentions early and puts in its headline is what the article is about (the signals YAKE and
 * RAKE build on), and a multi-word phrase is more specific than its head noun alone.
 * De-duplication folds case and plural (`phraseKey`), and keeps one phrase of any pair where one
 * contains the other, preferring the longer one when it recurs ("military cooperation" over
 * "cooperation"). Scores are relative: the top phrase scores 1.
 */
import { MAX_KEY_PHRASES, phraseKey } from "./merge.js";
import { STOP_WORDS } from "./stop-words.js";
import { stem, words } from "./words.js";

/** A phrase gets this share of the count of the longer phrases that contain it. */
const CONTAINED_CREDIT = 0.5;

/** Weight of the lead: a phrase first seen at the very start scores up to 1 + LEAD_BONUS. */
const LEAD_BONUS = 0.5;

/** Weight of the headline: a phrase whose words are all in the title scores 1 + TITLE_BONUS. */
const TITLE_BONUS = 0.5;

/**
 * Phrases that are only a name ("Turkey") are already reported as entities; they still count
 * as key phrases (Comprehend lists them too) but at a third of the weight, so that what is
 * *said* ("military cooperation", "American sanctions") outranks who is named.
 */
const PROPER_ONLY_WEIGHT = 1 / 3;

/**
 * Each word past the first adds this share: "Turkish president" says more than "president",
 * and without a background corpus (IDF) specificity is the best proxy for information.
 */
const EXTRA_WORD_BONUS = 0.5;

/** A longer phrase replaces a shorter one it contains only if the article repeats it. */
const MIN_REPEAT_FOR_LONGER = 2;

/** Key-phrase scores are rounded to this many decimals. */
const SCORE_DECIMALS = 4;

export interface PhraseOccurrence {
  /** Surface form, function words trimmed. */
  readonly text: string;
  /** Where it is in the whole text (title first, then paragraphs): earlier sorts first. */
  readonly position: number;
  /** Engine confidence, 0..1. */
  readonly confidence: number;
  /** True when the occurrence lies inside an entity mention (it is only a name). */
  readonly properOnly: boolean;
}

export interface RankedPhrase {
  readonly text: string;
  readonly score: number;
  /** Indices (into the input occurrences) of the chosen phrase's occurrences, in input order. */
  readonly members: readonly number[];
}

interface Candidate {
  readonly key: string;
  /** The key's words, each singular: what containment is checked on. */
  readonly tokens: readonly string[];
  readonly text: string;
  readonly count: number;
  readonly first: number;
  readonly confidence: number;
  readonly properOnly: boolean;
  readonly members: readonly number[];
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    if (needle.every((token, j) => haystack[i + j] === token)) return true;
  }
  return false;
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return containsRun(a.tokens, b.tokens) || containsRun(b.tokens, a.tokens);
}

function round(value: number): number {
  const factor = 10 ** SCORE_DECIMALS;
  return Math.round(value * factor) / factor;
}

function candidatesOf(occurrences: readonly PhraseOccurrence[]): Candidate[] {
  const byKey = new Map<string, number[]>();
  for (const [index, occurrence] of occurrences.entries()) {
    const key = phraseKey(occurrence.text);
    if (key === "") continue;
    const members = byKey.get(key) ?? [];
    members.push(index);
    byKey.set(key, members);
  }
  return [...byKey.entries()].map(([key, members]) => {
    const all = members.map((i) => occurrences[i] as PhraseOccurrence);
    const first = all.reduce((a, b) => (b.position < a.position ? b : a));
    return {
      key,
      // Every word singular, so "drones" is found inside "drone Bayraktar".
      tokens: key.split(" ").map(stem),
      text: first.text,
      count: all.length,
      first: first.position,
      confidence: Math.max(...all.map((o) => o.confidence)),
      properOnly: all.every((o) => o.properOnly),
      members,
    };
  });
}

/**
 * Key phrases of an article. `title` feeds the headline signal; `textLength` (the length of
 * the analysed text, title included) scales the lead signal. Sorted by score (top = 1), ties
 * in order of first appearance, at most `MAX_KEY_PHRASES`.
 */
export function rankKeyPhrases(
  occurrences: readonly PhraseOccurrence[],
  title: string | null,
  textLength: number,
): RankedPhrase[] {
  const candidates = candidatesOf(occurrences);
  const titleTerms = new Set(words(title ?? "").map(stem));
  const length = Math.max(1, textLength);
  const salience = new Map<Candidate, number>();
  for (const candidate of candidates) {
    let contained = 0;
    for (const other of candidates) {
      if (other !== candidate && containsRun(other.tokens, candidate.tokens)) {
        contained += other.count;
      }
    }
    const content = candidate.tokens.filter((t) => !STOP_WORDS.has(t));
    const inTitle = content.filter((t) => titleTerms.has(stem(t))).length;
    const titleShare = content.length === 0 ? 0 : inTitle / content.length;
    const lead = 1 - Math.min(1, candidate.first / length);
    const score =
      candidate.confidence *
      (candidate.count + CONTAINED_CREDIT * contained) *
      (1 + LEAD_BONUS * lead) *
      (1 + TITLE_BONUS * titleShare) *
      (1 + EXTRA_WORD_BONUS * (candidate.tokens.length - 1)) *
      (candidate.properOnly ? PROPER_ONLY_WEIGHT : 1);
    salience.set(candidate, score);
  }

  const ranked = candidates
    .slice()
    .sort((a, b) => (salience.get(b) ?? 0) - (salience.get(a) ?? 0) || a.first - b.first);
  const chosen: { candidate: Candidate; score: number }[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= MAX_KEY_PHRASES) break;
    const score = salience.get(candidate) ?? 0;
    // Prefer the most repeated longer phrase that contains this one, if the article repeats it.
    const longer = candidates
      .filter(
        (c) =>
          c !== candidate &&
          c.count >= MIN_REPEAT_FOR_LONGER &&
          containsRun(c.tokens, candidate.tokens),
      )
      .sort((a, b) => b.count - a.count || a.first - b.first)[0];
    const pick = longer ?? candidate;
    if (chosen.some((c) => overlaps(c.candidate, pick))) continue;
    chosen.push({ candidate: pick, score });
  }

  const top = chosen[0]?.score || 1;
  return chosen.map(({ candidate, score }) => ({
    text: candidate.text,
    score: round(score / top),
    members: candidate.members,
  }));
}
