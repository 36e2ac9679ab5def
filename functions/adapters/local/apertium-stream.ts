/**
 * Plain text ⇄ Apertium stream format, for one paragraph per request on a long-lived pipeline.
 *
 * These do in-process what `apertium-destxt` and `apertium-retxt` do as programs: the programs
 * read to end of file and drop NUL bytes, so they cannot sit in a pipeline that stays open and
 * uses NUL as the request delimiter (see /work/shared/docs/apertium.md). The tests check both
 * against the real programs on the seed paragraphs.
 *
 * - Reserved characters are backslash-escaped (`\ [ ] ^ $ / @ < > { }`), as destxt does; `~`
 *   is wrapped in a superblank, as destxt does (the generator uses it as a marker).
 * - Line breaks and tabs become superblanks `[\n]`: format, never translated.
 * - The text ends with `.[]`, destxt's inserted sentence end: the tagger and transfer always
 *   see a closed sentence, and `decodeStream` removes it again, as retxt does.
 * - `requestId` travels as a superblank after the text: superblanks pass through every stage
 *   verbatim, so each reply names the request it answers.
 */

/** Characters that have a meaning in the stream format and must be escaped in text. */
const RESERVED = /[\\[\]^$/@<>{}]/g;

/** Format characters, with the spaces around them: travel as superblanks, never translated. */
const FORMAT = / *(?:[\t\n\r\f\v~] *)+/g;

/** Text's own brackets are always escaped, so only we can write an unescaped `[depeche:`. */
const ID_OPEN = "[depeche:";
const ID_CLOSE = "]";

/** One request: the paragraph in stream format, closed by destxt's `.[]` and the id superblank. */
export function encodeRequest(text: string, requestId: number): string {
  const escaped = text
    // NUL ends a request on the wire: never let the text carry one (destxt drops them too).
    .replaceAll("\0", "")
    .replace(RESERVED, (c) => `\\${c}`)
    .replace(FORMAT, (run) => `[${run.replace(RESERVED, (c) => `\\${c}`)}]`);
  return `${escaped}.[]${ID_OPEN}${requestId}${ID_CLOSE}`;
}

/** The request id a reply carries, and the reply without it. */
export function splitReply(reply: string): { requestId: number | undefined; body: string } {
  const match = /(?<!\\)\[depeche:(\d+)\]/.exec(reply);
  if (match === null) return { requestId: undefined, body: reply };
  return {
    requestId: Number(match[1]),
    body: reply.slice(0, match.index) + reply.slice(match.index + match[0].length),
  };
}

/**
 * Stream format back to plain text, as `apertium-retxt` does: the inserted `.[]` sentence ends
 * are removed, superblanks are unwrapped, escapes undone.
 */
export function decodeStream(stream: string): string {
  let out = "";
  let i = 0;
  while (i < stream.length) {
    const c = stream[i] as string;
    if (c === "\\" && i + 1 < stream.length) {
      out += stream[i + 1];
      i += 2;
    } else if (c === "." && stream.startsWith("[]", i + 1)) {
      i += 3; // destxt's inserted sentence end
    } else if (c === "[") {
      // A superblank: its content (escapes undone) is format, copied through; `[[…]]` word-bound
      // blanks (never produced from plain text) are dropped with their content.
      const wordBound = stream[i + 1] === "[";
      let j = wordBound ? i + 2 : i + 1;
      let content = "";
      while (j < stream.length && stream[j] !== "]") {
        if (stream[j] === "\\" && j + 1 < stream.length) {
          content += stream[j + 1];
          j += 2;
        } else {
          content += stream[j];
          j += 1;
        }
      }
      i = j + (wordBound ? 2 : 1);
      if (!wordBound) out += content;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
