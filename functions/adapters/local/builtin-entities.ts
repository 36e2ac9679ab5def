/**
 * Offline named entities, typed with Comprehend's types. compromise tags proper nouns as
 * Person / Place / Organization from its lexicon; this module groups tagged words into names
 * and fills the gaps compromise leaves on news translated by Apertium:
 * - foreign names it does not know ("Sergueï Lavrov", "Mevlut Cavusoglu") are PERSON when two
 *   or more capitalised words stand together, or when a title or "M." comes before them;
 * - model codes ("S-400", "Su-57", "F-35", "Bayraktar TB2") are COMMERCIAL_ITEM (compromise has
 *   no notion of them: a regular expression does it);
 * - Apertium capitalises verbs after a name ("Erdogan Foresees", "M. Lavrov Has insisted"):
 *   a capitalised word that is a verb, adjective or adverb once lower-cased ends the name.
 * EVENT and TITLE are never emitted: nothing in compromise's lexicon supports them.
 */
import { BOILERPLATE_WORDS, STOP_WORDS } from "../../core/analyze/stop-words.js";
import type { EntityType, RawEntityMention, RawSpan } from "../../core/ports.js";
import { isModelCode, lexiconTags, type Sentence, type Token } from "./builtin-tokens.js";

/** Courtesy titles that announce a person ("M. Lavrov", "MM. Putin and Erdogan"). */
const HONORIFICS: ReadonlySet<string> = new Set([
  "m",
  "mm",
  "mr",
  "mrs",
  "ms",
  "mme",
  "dr",
  "prof",
]);

/** Lower-case words that, right before a name, make it a person ("president Erdogan"). */
const PERSON_CUES: ReadonlySet<string> = new Set(
  `president minister spokesman spokeswoman spokesperson chancellor premier king queen prince
  pope leader chief director general secretary ambassador foreign counterpart homologous
  homologue colonel commander senator governor mayor analyst politologue expert`.split(/\s+/),
);

/**
 * Prepositions of place: an untyped name right after one is a place ("in Astana", "at
 * Sotchi"). Names compromise knows as people are typed before this cue is consulted.
 */
const PLACE_CUES: ReadonlySet<string> = new Set(["in", "at", "near"]);

/**
 * "to" precedes places ("travel to Sotchi") and people ("said to Cavusoglu") alike: it makes a
 * single unknown word a place, but leaves two-word names to the person rule.
 */
const DIRECTION_CUES: ReadonlySet<string> = new Set(["to"]);

/** Lexicon readings never part of a name (Apertium capitalises verbs: "Erdogan Foresees"). */
const NON_NAME_TAGS = [
  "Verb",
  "Infinitive",
  "PresentTense",
  "PastTense",
  "Gerund",
  "Participle",
  "Modal",
  "Copula",
  "Auxiliary",
  "Adverb",
  "Adjective",
  "Comparative",
  "Superlative",
  "Preposition",
  "Conjunction",
  "Determiner",
  "Pronoun",
];

/** Context tags strong enough to keep a word in a name whatever its lexicon reading. */
const STRONG_NAME_TAGS = [
  "Place",
  "Organization",
  "FirstName",
  "LastName",
  "MaleName",
  "FemaleName",
];

/** Nationality adjectives missing from compromise's lexicon ("Turkish", "Chinese"). */
const DEMONYM_SUFFIX = /^\p{Lu}\p{Ll}{2,}(?:ish|ese)$/u;

/** An all-capital word longer than this is a shouted common word ("DIRECTOR"), not an acronym. */
const MAX_ACRONYM_LENGTH = 5;

/** Date words: a run of Date tokens is a DATE only if it holds one of these (not "last years"). */
const DATE_ANCHOR_TAGS = ["Month", "WeekDay", "Year"];

/**
 * Confidence of a mention by the evidence behind it. Lexicon hits and model codes are rarely
 * wrong; the capitalisation heuristics are right most of the time on the seeds; an untyped
 * proper noun is a coin toss.
 */
const CONFIDENCE = {
  modelCode: 0.95,
  lexicon: 0.9,
  heuristic: 0.75,
  untyped: 0.5,
} as const;

function hasAny(tags: ReadonlySet<string>, wanted: readonly string[]): boolean {
  return wanted.some((tag) => tags.has(tag));
}

function isCapitalised(text: string): boolean {
  return /^\p{Lu}/u.test(text);
}

/** Punctuation after a word (other than spaces) ends a name: "Putin," / "Russia." / "Otan»". */
function endsRun(token: Token): boolean {
  return /[^\s]/u.test(token.post);
}

function isHonorific(token: Token): boolean {
  return HONORIFICS.has(token.normal.replace(/\.$/u, "")) && isCapitalised(token.text);
}

type WordKind = "name" | "code" | "break";

function classify(token: Token, knownProper: ReadonlySet<string>): WordKind {
  if (isModelCode(token.text)) return "code";
  if (!isCapitalised(token.text)) return "break";
  const lower = token.normal;
  if (STOP_WORDS.has(lower) || BOILERPLATE_WORDS.has(lower) || isHonorific(token)) return "break";
  const { tags } = token;
  if (hasAny(tags, ["Demonym", "Date", "Value", "Pronoun", "Determiner"])) return "break";
  const lexical = lexiconTags(lower);
  // "American territory" is tagged Place in context, but a nationality is not a place.
  if (lexical.has("Demonym") || DEMONYM_SUFFIX.test(token.text)) return "break";
  if (hasAny(tags, STRONG_NAME_TAGS)) return "name";
  const shouted = token.text.length > 1 && token.text === token.text.toUpperCase();
  if (shouted && token.text.length > MAX_ACRONYM_LENGTH) return "break";
  if (!shouted && hasAny(lexical, NON_NAME_TAGS)) return "break";
  // A capitalised first word is only a name if the text also capitalises it mid-sentence.
  if (token.indexInSentence === 0 && !knownProper.has(token.text)) return "break";
  return "name";
}

type Cue = "person" | "place" | "direction" | null;

function cueOf(token: Token): Cue {
  if (isHonorific(token) || PERSON_CUES.has(token.normal)) return "person";
  if (PLACE_CUES.has(token.normal)) return "place";
  return DIRECTION_CUES.has(token.normal) ? "direction" : null;
}

interface Span {
  readonly tokens: readonly Token[];
  /** What the word before the name suggests ("M." → person, "in" → place). */
  readonly cue: Cue;
}

function typeSpan(span: Span): { type: EntityType; confidence: number } {
  const { tokens } = span;
  if (tokens.some((t) => isModelCode(t.text))) {
    return { type: "COMMERCIAL_ITEM", confidence: CONFIDENCE.modelCode };
  }
  if (tokens.every((t) => t.tags.has("Place"))) {
    return { type: "LOCATION", confidence: CONFIDENCE.lexicon };
  }
  if (tokens.some((t) => t.tags.has("Organization"))) {
    return { type: "ORGANIZATION", confidence: CONFIDENCE.lexicon };
  }
  if (tokens.some((t) => hasAny(t.tags, ["Person", "FirstName", "LastName"]))) {
    return { type: "PERSON", confidence: CONFIDENCE.lexicon };
  }
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (only !== undefined && /^\p{Lu}{2,}$/u.test(only.text)) {
    return { type: "ORGANIZATION", confidence: CONFIDENCE.heuristic };
  }
  if (span.cue === "person") return { type: "PERSON", confidence: CONFIDENCE.heuristic };
  if (span.cue === "place" || (span.cue === "direction" && tokens.length === 1)) {
    return { type: "LOCATION", confidence: CONFIDENCE.heuristic };
  }
  if (tokens.length >= 2) return { type: "PERSON", confidence: CONFIDENCE.heuristic };
  return { type: "OTHER", confidence: CONFIDENCE.untyped };
}

function nameSpans(sentence: Sentence, knownProper: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  let current: Token[] = [];
  let cue: Cue = null;
  const flush = (): void => {
    if (current.length > 0) spans.push({ tokens: current, cue });
    current = [];
  };
  for (const token of sentence) {
    const kind = classify(token, knownProper);
    if (kind === "break") {
      flush();
      cue = cueOf(token);
      continue;
    }
    current.push(token);
    if (endsRun(token)) {
      flush();
      cue = null;
    }
  }
  flush();
  return spans;
}

function spanText(tokens: readonly Token[]): string {
  return tokens
    .map((t, i) => (i === tokens.length - 1 ? t.text : t.text + t.post))
    .join("")
    .trim();
}

/** Where a run of tokens is: from its first word's start to the end of its last word. */
export function spanOf(tokens: readonly Token[]): RawSpan | undefined {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (first === undefined || last === undefined) return undefined;
  return { block: first.block, start: first.start, end: last.start + last.text.length };
}

/** Runs of Date-tagged words holding a month, weekday or year: "5 August", "September 2018". */
function dateMentions(sentence: Sentence): RawEntityMention[] {
  const mentions: RawEntityMention[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    if (run.some((t) => hasAny(t.tags, DATE_ANCHOR_TAGS))) {
      const span = spanOf(run);
      if (span !== undefined) {
        mentions.push({ ...span, text: spanText(run), type: "DATE", score: CONFIDENCE.lexicon });
      }
    }
    run = [];
  };
  for (const token of sentence) {
    if (token.tags.has("Date")) {
      run.push(token);
      if (endsRun(token) && !/^[\s,]*$/u.test(token.post)) flush();
    } else {
      flush();
    }
  }
  flush();
  return mentions;
}

/** A number and the plural noun it counts: "two countries", "25 documents", "3 %". */
function quantityMentions(sentence: Sentence): RawEntityMention[] {
  const mentions: RawEntityMention[] = [];
  for (let i = 0; i < sentence.length; i += 1) {
    const token = sentence[i];
    const next = sentence[i + 1];
    if (token === undefined || !token.tags.has("Cardinal") || token.tags.has("Date")) continue;
    if (endsRun(token) || next === undefined) continue;
    const counted = next.tags.has("Plural") && !next.tags.has("ProperNoun");
    if (!counted && !hasAny(next.tags, ["Percent", "Money", "Unit"])) continue;
    const span = spanOf([token, next]);
    if (span === undefined) continue;
    mentions.push({
      ...span,
      text: `${token.text}${token.post}${next.text}`,
      type: "QUANTITY",
      score: CONFIDENCE.lexicon,
    });
  }
  return mentions;
}

/** Capitalised words the text uses mid-sentence: those are names even at a sentence start. */
function knownProperNouns(sentences: readonly Sentence[]): Set<string> {
  const known = new Set<string>();
  for (const sentence of sentences) {
    for (const token of sentence) {
      if (token.indexInSentence > 0 && isCapitalised(token.text)) known.add(token.text);
    }
  }
  return known;
}

/**
 * Every entity mention of the tagged sentences, typed and with its confidence, in text order;
 * the core merges and ranks them (`buildAnalysis`).
 */
export function entityMentions(sentences: readonly Sentence[]): RawEntityMention[] {
  const knownProper = knownProperNouns(sentences);
  const mentions: RawEntityMention[] = [];
  for (const sentence of sentences) {
    for (const span of nameSpans(sentence, knownProper)) {
      const where = spanOf(span.tokens);
      if (where === undefined) continue;
      const { type, confidence } = typeSpan(span);
      mentions.push({ ...where, text: spanText(span.tokens), type, score: confidence });
    }
    mentions.push(...dateMentions(sentence), ...quantityMentions(sentence));
  }
  return mentions;
}
