/**
 * The analysis policy, one way for every engine: an engine reports raw mentions, phrases and
 * per-part sentiment with their positions (`RawAnalysis`); this module merges entity mentions,
 * ranks entities and key phrases, aggregates sentiment for the article and for each entity, and
 * turns engine positions into document mentions (`{paragraph, start, end}` in the English
 * paragraphs). Engines differ in what they see, not in what a score or a label means.
 */
import type { Mention } from "../document.js";
import type {
  AnalysisInput,
  EntityType,
  RawAnalysis,
  RawSpan,
  SentimentLabel,
  SentimentScores,
} from "../ports.js";
import { blockText } from "./blocks.js";
import { type PhraseOccurrence, rankKeyPhrases } from "./key-phrases.js";
import { cleanEntityText, mergeEntityMentions, salientScore, trimFunctionWords } from "./merge.js";
import { aggregateSentiment, type DocumentSentiment, type WeightedSentiment } from "./sentiment.js";
import { entitiesFromTargets } from "./target-entities.js";
import { fold } from "./words.js";

/** Title and paragraphs count as if joined by a blank line (positions comparable across blocks). */
const BLOCK_SEPARATOR_LENGTH = 2;

export interface AnalyzedEntity {
  readonly text: string;
  readonly type: EntityType;
  readonly score: number;
  readonly mentions: Mention[];
  readonly sentiment: DocumentSentiment;
}

export interface AnalyzedPhrase {
  readonly text: string;
  readonly score: number;
  readonly mentions: Mention[];
}

export interface ArticleAnalysis {
  readonly keyPhrases: AnalyzedPhrase[];
  readonly entities: AnalyzedEntity[];
  readonly sentiment: { readonly label: SentimentLabel; readonly scores: SentimentScores };
}

/** Offsets of each block in the virtual joined text; title first. */
function blockOffsets(input: AnalysisInput): {
  offsetOf(block: number | null): number;
  length: number;
} {
  const title = input.title ?? "";
  const offsets: number[] = [];
  let offset = title === "" ? 0 : title.length + BLOCK_SEPARATOR_LENGTH;
  for (const paragraph of input.paragraphs) {
    offsets.push(offset);
    offset += paragraph.length + BLOCK_SEPARATOR_LENGTH;
  }
  return { offsetOf: (block) => (block === null ? 0 : (offsets[block] ?? offset)), length: offset };
}

/**
 * The span of `text` in its block: the engine's offsets when they cut exactly `text` out,
 * otherwise the occurrence of `text` nearest to them (an engine counting code points rather
 * than UTF-16 units drifts after an astral character). `undefined` when the block lacks it.
 */
export function locate(input: AnalysisInput, span: RawSpan, text: string): RawSpan | undefined {
  const block = blockText(input, span.block);
  if (text === "") return undefined;
  if (block.slice(span.start, span.end) === text) return span;
  let best: number | undefined;
  for (let at = block.indexOf(text); at >= 0; at = block.indexOf(text, at + 1)) {
    if (best === undefined || Math.abs(at - span.start) < Math.abs(best - span.start)) best = at;
  }
  return best === undefined
    ? undefined
    : { block: span.block, start: best, end: best + text.length };
}

/** The part of a located span that holds `inner` (a cleaned form of its text), else the span. */
function narrow(input: AnalysisInput, span: RawSpan, inner: string): RawSpan {
  const slice = blockText(input, span.block).slice(span.start, span.end);
  const at = slice.indexOf(inner);
  return at < 0 || inner === ""
    ? span
    : { ...span, start: span.start + at, end: span.start + at + inner.length };
}

/** Document mentions: paragraph spans only (the title is not in `english.paragraphs`), sorted, unique. */
function mentionsOf(spans: readonly RawSpan[]): Mention[] {
  const seen = new Set<string>();
  const mentions: Mention[] = [];
  for (const span of spans) {
    if (span.block === null) continue;
    const id = `${span.block}:${span.start}:${span.end}`;
    if (seen.has(id)) continue;
    seen.add(id);
    mentions.push({ paragraph: span.block, start: span.start, end: span.end });
  }
  return mentions.sort((a, b) => a.paragraph - b.paragraph || a.start - b.start);
}

function overlapsSpan(a: RawSpan, b: RawSpan): boolean {
  return a.block === b.block && a.start < b.end && b.start < a.end;
}

function within(inner: RawSpan, outer: RawSpan): boolean {
  return inner.block === outer.block && inner.start >= outer.start && inner.end <= outer.end;
}

/** The size of a part for weighting: its length in UTF-16 units (≈ characters). */
function weightOf(span: RawSpan): number {
  return Math.max(0, span.end - span.start);
}

/**
 * Merges, ranks and aggregates one article's raw analysis:
 * 1. entity mentions (the engine's, or those its targeted sentiment names: `entitiesFromTargets`)
 *    are cleaned ("M. Lavrov" → "Lavrov"), located in their block, merged
 *    (`mergeEntityMentions`) and scored `salientScore(best confidence, mentions)`;
 * 2. phrase occurrences are trimmed, located and ranked (`rankKeyPhrases`); an occurrence inside
 *    an entity mention counts as a name;
 * 3. the article's sentiment is the size-weighted mean of the parts (`aggregateSentiment`);
 * 4. each entity's sentiment: the engine's targeted sentiment of the mentions resolved to it
 *    (a mention group counts if any of its mentions names the entity), else the parts that
 *    contain one of its mentions, else the article's.
 */
export function buildAnalysis(input: AnalysisInput, raw: RawAnalysis): ArticleAnalysis {
  const offsets = blockOffsets(input);
  const position = (span: RawSpan): number => offsets.offsetOf(span.block) + span.start;

  // 1. entities
  const named =
    raw.entities ??
    entitiesFromTargets(
      input,
      (raw.targets ?? []).flatMap((target) => {
        const span = locate(input, target, target.text);
        return span === undefined ? [] : [{ ...target, ...span }];
      }),
    );
  const located = named.flatMap((mention) => {
    const span = locate(input, mention, mention.text);
    if (span === undefined) return [];
    const cleaned = cleanEntityText(mention.text, mention.type);
    return [{ ...mention, span: narrow(input, span, cleaned), position: position(span) }];
  });
  const merged = mergeEntityMentions(located);
  const entityKeys = new Map<string, number>();
  merged.forEach((entity, index) => {
    for (const member of entity.members) {
      const mention = located[member];
      if (mention !== undefined)
        entityKeys.set(fold(cleanEntityText(mention.text, mention.type)), index);
    }
  });

  // 2. key phrases
  const phraseSpans: RawSpan[] = [];
  const occurrences: PhraseOccurrence[] = [];
  for (const phrase of raw.keyPhrases) {
    const text = trimFunctionWords(phrase.text);
    const span = locate(input, phrase, phrase.text);
    if (text === "" || span === undefined) continue;
    const inner = narrow(input, span, text);
    phraseSpans.push(inner);
    occurrences.push({
      text,
      position: position(inner),
      confidence: phrase.score,
      properOnly: located.some((entity) => within(inner, entity.span)),
    });
  }
  const keyPhrases = rankKeyPhrases(occurrences, input.title, offsets.length).map((phrase) => ({
    text: phrase.text,
    score: phrase.score,
    mentions: mentionsOf(phrase.members.flatMap((i) => phraseSpans[i] ?? [])),
  }));

  // 3. article sentiment
  const parts: WeightedSentiment[] = raw.sentiment.map((part) => ({
    scores: part.scores,
    weight: weightOf(part),
  }));
  const sentiment = aggregateSentiment(parts);

  // 4. entity sentiment
  const targeted = targetedByEntity(raw, (text) => resolveEntity(text, entityKeys, merged));
  const entities = merged
    .map((entity, index) => {
      const spans = entity.members.flatMap((i) => located[i]?.span ?? []);
      const fromTargets = targeted.get(index);
      const fromParts = raw.sentiment.filter((part) => spans.some((s) => overlapsSpan(part, s)));
      const entitySentiment =
        fromTargets !== undefined && fromTargets.length > 0
          ? aggregateSentiment(fromTargets.map((scores) => ({ scores, weight: 1 })))
          : fromParts.length > 0
            ? aggregateSentiment(fromParts.map((p) => ({ scores: p.scores, weight: weightOf(p) })))
            : sentiment;
      return {
        entity: {
          text: entity.text,
          type: entity.type,
          score: salientScore(entity.maxScore, entity.mentions),
          mentions: mentionsOf(spans),
          sentiment: entitySentiment,
        },
        first: entity.firstPosition,
      };
    })
    .sort((a, b) => b.entity.score - a.entity.score || a.first - b.first)
    .map(({ entity }) => entity);

  return { keyPhrases, entities, sentiment };
}

/**
 * The merged entity (by index) a name refers to: one whose mentions were written so (folded),
 * else the only entity whose name holds it as a run of words ("Lavrov" in "Sergueï Lavrov").
 */
function resolveEntity(
  text: string,
  entityKeys: ReadonlyMap<string, number>,
  merged: readonly { readonly text: string }[],
): number | undefined {
  const key = fold(cleanEntityText(text));
  if (key === "") return undefined;
  const exact = entityKeys.get(key);
  if (exact !== undefined) return exact;
  const holders = merged.flatMap((entity, index) =>
    ` ${fold(entity.text)} `.includes(` ${key} `) ? [index] : [],
  );
  return holders.length === 1 ? holders[0] : undefined;
}

/** Targeted-sentiment scores per merged entity (by index), through the mentions' names. */
function targetedByEntity(
  raw: RawAnalysis,
  resolve: (text: string) => number | undefined,
): Map<number, SentimentScores[]> {
  const byEntity = new Map<number, SentimentScores[]>();
  if (raw.targets === null) return byEntity;
  const groups = new Map<number, typeof raw.targets>();
  for (const target of raw.targets) {
    groups.set(target.group, [...(groups.get(target.group) ?? []), target]);
  }
  for (const members of groups.values()) {
    const entity = members.map((m) => resolve(m.text)).find((index) => index !== undefined);
    if (entity === undefined) continue;
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), ...members.map((m) => m.scores)]);
  }
  return byEntity;
}
