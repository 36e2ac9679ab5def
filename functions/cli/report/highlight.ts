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

/** A term's search: its pattern, and a substring every match must contain (see `mayOccur`). */
interface Search {
  readonly pattern: RegExp;
  /** The term's text; lower-cased for a case-insensitive term whose text is ASCII. */
  readonly needle: string;
  /** Case-insensitive (key phrases). */
  readonly folded: boolean;
  /** The needle is a safe pre-check (always for entities; for ASCII key phrases). */
  readonly checkable: boolean;
}

/** Each term's search, made once for all the paragraphs of its article. */
const searches = new WeakMap<Term, Search | null>();

function searchOf(term: Term): Search | null {
  let search = searches.get(term);
  if (search === undefined) {
    const text = term.text.trim();
    const folded = term.kind !== "entity";
    search =
      text.length < 2 || text.length > MAX_TERM_LENGTH
        ? null
        : {
            pattern: new RegExp(
              `(?<![\\p{L}\\p{N}])${escapeRegExp(text)}(?![\\p{L}\\p{N}])`,
              folded ? "giu" : "gu",
            ),
            needle: folded ? text.toLowerCase() : text,
            folded,
            checkable: !folded || !NON_ASCII.test(text),
          };
    searches.set(term, search);
  }
  return search;
}

/** Text with no character above U+007F. */
const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * Characters outside ASCII that Unicode case-insensitive matching equates with ASCII letters
 * (simple case folding: ſ with s, the Kelvin sign with k), which `toLowerCase` leaves alone.
 */
const FOLDS_TO_ASCII = /[\u017f\u212a]/u;

/**
 * False only when the term cannot match in the paragraph: running every term's pattern over
 * every paragraph was most of the report's time, and most terms are absent from most
 * paragraphs. Exact for entities (case-sensitive literal text). For a key phrase, a
 * case-insensitive match of ASCII text contains its lower-cased text, unless the paragraph
 * holds one of the few characters that fold to ASCII; otherwise the pattern decides.
 */
function mayOccur(search: Search, paragraph: string, lower: () => string): boolean {
  if (!search.checkable) return true;
  if (!search.folded) return paragraph.includes(search.needle);
  return FOLDS_TO_ASCII.test(paragraph) || lower().includes(search.needle);
}

/**
 * Splits English paragraph number `index` into segments, marking the terms found in it: at
 * their recorded mentions when the document has them (schema 1.1), otherwise at each whole-word
 * occurrence of an entity (matched case-sensitively: "Nice" the city is not "nice") or a key
 * phrase (case-insensitively). Where marks overlap the earlier one wins, then the longer, then
 * entities over key phrases: each character is marked at most once.
 */
export function highlight(paragraph: string, terms: readonly Term[], index = 0): Segment[] {
  const spans: Span[] = [];
  let lowered: string | undefined;
  const lower = () => {
    lowered ??= paragraph.toLowerCase();
    return lowered;
  };
  for (const term of terms) {
    if (term.mentions !== undefined) {
      for (const m of term.mentions) {
        if (m.paragraph === index && m.start < m.end && m.end <= paragraph.length) {
          spans.push({ start: m.start, end: m.end, term });
        }
      }
      continue;
    }
    const search = searchOf(term);
    if (search === null || !mayOccur(search, paragraph, lower)) continue;
    // matchAll works on a copy of the pattern: its lastIndex is not shared between paragraphs.
    for (const match of paragraph.matchAll(search.pattern)) {
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
