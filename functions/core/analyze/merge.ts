/**
 * Merging the mentions an engine reports (per document for Comprehend, per occurrence for the
 * offline engine) into one entry per thing the article talks about.
 */
import type { Entity, EntityType } from "../ports.js";
import { STOP_WORDS } from "./stop-words.js";
import { fold, stem, words } from "./words.js";

export interface EntityMention {
  readonly text: string;
  readonly type: EntityType;
  /** Engine confidence, 0..1. */
  readonly score: number;
  /** Where the mention appears (offset or ordinal): earlier mentions sort first on ties. */
  readonly position: number;
}

export interface MergedEntity {
  /** The longest surface form seen ("Sergueï Lavrov" for "Lavrov" + "Sergueï Lavrov"). */
  readonly text: string;
  readonly type: EntityType;
  readonly mentions: number;
  readonly maxScore: number;
  readonly firstPosition: number;
  /** Indices (into the input) of the mentions merged into this entity, in input order. */
  readonly members: readonly number[];
}

/** Courtesy titles stripped from the head of a name: "M. Lavrov" is Lavrov. */
const HONORIFIC = /^(?:(?:M|MM|Mr|Mrs|Ms|Mme|Mlle|Dr|Prof)\.?\s+)+/u;

/**
 * Offices in front of a person's name: "President Recep Tayyip Erdogan" is Recep Tayyip Erdogan
 * (and merges with "Erdogan"). Person mentions only: "General Motors" is a company.
 */
const OFFICE_TITLE =
  /^(?:(?:(?:Vice|Deputy|Former|Foreign|Prime|Defence|Defense|Interior|Finance)\s+)*(?:President|Minister|Chancellor|Premier|Secretary|Spokesman|Spokeswoman|Senator|Governor|Mayor|Ambassador|General|Admiral|King|Queen|Prince|Pope|Sheikh|Emir)\s+)+(?=\p{Lu})/u;

/** A leading article is not part of a name ("the Kremlin" is the Kremlin). */
const LEADING_ARTICLE = /^(?:the|a|an)\s+/iu;

/** Possessive or stray punctuation at the edges: "Turkey's", "«Otan", "Putin,". */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|(?:['’]s)?[^\p{L}\p{N}]*$/gu;

/** Surface form of a mention with titles, articles, possessives and edge punctuation removed. */
export function cleanEntityText(text: string, type?: EntityType): string {
  const cleaned = text
    .replace(/\s+/gu, " ")
    .trim()
    .replace(EDGE_PUNCTUATION, "")
    .replace(HONORIFIC, "")
    .replace(LEADING_ARTICLE, "")
    .trim();
  return type === "PERSON" ? cleaned.replace(OFFICE_TITLE, "") : cleaned;
}

interface Group {
  text: string;
  tokens: string[];
  typeWeights: Map<EntityType, number>;
  mentions: number;
  maxScore: number;
  firstPosition: number;
  members: number[];
}

/** OTHER is the fallback type: any typed reading of the same name wins over it. */
function chooseType(weights: ReadonlyMap<EntityType, number>): EntityType {
  let best: EntityType = "OTHER";
  let bestWeight = Number.NEGATIVE_INFINITY;
  for (const [type, weight] of weights) {
    if (type !== "OTHER" && weight > bestWeight) {
      best = type;
      bestWeight = weight;
    }
  }
  return best;
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length >= haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    if (needle.every((token, j) => haystack[i + j] === token)) return true;
  }
  return false;
}

/**
 * One entry per entity:
 * 1. mentions with the same folded text (case, accents, titles, possessives) are one entity,
 *    typed by the highest total confidence (OTHER only if nothing else was said);
 * 2. an entity whose words are a run inside exactly one longer entity of the same type (or an
 *    untyped OTHER) is that entity: "Lavrov" → "Sergueï Lavrov", "Tayyip Erdogan" →
 *    "Recep Tayyip Erdogan". When the run fits two different entities ("Bayraktar" in
 *    "Haluk Bayraktar" and "Bayraktar TB2") it is ambiguous and stays on its own.
 * Returned in order of first appearance.
 */
export function mergeEntityMentions(mentions: readonly EntityMention[]): MergedEntity[] {
  const byKey = new Map<string, Group>();
  for (const [index, mention] of mentions.entries()) {
    const text = cleanEntityText(mention.text, mention.type);
    const key = fold(text);
    if (key === "") continue;
    const group = byKey.get(key);
    if (group === undefined) {
      byKey.set(key, {
        text,
        tokens: key.split(" "),
        typeWeights: new Map([[mention.type, mention.score]]),
        mentions: 1,
        maxScore: mention.score,
        firstPosition: mention.position,
        members: [index],
      });
      continue;
    }
    group.members.push(index);
    group.typeWeights.set(mention.type, (group.typeWeights.get(mention.type) ?? 0) + mention.score);
    group.mentions += 1;
    group.maxScore = Math.max(group.maxScore, mention.score);
    if (mention.position < group.firstPosition) {
      group.firstPosition = mention.position;
      group.text = text;
    }
  }

  const groups = [...byKey.values()].map((g) => ({ ...g, type: chooseType(g.typeWeights) }));
  type Typed = (typeof groups)[number];
  const compatible = (short: Typed, long: Typed): boolean =>
    containsRun(long.tokens, short.tokens) && (short.type === long.type || short.type === "OTHER");

  // Longest first, so every container is final before shorter names are folded into it.
  const ordered = groups.slice().sort((a, b) => b.tokens.length - a.tokens.length);
  const absorbed = new Set<Typed>();
  for (const group of ordered) {
    const containers = ordered.filter(
      (other) => !absorbed.has(other) && other !== group && compatible(group, other),
    );
    const maximal = containers.filter(
      (c) => !containers.some((d) => d !== c && containsRun(d.tokens, c.tokens)),
    );
    const target = maximal.length === 1 ? maximal[0] : undefined;
    if (target === undefined) continue;
    target.mentions += group.mentions;
    target.maxScore = Math.max(target.maxScore, group.maxScore);
    target.firstPosition = Math.min(target.firstPosition, group.firstPosition);
    target.members.push(...group.members);
    absorbed.add(group);
  }

  return groups
    .filter((g) => !absorbed.has(g))
    .sort((a, b) => a.firstPosition - b.firstPosition)
    .map((g) => ({
      text: g.text,
      type: g.type,
      mentions: g.mentions,
      maxScore: g.maxScore,
      firstPosition: g.firstPosition,
      members: g.members.slice().sort((a, b) => a - b),
    }));
}

/**
 * The identity of a key phrase for de-duplication: folded words, leading function words
 * dropped ("the American sanctions" = "American sanctions"), last word singular
 * ("sanctions" = "sanction").
 */
export function phraseKey(text: string): string {
  const tokens = words(fold(text));
  while (tokens.length > 0 && STOP_WORDS.has(tokens[0] ?? "")) tokens.shift();
  while (tokens.length > 0 && STOP_WORDS.has(tokens.at(-1) ?? "")) tokens.pop();
  const last = tokens.pop();
  if (last !== undefined) tokens.push(stem(last));
  return tokens.join(" ");
}

export interface PhraseMention {
  readonly text: string;
  readonly score: number;
  readonly position: number;
}

export interface MergedPhrase {
  /** Surface form of the first mention, trimmed of leading and trailing function words. */
  readonly text: string;
  readonly score: number;
  readonly mentions: number;
  readonly firstPosition: number;
}

/**
 * Drops leading and trailing function words and edge punctuation from a surface form, keeping
 * its spelling: how a key phrase is shown.
 */
export function trimFunctionWords(text: string): string {
  const parts = text.trim().split(/\s+/u);
  const isFunction = (part: string | undefined): boolean => {
    const tokens = words(part ?? "");
    return tokens.length > 0 && tokens.every((t) => STOP_WORDS.has(t));
  };
  while (parts.length > 0 && isFunction(parts[0])) parts.shift();
  while (parts.length > 0 && isFunction(parts.at(-1))) parts.pop();
  return parts.join(" ").replace(EDGE_PUNCTUATION, "");
}

/**
 * One entry per `phraseKey`, with the best score seen; phrases left empty by the key (only
 * function words or punctuation) are dropped. Sorted by score, then mentions, then position.
 */
export function mergePhraseMentions(mentions: readonly PhraseMention[]): MergedPhrase[] {
  const byKey = new Map<string, { text: string; score: number; mentions: number; first: number }>();
  for (const mention of mentions) {
    const key = phraseKey(mention.text);
    if (key === "") continue;
    const entry = byKey.get(key);
    if (entry === undefined) {
      byKey.set(key, {
        text: trimFunctionWords(mention.text),
        score: mention.score,
        mentions: 1,
        first: mention.position,
      });
      continue;
    }
    entry.score = Math.max(entry.score, mention.score);
    entry.mentions += 1;
    if (mention.position < entry.first) {
      entry.first = mention.position;
      entry.text = trimFunctionWords(mention.text);
    }
  }
  return [...byKey.values()]
    .filter((e) => e.text !== "")
    .sort((a, b) => b.score - a.score || b.mentions - a.mentions || a.first - b.first)
    .map((e) => ({ text: e.text, score: e.score, mentions: e.mentions, firstPosition: e.first }));
}

/**
 * Salience from repetition: a thing mentioned once keeps `MENTION_FLOOR` of its confidence and
 * reaches full confidence at `MENTION_SATURATION` mentions (the subject of a news brief recurs
 * about three times). Both engines score merged entities and phrases this way, so "ranked by
 * score" means "confident and repeated" whichever engine ran.
 */
export const MENTION_FLOOR = 0.6;
export const MENTION_SATURATION = 3;

/** Scores are rounded to this many decimals: beyond it the figures carry no information. */
const SCORE_DECIMALS = 4;

/** `confidence × salience(mentions)`, rounded, in 0..1. */
export function salientScore(confidence: number, mentions: number): number {
  const salience =
    MENTION_FLOOR + (1 - MENTION_FLOOR) * Math.min(1, Math.max(0, mentions) / MENTION_SATURATION);
  const factor = 10 ** SCORE_DECIMALS;
  return Math.round(Math.min(1, Math.max(0, confidence)) * salience * factor) / factor;
}

/**
 * Key phrases kept per article: an analyst scans a screenful; past ~20 a 500-word article
 * yields fragments, and a long one (Comprehend returns every noun phrase) hundreds.
 */
export const MAX_KEY_PHRASES = 20;

/**
 * Entities of one article, as both engines report them: mentions merged, each scored by
 * `salientScore(best confidence, mentions)`, best first, ties in order of first appearance.
 */
export function rankEntities(mentions: readonly EntityMention[]): Entity[] {
  return mergeEntityMentions(mentions)
    .map((entity) => ({
      entity: {
        text: entity.text,
        type: entity.type,
        score: salientScore(entity.maxScore, entity.mentions),
      },
      first: entity.firstPosition,
    }))
    .sort((a, b) => b.entity.score - a.entity.score || a.first - b.first)
    .map(({ entity }) => entity);
}
