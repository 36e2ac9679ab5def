/**
 * English sentence spans on top of `Intl.Segmenter` (ICU's sentence rules, built into Node, no
 * bundle cost). ICU breaks after every "X." abbreviation it does not know and leaves a closing
 * quote at the start of the next sentence; both are common in translated news ("M. Peskov",
 * "« … »"), so two small repairs follow. Spans index the input string, so a sentence's text is
 * always `text.slice(start, end)`: copied verbatim, never rebuilt.
 */

export interface SentenceSpan {
  readonly text: string;
  /** Offset of the first character in the input string. */
  readonly start: number;
  /** Offset after the last character (exclusive). */
  readonly end: number;
}

/**
 * Abbreviations after which ICU breaks but a sentence rarely ends: single initials ("M.",
 * "J."), French and English honorifics, military and civil titles.
 */
const ABBREVIATION_AT_END =
  /(?:^|[\s(«"“'‘-])(?:[A-Z]|MM|Mr|Mrs|Ms|Mme|Mmes|Mlle|Dr|Prof|Pr|St|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Jr|Sr|No|Nos|vs|approx)\.$/;

/** Closing quotes and brackets that belong to the sentence before them. */
const LEADING_CLOSERS = /^[»”’)\]]+/;

/** Straight double quote: closes the previous sentence only when that one left it open. */
const STRAIGHT_QUOTE = '"';

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

interface MutableSpan {
  start: number;
  end: number;
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (const c of text) if (c === char) count += 1;
  return count;
}

/** Moves the start past leading whitespace and the end before trailing whitespace. */
function trimSpan(text: string, span: MutableSpan): MutableSpan {
  let { start, end } = span;
  while (start < end && /\s/.test(text.charAt(start))) start += 1;
  while (end > start && /\s/.test(text.charAt(end - 1))) end -= 1;
  return { start, end };
}

/** Splits `text` into trimmed sentence spans, in order; whitespace-only input gives none. */
export function splitSentences(text: string): SentenceSpan[] {
  const raw: MutableSpan[] = [];
  for (const { index, segment } of segmenter.segment(text)) {
    const span = trimSpan(text, { start: index, end: index + segment.length });
    if (span.end > span.start) raw.push(span);
  }

  const spans: MutableSpan[] = [];
  for (const span of raw) {
    const previous = spans.at(-1);
    if (previous !== undefined) {
      // 1. A closing quote or bracket at the head of this span ends the previous sentence.
      const head = text.slice(span.start, span.end);
      const closers = LEADING_CLOSERS.exec(head)?.[0] ?? "";
      const previousText = text.slice(previous.start, previous.end);
      const straight =
        closers === "" &&
        head.startsWith(STRAIGHT_QUOTE) &&
        countChar(previousText, STRAIGHT_QUOTE) % 2 === 1
          ? STRAIGHT_QUOTE
          : "";
      const moved = closers.length + straight.length;
      if (moved > 0) {
        previous.end = span.start + moved;
        const rest = trimSpan(text, { start: span.start + moved, end: span.end });
        span.start = rest.start;
        span.end = rest.end;
        if (span.end <= span.start) continue;
      }
      // 2. A break right after an abbreviation ("M. Peskov") is not a sentence end.
      if (ABBREVIATION_AT_END.test(text.slice(previous.start, previous.end))) {
        previous.end = span.end;
        continue;
      }
    }
    spans.push({ start: span.start, end: span.end });
  }

  return spans.map(({ start, end }) => ({ text: text.slice(start, end), start, end }));
}
