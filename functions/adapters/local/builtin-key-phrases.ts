/**
 * Offline key phrases: noun phrases found by compromise's tags (runs of adjectives and nouns
 * ending on a noun), ranked by salience and de-duplicated.
 *
 * Salience = frequency × lead × title × specificity: a phrase the article repeats, mentions
 * early and puts in its headline is what the article is about (the signals YAKE and RAKE
 * build on), and a multi-word phrase is more specific than its head noun alone.
 * De-duplication folds case and plural (`phraseKey`), and keeps one phrase of any pair where
 * one contains the other, preferring the longer one when it recurs ("military cooperation"
 * over "cooperation").
 */
import { MAX_KEY_PHRASES, phraseKey } from "../../core/analyze/merge.js";
import { BOILERPLATE_WORDS, isFunctionOrNoise, STOP_WORDS } from "../../core/analyze/stop-words.js";
import { stem, words } from "../../core/analyze/words.js";
import type { KeyPhrase } from "../../core/ports.js";
import { isModelCode, lexiconTags, type Sentence, type Token } from "./builtin-tokens.js";

/** Longer noun runs are Apertium run-ons; an English noun phrase keeps its head at the end. */
const MAX_PHRASE_WORDS = 4;

/** A phrase gets this share of the count of the longer phrases that contain it. */
const CONTAINED_CREDIT = 0.5;

/** Weight of the lead: a phrase first seen at the very start scores up to 1 + LEAD_BONUS. */
const LEAD_BONUS = 0.5;

/** Weight of the headline: a phrase whose words are all in the title scores 1 + TITLE_BONUS. */
const TITLE_BONUS = 0.5;

/**
 * Phrases made only of proper nouns ("Turkey") are already reported as entities; they still
 * count as key phrases (Comprehend lists them too) but at a third of the weight, so that what
 * is *said* ("military cooperation", "American sanctions") outranks who is named.
 */
const PROPER_ONLY_WEIGHT = 1 / 3;

/**
 * Each word past the first adds this share: "Turkish president" says more than "president",
 * and without a background corpus (IDF) specificity is the best proxy for information.
 */
const EXTRA_WORD_BONUS = 0.5;

/** A longer phrase replaces a shorter one it contains only if the article repeats it. */
const MIN_REPEAT_FOR_LONGER = 2;

/** Single-word phrases shorter than this ("eye", "end") carry no topic. */
const MIN_SINGLE_WORD_LENGTH = 4;

/** Key-phrase scores are rounded to this many decimals. */
const SCORE_DECIMALS = 4;

/**
 * Nouns that only occur inside prepositional idioms ("in spite of", "with regard to", "on
 * behalf of"): never a topic.
 */
const IDIOM_NOUNS: ReadonlySet<string> = new Set(
  "spite regard behalf lieu sake virtue accordance respect terms means".split(" "),
);

/** Lexicon readings of a verb: after "to", such a word is an infinitive, not a noun. */
const VERB_TAGS = ["Verb", "Infinitive", "PresentTense", "PastTense", "Gerund"];

function isCode(token: Token): boolean {
  return isModelCode(token.text);
}

/** Nationality adjectives missing from compromise's lexicon ("Turkish", "Chinese"). */
const DEMONYM_SUFFIX = /^\p{Lu}\p{Ll}{2,}(?:ish|ese)$/u;

function isDemonym(token: Token): boolean {
  return (
    token.tags.has("Demonym") ||
    lexiconTags(token.normal).has("Demonym") ||
    DEMONYM_SUFFIX.test(token.text)
  );
}

/** A phrase ends on its head: a noun, not a nationality ("drones Turkish" is "drones"). */
function isNounLike(token: Token): boolean {
  if (isCode(token)) return true;
  const { tags } = token;
  return tags.has("Noun") && !tags.has("Pronoun") && !tags.has("Date") && !isDemonym(token);
}

function isPhraseWord(token: Token, previous: Token | undefined): boolean {
  if (isCode(token)) return true;
  const lower = token.normal;
  if (STOP_WORDS.has(lower) || BOILERPLATE_WORDS.has(lower) || IDIOM_NOUNS.has(lower)) return false;
  if (previous?.normal === "to" && VERB_TAGS.some((t) => lexiconTags(lower).has(t))) return false;
  const { tags } = token;
  if (tags.has("Pronoun") || tags.has("Value") || tags.has("Date") || tags.has("Acronym")) {
    return tags.has("ProperNoun") && !tags.has("Value") && !tags.has("Date");
  }
  if (tags.has("Verb") && !tags.has("Noun")) return false;
  return tags.has("Noun") || tags.has("Adjective") || tags.has("Demonym");
}

/** Non-space punctuation after a word ends the phrase ("cooperation," / "Otan»"). */
function endsRun(token: Token): boolean {
  return /[^\s]/u.test(token.post);
}

function phraseText(tokens: readonly Token[]): string {
  return tokens
    .map((t, i) => (i === tokens.length - 1 ? t.text : t.text + t.post))
    .join("")
    .trim();
}

interface Occurrence {
  readonly text: string;
  readonly key: string;
  readonly start: number;
  readonly properOnly: boolean;
}

function acceptable(tokens: readonly Token[]): boolean {
  const content = tokens.filter((t) => !isFunctionOrNoise(t.normal) || isCode(t));
  if (content.length === 0) return false;
  if (tokens.some((t) => BOILERPLATE_WORDS.has(t.normal))) return false;
  const only = tokens.length === 1 ? tokens[0] : undefined;
  return only === undefined || isCode(only) || only.text.length >= MIN_SINGLE_WORD_LENGTH;
}

/**
 * A word of a name: capitalised mid-sentence (or tagged a proper noun at its start), not a
 * nationality and not a model code. A phrase is all name or no name: "homologous Russian
 * Vladimir Putin" is the phrase "homologous" (dropped) and the name "Vladimir Putin".
 */
function isNameWord(token: Token): boolean {
  if (!/^\p{Lu}/u.test(token.text) || isCode(token) || isDemonym(token)) return false;
  return token.indexInSentence > 0 || token.tags.has("ProperNoun");
}

function occurrencesOf(sentence: Sentence): Occurrence[] {
  const found: Occurrence[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    // Trim trailing modifiers: the phrase ends on its head noun.
    for (let last = run.at(-1); last !== undefined && !isNounLike(last); last = run.at(-1)) {
      run.pop();
    }
    const tokens = run.slice(-MAX_PHRASE_WORDS);
    run = [];
    const first = tokens[0];
    if (first === undefined || !acceptable(tokens)) return;
    const text = phraseText(tokens);
    const key = phraseKey(text);
    if (key === "") return;
    found.push({
      text,
      key,
      start: first.start,
      properOnly: tokens.every(isNameWord),
    });
  };
  let previous: Token | undefined;
  for (const token of sentence) {
    const word = isPhraseWord(token, previous);
    previous = token;
    if (!word) {
      flush();
      continue;
    }
    const last = run.at(-1);
    if (last !== undefined && isNameWord(last) !== isNameWord(token)) flush();
    run.push(token);
    if (endsRun(token)) flush();
  }
  flush();
  return found;
}

interface Candidate {
  readonly key: string;
  /** The key's words, each singular: what containment is checked on. */
  readonly tokens: readonly string[];
  readonly text: string;
  readonly count: number;
  readonly first: number;
  readonly properOnly: boolean;
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

/**
 * Key phrases of the tagged sentences. `title` feeds the headline signal; `textLength` (the
 * length of the analysed text) scales the lead signal. Sorted by score (top = 1), at most
 * `MAX_KEY_PHRASES`.
 */
export function extractKeyPhrases(
  sentences: readonly Sentence[],
  title: string | null,
  textLength: number,
): KeyPhrase[] {
  const byKey = new Map<string, { occurrences: Occurrence[] }>();
  for (const sentence of sentences) {
    for (const occurrence of occurrencesOf(sentence)) {
      const entry = byKey.get(occurrence.key) ?? { occurrences: [] };
      entry.occurrences.push(occurrence);
      byKey.set(occurrence.key, entry);
    }
  }
  const candidates: Candidate[] = [...byKey.entries()].map(([key, { occurrences }]) => {
    const first = occurrences.reduce((a, b) => (b.start < a.start ? b : a));
    return {
      key,
      // Every word singular, so "drones" is found inside "drone Bayraktar".
      tokens: key.split(" ").map(stem),
      text: first.text,
      count: occurrences.length,
      first: first.start,
      properOnly: occurrences.every((o) => o.properOnly),
    };
  });

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

  const top = chosen[0]?.score ?? 1;
  return chosen.map(({ candidate, score }) => ({
    text: candidate.text,
    score: round(score / top),
  }));
}
