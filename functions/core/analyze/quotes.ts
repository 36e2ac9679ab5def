/**
 * Direct quotations, found in the French text (before translation, so both engines give the
 * same ones) and given their speaker:
 * 1. quoted spans: « … », “ … ”, " … "; a quotation nested in another belongs to it; a French
 *    quotation that runs over several paragraphs reopens with « at the start of each one and
 *    closes only at the end of the last;
 * 2. spans shorter than `MIN_QUOTE_WORDS` are terms or scare quotes ("souveraineté"), not
 *    quotations;
 * 3. the attribution, in the quotation's sentence: after it (", a déclaré M. Peskov", ", selon
 *    X", ", a-t-il ajouté" → the previous speaker), else before it ("Erdogan a confirmé : « … »",
 *    "M. Lavrov a insisté sur le fait que « … »"). None found: speaker null, never a guess;
 * 4. the speaker's name is joined to the English entities (`joinSpeaker`): the same canonical
 *    name as `entities[].text`, so quotes and entities join;
 * 5. the English words: the quoted span of the English paragraph(s) when the English has the
 *    same quotation marks in the same places (`textIs: "span"`), else the whole English
 *    paragraph(s) (`textIs: "paragraph"`).
 */
import type { EntityType } from "../ports.js";
import { cleanEntityText } from "./merge.js";
import { fold } from "./words.js";

/**
 * A quotation has at least this many words: one to three quoted words are a term, a title or a
 * scare quote ("souveraineté", "sanctions occidentales"); four is the shortest clause a
 * politician is quoted saying ("nous ne céderons pas").
 */
export const MIN_QUOTE_WORDS = 4;

/**
 * A French name and an English entity name are the same person when their surnames differ by at
 * most this share of their letters (normalised edit distance): transliterations differ by a
 * letter or two ("Poutine"/"Putin" 2 of 7, "Sotchi"/"Sochi" 1 of 6), different people by most.
 */
export const NAME_MATCH_MAX_DISTANCE = 0.3;

/** Verbs of saying, as past participles after "a"/"avait" ("a déclaré", "avait affirmé"). */
const SPEECH_VERBS =
  "déclaré|dit|affirmé|ajouté|souligné|confirmé|expliqué|indiqué|estimé|assuré|précisé|relevé|insisté|annoncé|répondu|lancé|martelé|averti|prévenu|rappelé|poursuivi|conclu|écrit|publié|tweeté|déploré|jugé|noté|reconnu|admis|observé|commenté|poursuit|déclare|affirme|ajoute|souligne|estime|assure|précise|explique|indique";

/** After the quotation: ", a déclaré M. Peskov" → "M. Peskov". */
const AFTER_NAMED = new RegExp(
  `^[^.!?]*?,\\s*(?:a|avait|ont|aurait)\\s+(?:${SPEECH_VERBS})(?:\\s+(?:mardi|lundi|mercredi|jeudi|vendredi|samedi|dimanche|hier|encore|aussi|également|ensuite))?\\s+(?:à\\s+[^,.]+?\\s+)?((?:(?:M|MM|Mme|Dr)\\.\\s+)?[^,.;:!?«»"“”()]+)`,
  "u",
);

/** Inverted subject after the verb: "» , déclare le ministre" is rare; "a-t-il ajouté" is common. */
const AFTER_PRONOUN = new RegExp(
  `^[^.!?]*?,?\\s*(?:a|avait)-t-(?:il|elle)\\s+(?:${SPEECH_VERBS})|^[^.!?]*?,?\\s*(?:${SPEECH_VERBS})-(?:t-)?(?:il|elle)(?!\\p{L})|^\\s*,?\\s*selon\\s+(?:lui|elle)(?!\\p{L})`,
  "u",
);

/** ", selon X" right after the quotation. */
const AFTER_SELON = /^[^.!?«»"“”]*?,?\s*selon\s+([^,.;:!?«»"“”()]+)/u;

/** Before the quotation: "X a déclaré à CNN :" / "X a insisté sur le fait que" / "selon X, ". */
const BEFORE_NAMED = new RegExp(
  `(?:^|[.!?;,]\\s*|\\s)((?:(?:M|MM|Mme|Dr)\\.\\s+)?[^.!?;,«»"“”]*?)\\s+(?:a|avait|ont)\\s+(?:${SPEECH_VERBS})(?!\\p{L})[^.!?«»"“”]*$`,
  "u",
);
const BEFORE_SELON = /(?:^|[.!?;]\s*)\s*selon\s+([^,.;:!?«»"“”()]+),[^.!?«»"“”]*$/iu;

/**
 * Role nouns of a description that stands for a person already quoted ("le responsable russe"
 * right after a quotation of Lavrov). Only these, and only when that quotation is in the
 * paragraph just before: "le bureau présidentiel turc" is no one already quoted.
 */
const ROLE_NOUNS = new Set(
  "responsable ministre chef porte-parole président présidente dirigeant dirigeante diplomate".split(
    " ",
  ),
);

/** True for "le responsable russe", "le chef de la diplomatie russe": a role, no name. */
function isRoleDescription(attribution: string): boolean {
  const words = attribution.toLowerCase().split(/\s+/u);
  return DETERMINERS.has(words[0]?.replace(/['’]$/u, "") ?? "") && ROLE_NOUNS.has(words[1] ?? "");
}

/** Words that start a description rather than a name ("le bureau présidentiel turc"). */
const DETERMINERS = new Set(["le", "la", "les", "l", "un", "une", "des", "du", "ce", "cette"]);

/** Courtesy titles that announce a name ("M. Peskov", "Mme Merkel"). */
const HONORIFIC = /^(?:M|MM|Mme|Mmes|Mlle|Dr|Me|Mgr)\.?$/u;

const OPENERS: Record<string, string> = { "«": "»", "“": "”", '"': '"' };
const CLOSERS = new Set(["»", "”", '"']);

interface Span {
  /** UTF-16 offsets of the quoted words (marks excluded) in the paragraph. */
  readonly start: number;
  readonly end: number;
  /** Offsets of the marks themselves (end = after the closing mark, or paragraph end). */
  readonly outerStart: number;
  readonly outerEnd: number;
  /** True when the paragraph ended before the closing mark. */
  readonly open: boolean;
  /** True when the span continues a quotation left open in the previous paragraph. */
  readonly continued: boolean;
}

/**
 * The outermost quoted spans of one paragraph. `continuing` says the previous paragraph left a
 * quotation open: it goes on here only if the paragraph opens with a quotation mark.
 */
function quotedSpans(paragraph: string, continuing: boolean): Span[] {
  const spans: Span[] = [];
  const stack: string[] = [];
  let start = 0;
  let outerStart = 0;
  let continued = false;
  const leading = paragraph.length - paragraph.trimStart().length;
  for (let i = 0; i < paragraph.length; i += 1) {
    const char = paragraph[i] ?? "";
    const top = stack.at(-1);
    if (top !== undefined && char === OPENERS[top]) {
      // A closing mark (for '"', the same character closes).
      stack.pop();
      if (stack.length === 0) {
        spans.push({ start, end: i, outerStart, outerEnd: i + 1, open: false, continued });
        continued = false;
      }
      continue;
    }
    if (char in OPENERS) {
      if (stack.length === 0) {
        outerStart = i;
        start = i + 1;
        continued = continuing && i === leading && spans.length === 0;
      }
      stack.push(char);
      continue;
    }
    if (CLOSERS.has(char) && stack.length === 0 && spans.length === 0 && continuing) {
      // A stray closing mark ends a quotation carried over without a reopening mark.
      spans.push({
        start: 0,
        end: i,
        outerStart: 0,
        outerEnd: i + 1,
        open: false,
        continued: true,
      });
    }
  }
  if (stack.length > 0) {
    spans.push({
      start,
      end: paragraph.length,
      outerStart,
      outerEnd: paragraph.length,
      open: true,
      continued,
    });
  }
  return spans;
}

interface QuoteRun {
  /** Paragraph and span of each piece, first to last. */
  readonly pieces: readonly { readonly paragraph: number; readonly span: Span }[];
}

/** Quotations of an article: spans joined across paragraphs when a quotation reopens. */
function quoteRuns(paragraphs: readonly string[]): QuoteRun[] {
  const runs: { pieces: { paragraph: number; span: Span }[] }[] = [];
  let openRun: { pieces: { paragraph: number; span: Span }[] } | undefined;
  paragraphs.forEach((paragraph, index) => {
    const spans = quotedSpans(paragraph, openRun !== undefined);
    for (const span of spans) {
      if (span.continued && openRun !== undefined) {
        openRun.pieces.push({ paragraph: index, span });
      } else {
        openRun = { pieces: [{ paragraph: index, span }] };
        runs.push(openRun);
      }
      if (!span.open) openRun = undefined;
    }
    // A quotation left open that the next paragraph does not reopen ends with its paragraph.
    if (spans.length === 0) openRun = undefined;
    if (spans.at(-1)?.open !== true) openRun = undefined;
  });
  return runs;
}

function wordCount(text: string): number {
  return fold(text).split(" ").filter(Boolean).length;
}

function textOf(paragraphs: readonly string[], run: QuoteRun): string {
  return run.pieces
    .map(({ paragraph, span }) => (paragraphs[paragraph] ?? "").slice(span.start, span.end).trim())
    .join("\n\n")
    .trim();
}

/** A speaker phrase cut to the name it holds: "le porte-parole du Kremlin, Dmitry Peskov" → "Dmitry Peskov". */
function trimAttribution(raw: string): string {
  return raw
    .replace(/\s+/gu, " ")
    .replace(/^(?:et|mais|puis|alors)\s+/iu, "")
    .trim();
}

type Attribution = { kind: "named"; words: string } | { kind: "previous" } | { kind: "none" };

/** The attribution of a quotation from the text after its closing mark, up to the sentence end. */
function attributionAfter(rest: string): Attribution {
  const sentence = rest.split(/[«“]/u)[0] ?? "";
  if (AFTER_PRONOUN.test(sentence)) return { kind: "previous" };
  const named = AFTER_NAMED.exec(sentence) ?? AFTER_SELON.exec(sentence);
  const words = named?.[1] === undefined ? "" : trimAttribution(named[1]);
  return words === "" ? { kind: "none" } : { kind: "named", words };
}

/** The attribution from the text of the same sentence before the opening mark. */
function attributionBefore(before: string): Attribution {
  // Earlier quoted words in the sentence are part of its text, not boundaries.
  const clause = before.replace(/[\s:,]+$/u, "").replace(/["“”«»]/gu, "");
  const selon = BEFORE_SELON.exec(`${clause},`);
  if (selon?.[1] !== undefined) return { kind: "named", words: trimAttribution(selon[1]) };
  const named = BEFORE_NAMED.exec(clause);
  const words = named?.[1] === undefined ? "" : trimAttribution(named[1]);
  if (words === "") return { kind: "none" };
  if (/^(?:il|elle|ils|elles)$/iu.test(words)) return { kind: "previous" };
  return { kind: "named", words };
}

/** The name inside an attribution: capitalised words, honorifics dropped; "" for a description. */
export function nameIn(attribution: string): string {
  const tokens = attribution.split(/\s+/u).filter(Boolean);
  // "le porte-parole officiel du Kremlin, Dmitry Peskov": the name is the last capitalised run.
  const runs: string[][] = [];
  let current: string[] = [];
  for (const token of tokens) {
    const bare = token.replace(/^[^\p{L}]+|[^\p{L}\p{N}.-]+$/gu, "");
    const capitalised = /^\p{Lu}/u.test(bare);
    const determiner = DETERMINERS.has(fold(bare.replace(/['’]$/u, "")));
    if (capitalised && !determiner && !HONORIFIC.test(bare)) {
      current.push(bare.replace(/\.$/u, ""));
      // "du Kremlin, Dmitry Peskov": a comma ends a name.
      if (/[,;:]$/u.test(token)) {
        runs.push(current);
        current = [];
      }
    } else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return (runs.at(-1) ?? []).join(" ");
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/** 0 for the same word, 1 for nothing in common: edit distance over the longer length. */
function wordDistance(a: string, b: string): number {
  return editDistance(a, b) / Math.max(a.length, b.length, 1);
}

export interface SpeakerCandidate {
  readonly text: string;
  readonly type: EntityType;
}

/** Entity types that can speak; a person first (a surname may also name a company or a drone). */
const SPEAKER_TYPE_RANK: Partial<Record<EntityType, number>> = {
  PERSON: 0,
  ORGANIZATION: 1,
  OTHER: 2,
  LOCATION: 3,
};

/**
 * The entity a French name refers to: the speaking entity (person first) whose words include
 * the name's last word (its surname), spelled within `NAME_MATCH_MAX_DISTANCE`, and no other
 * word of the name contradicting it. `undefined` when none does.
 */
export function joinSpeaker(
  name: string,
  entities: readonly SpeakerCandidate[],
): SpeakerCandidate | undefined {
  const words = fold(cleanEntityText(name)).split(" ").filter(Boolean);
  const surname = words.at(-1);
  if (surname === undefined) return undefined;
  let best: { entity: SpeakerCandidate; distance: number; rank: number } | undefined;
  for (const entity of entities) {
    const rank = SPEAKER_TYPE_RANK[entity.type];
    if (rank === undefined) continue;
    const entityWords = fold(entity.text).split(" ").filter(Boolean);
    const distance = Math.min(...entityWords.map((w) => wordDistance(surname, w)));
    if (!(distance <= NAME_MATCH_MAX_DISTANCE)) continue;
    // A first name that matches no word of the entity means another person of that surname.
    const others = words.slice(0, -1);
    if (
      others.length > 0 &&
      entityWords.length > 1 &&
      !others.some((w) => entityWords.some((e) => wordDistance(w, e) <= NAME_MATCH_MAX_DISTANCE))
    ) {
      continue;
    }
    if (
      best === undefined ||
      rank < best.rank ||
      (rank === best.rank && distance < best.distance)
    ) {
      best = { entity, distance, rank };
    }
  }
  return best?.entity;
}

export interface FoundQuote {
  readonly text: string;
  readonly textIs: "span" | "paragraph";
  readonly original: string;
  readonly speaker: string | null;
  readonly attribution: string | null;
  readonly paragraph: number;
  readonly originalParagraph: number;
  readonly paragraphCount: number;
}

/** The quotation's words in English: the aligned quoted span, else the whole paragraph(s). */
function englishOf(
  run: QuoteRun,
  frenchRuns: readonly QuoteRun[],
  englishRuns: readonly QuoteRun[],
  english: readonly string[],
): { text: string; textIs: "span" | "paragraph" } {
  const shape = (runs: readonly QuoteRun[]) =>
    runs.map((r) => r.pieces.map((p) => p.paragraph).join(",")).join(";");
  const first = run.pieces[0]?.paragraph ?? 0;
  const last = run.pieces.at(-1)?.paragraph ?? first;
  const inRange = (r: QuoteRun) =>
    (r.pieces[0]?.paragraph ?? -1) >= first && (r.pieces.at(-1)?.paragraph ?? -1) <= last;
  // Align within the quotation's paragraphs: the k-th French run there is the k-th English one,
  // provided both texts have the same runs over the same paragraphs.
  const frenchHere = frenchRuns.filter(inRange);
  const englishHere = englishRuns.filter(inRange);
  const k = frenchHere.indexOf(run);
  const aligned = shape(frenchHere) === shape(englishHere) ? englishHere[k] : undefined;
  const text = aligned === undefined ? "" : textOf(english, aligned);
  if (aligned !== undefined && text !== "") return { text, textIs: "span" };
  return {
    text: english
      .slice(first, last + 1)
      .map((p) => p.trim())
      .join("\n\n"),
    textIs: "paragraph",
  };
}

/**
 * The direct quotations of an article, in order. `french` and `english` are the paragraph
 * lists (paragraph i translates paragraph i); `entities` are the article's entities, for the
 * speakers' canonical names.
 */
export function findQuotes(
  french: readonly string[],
  english: readonly string[],
  entities: readonly SpeakerCandidate[],
): FoundQuote[] {
  const frenchRuns = quoteRuns(french);
  const englishRuns = quoteRuns(english);
  const quotes: FoundQuote[] = [];
  let previous: { speaker: string | null; attribution: string | null; paragraph: number } = {
    speaker: null,
    attribution: null,
    paragraph: -1,
  };
  for (const run of frenchRuns) {
    const original = textOf(french, run);
    if (wordCount(original) < MIN_QUOTE_WORDS) continue;
    const head = run.pieces[0];
    const tail = run.pieces.at(-1);
    if (head === undefined || tail === undefined) continue;
    const after = (french[tail.paragraph] ?? "").slice(tail.span.outerEnd);
    const before = (french[head.paragraph] ?? "").slice(0, head.span.outerStart);
    let attribution = attributionAfter(after);
    if (attribution.kind === "none") attribution = attributionBefore(before);
    let speaker: string | null = null;
    let words: string | null = null;
    if (attribution.kind === "previous") {
      ({ speaker, attribution: words } = previous);
    } else if (attribution.kind === "named") {
      words = attribution.words;
      const name = nameIn(words);
      if (name !== "") speaker = joinSpeaker(name, entities)?.text ?? null;
      else if (isRoleDescription(words) && previous.paragraph >= head.paragraph - 1) {
        speaker = previous.speaker;
      }
    }
    const last = tail.paragraph;
    if (attribution.kind !== "none") previous = { speaker, attribution: words, paragraph: last };
    quotes.push({
      ...englishOf(run, frenchRuns, englishRuns, english),
      original,
      speaker,
      attribution: words,
      paragraph: head.paragraph,
      originalParagraph: head.paragraph,
      paragraphCount: tail.paragraph - head.paragraph + 1,
    });
  }
  return quotes;
}
