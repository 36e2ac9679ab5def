/**
 * Packs an article into documents of at most `maxBytes` UTF-8 bytes for an engine with a
 * per-document size limit (Comprehend's Batch* APIs: 5,000 bytes). Paragraphs are kept whole
 * when they fit, otherwise split on sentence boundaries; a single sentence longer than the limit
 * is cut at the last space that fits, or at a code-point boundary, never inside a character.
 */
import { codePointBytes, utf8Bytes } from "../text/measure.js";
import { sentenceSpans } from "../text/sentences.js";

/** Between paragraphs in one document: a blank line, as in the source. */
const PARAGRAPH_SEPARATOR = "\n\n";

/** Between two sentences of one paragraph split across pieces. */
const SENTENCE_SEPARATOR = " ";

interface Piece {
  readonly text: string;
  readonly bytes: number;
  /** True when the piece starts a paragraph (joined by a blank line, else by a space). */
  readonly opensParagraph: boolean;
}

/** Cuts `text` into slices of at most `maxBytes`, preferring to cut after whitespace. */
function hardSplit(text: string, maxBytes: number): string[] {
  const slices: string[] = [];
  let start = 0;
  while (start < text.length) {
    let bytes = 0;
    let end = start;
    let lastSpace = -1;
    for (const char of text.slice(start)) {
      const size = codePointBytes(char);
      if (bytes + size > maxBytes) break;
      bytes += size;
      end += char.length;
      if (/\s/u.test(char)) lastSpace = end;
    }
    if (end === start) throw new RangeError(`maxBytes ${maxBytes} cannot hold one character`);
    const cut = end < text.length && lastSpace > start ? lastSpace : end;
    const slice = text.slice(start, cut).trim();
    if (slice !== "") slices.push(slice);
    start = cut;
  }
  return slices;
}

function piecesOf(paragraph: string, maxBytes: number): Piece[] {
  const text = paragraph.trim();
  if (text === "") return [];
  const bytes = utf8Bytes(text);
  if (bytes <= maxBytes) return [{ text, bytes, opensParagraph: true }];
  const pieces: Piece[] = [];
  for (const sentence of sentenceSpans(text, "en")) {
    for (const slice of hardSplit(sentence.text, maxBytes)) {
      pieces.push({ text: slice, bytes: utf8Bytes(slice), opensParagraph: pieces.length === 0 });
    }
  }
  return pieces;
}

/**
 * Greedy packing, in order: each document holds as many consecutive pieces as fit within
 * `maxBytes` (separators included). Blank paragraphs are skipped; an empty article gives `[]`.
 */
export function packDocuments(paragraphs: readonly string[], maxBytes: number): string[] {
  if (!(maxBytes >= 4)) throw new RangeError("maxBytes must hold at least one UTF-8 character");
  const documents: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const paragraph of paragraphs) {
    for (const piece of piecesOf(paragraph, maxBytes)) {
      const separator = piece.opensParagraph ? PARAGRAPH_SEPARATOR : SENTENCE_SEPARATOR;
      const joined =
        currentBytes === 0 ? piece.bytes : currentBytes + separator.length + piece.bytes;
      if (currentBytes > 0 && joined > maxBytes) {
        documents.push(current);
        current = "";
        currentBytes = 0;
      }
      if (currentBytes === 0) {
        current = piece.text;
        currentBytes = piece.bytes;
      } else {
        current += separator + piece.text;
        currentBytes += separator.length + piece.bytes;
      }
    }
  }
  if (currentBytes > 0) documents.push(current);
  return documents;
}
