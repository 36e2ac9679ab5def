import type { Block } from "./block.js";

/**
 * Hard-wrapped text (e-mails, terminal dumps) breaks paragraphs at 60–80 columns; a line shorter
 * than this is a label, a name or a heading and is never joined to the next one.
 */
const MIN_WRAPPED_LINE_CHARS = 40;

/**
 * Text tools wrap at 72–80 columns, never beyond 100; a file with paragraphs on longer lines is
 * one paragraph per line and its lines are never joined.
 */
const MAX_WRAP_WIDTH = 100;

/** Share of lines allowed past the wrap width in wrapped text (long URLs, tables). */
const MAX_OVERLONG_LINE_SHARE = 0.05;

/** True when the text looks hard-wrapped: almost no line is longer than a wrap width. */
function isHardWrapped(lines: readonly string[]): boolean {
  const filled = lines.filter((line) => line.length > 0);
  const overlong = filled.filter((line) => line.length > MAX_WRAP_WIDTH).length;
  return filled.length > 0 && overlong <= MAX_OVERLONG_LINE_SHARE * filled.length;
}

const ENDS_CLAUSE = /[.!?…:;][\s"'»”’)\]]*$/u;
const STARTS_LOWERCASE = /^[\s"'«“(]*\p{Ll}/u;

/**
 * Splits normalised plain text into blocks, one per line, as scrapers write them. In hard-wrapped
 * text, a line that stops mid-sentence and is continued by a line starting in lower case is one
 * paragraph wrapped by a text tool; the two are joined.
 */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  const wrappedText = isHardWrapped(lines);
  let pending = "";
  let previousLine = "";
  for (const line of lines) {
    if (line.length === 0) {
      if (pending.length > 0) blocks.push({ text: pending, kind: "line" });
      pending = "";
      previousLine = "";
      continue;
    }
    const wrapped =
      wrappedText &&
      previousLine.length >= MIN_WRAPPED_LINE_CHARS &&
      !ENDS_CLAUSE.test(previousLine) &&
      STARTS_LOWERCASE.test(line);
    previousLine = line;
    if (wrapped) {
      pending = `${pending} ${line}`;
      continue;
    }
    if (pending.length > 0) blocks.push({ text: pending, kind: "line" });
    pending = line;
  }
  if (pending.length > 0) blocks.push({ text: pending, kind: "line" });
  return blocks;
}
