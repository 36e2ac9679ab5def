/**
 * Offline key phrases: noun phrases found by compromise's tags (runs of adjectives and nouns
 * ending on a noun). This module only finds them; ranking and de-duplication are the core's
 * (`functions/core/analyze/key-phrases.ts`), the same as for Comprehend's phrases.
 */
import { phraseKey } from "../../core/analyze/merge.js";
import { BOILERPLATE_WORDS, isFunctionOrNoise, STOP_WORDS } from "../../core/analyze/stop-words.js";
import type { RawPhraseMention } from "../../core/ports.js";
import { spanOf } from "./builtin-entities.js";
import { isModelCode, lexiconTags, type Sentence, type Token } from "./builtin-tokens.js";

/** Longer noun runs are Apertium run-ons; an English noun phrase keeps its head at the end. */
const MAX_PHRASE_WORDS = 4;

/** Single-word phrases shorter than this ("eye", "end") carry no topic. */
const MIN_SINGLE_WORD_LENGTH = 4;

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

function occurrencesOf(sentence: Sentence): RawPhraseMention[] {
  const found: RawPhraseMention[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    // Trim trailing modifiers: the phrase ends on its head noun.
    for (let last = run.at(-1); last !== undefined && !isNounLike(last); last = run.at(-1)) {
      run.pop();
    }
    const tokens = run.slice(-MAX_PHRASE_WORDS);
    run = [];
    const span = spanOf(tokens);
    if (span === undefined || !acceptable(tokens)) return;
    const text = phraseText(tokens);
    if (phraseKey(text) === "") return;
    found.push({ ...span, text, score: 1 });
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

/**
 * Every noun-phrase occurrence of the tagged sentences, in text order, each with confidence 1
 * (the chunker has no notion of doubt); the core ranks them (`rankKeyPhrases`).
 */
export function phraseMentions(sentences: readonly Sentence[]): RawPhraseMention[] {
  return sentences.flatMap(occurrencesOf);
}
