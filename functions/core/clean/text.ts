import type { Block } from "./features.js";

/**
 * Hard-wrapped text (e-mails, terminal dumps) breaks paragraphs at 60–80 columns; a line shorter
 * than this is a label, a name or a heading and is never joined to the next one.
 */
const MIN_WRAPPED_LINE_CHARS = 40;

const ENDS_CLAUSE = /[.!?…:;][\s"'»”’)\]]*$/u;
const STARTS_LOWERCASE = /^[\s"'«“(]*\p{Ll}/u;

/**
 * Splits normalised plain text into blocks, one per line, as scrapers write them. A line that
 * stops mid-sentence and is continued by a line starting in lower case is one paragraph wrapped
 * by a text tool; the two are joined.
 */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let pending = "";
  let previousLine = "";
  for (const line of text.split("\n")) {
    if (line.length === 0) {
      if (pending.length > 0) blocks.push({ text: pending, kind: "line" });
      pending = "";
      previousLine = "";
      continue;
    }
    const wrapped =
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
