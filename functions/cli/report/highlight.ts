/** A piece of an English paragraph: plain, or a found entity or key phrase. */
export interface Segment {
  readonly text: string;
  readonly mark?: { readonly kind: "entity" | "phrase"; readonly type: string };
}

export interface Term {
  readonly text: string;
  readonly kind: "entity" | "phrase";
  /** Entity type (PERSON, LOCATION…), or "KEY_PHRASE". */
  readonly type: string;
  /** Where the analysis found it (schema 1.1 `mentions`); text matching stands in without. */
  readonly mentions?: readonly { paragraph: number; start: number; end: number }[] | undefined;
}

/** A marked stretch of one paragraph, in UTF-16 offsets (JavaScript `slice`). */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly term: Term;
}

/** Longest term a paragraph is searched for; longer "phrases" are sentences, not terms. */
const MAX_TERM_LENGTH = 120;

/**
 * Splits English paragraph number `index` into segments, marking the terms found in it: at
 * their recorded mentions when the document has them (schema 1.1), otherwise at each whole-word
 * occurrence of an entity (matched case-sensitively: "Nice" the city is not "nice") or a key
 * phrase (case-insensitively). Where marks overlap the earlier one wins, then the longer, then
 * entities over key phrases: each character is marked at most once.
 */
export function highlight(paragraph: string, terms: readonly Term[], index = 0): Segment[] {
  const spans: Span[] = [];
  for (const term of terms) {
    if (term.mentions !== undefined) {
      for (const m of term.mentions) {
        if (m.paragraph === index && m.start < m.end && m.end <= paragraph.length) {
          spans.push({ start: m.start, end: m.end, term });
        }
      }
      continue;
    }
    const text = term.text.trim();
    if (text.length < 2 || text.length > MAX_TERM_LENGTH) continue;
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${escapeRegExp(text)}(?![\\p{L}\\p{N}])`,
      term.kind === "entity" ? "gu" : "giu",
    );
    for (const match of paragraph.matchAll(pattern)) {
      spans.push({ start: match.index, end: match.index + match[0].length, term });
    }
  }
  return segmentsOf(paragraph, spans);
}

function segmentsOf(paragraph: string, spans: Span[]): Segment[] {
  spans.sort(
    (a, b) =>
      a.start - b.start ||
      b.end - a.end ||
      (a.term.kind === b.term.kind ? 0 : a.term.kind === "entity" ? -1 : 1),
  );
  const segments: Segment[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    if (span.start > at) segments.push({ text: paragraph.slice(at, span.start) });
    segments.push({
      text: paragraph.slice(span.start, span.end),
      mark: { kind: span.term.kind, type: span.term.type },
    });
    at = span.end;
  }
  if (at < paragraph.length) segments.push({ text: paragraph.slice(at) });
  return segments;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
