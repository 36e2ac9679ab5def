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
  /** Index of the paragraph it comes from, and its UTF-16 offset there. */
  readonly paragraph: number;
  readonly offset: number;
}

/** Cuts `text` into slices of at most `maxBytes`, preferring to cut after whitespace. */
function hardSplit(text: string, maxBytes: number): { text: string; offset: number }[] {
  const slices: { text: string; offset: number }[] = [];
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
    const raw = text.slice(start, cut);
    const slice = raw.trim();
    if (slice !== "") slices.push({ text: slice, offset: start + raw.indexOf(slice) });
    start = cut;
  }
  return slices;
}

function piecesOf(paragraph: string, index: number, maxBytes: number): Piece[] {
  const text = paragraph.trim();
  if (text === "") return [];
  const base = paragraph.indexOf(text);
  const bytes = utf8Bytes(text);
  if (bytes <= maxBytes) {
    return [{ text, bytes, opensParagraph: true, paragraph: index, offset: base }];
  }
  const pieces: Piece[] = [];
  for (const sentence of sentenceSpans(text, "en")) {
    for (const slice of hardSplit(sentence.text, maxBytes)) {
      pieces.push({
        text: slice.text,
        bytes: utf8Bytes(slice.text),
        opensParagraph: pieces.length === 0,
        paragraph: index,
        offset: base + sentence.start + slice.offset,
      });
    }
  }
  return pieces;
}

/** A run of one document that is a verbatim slice of one input paragraph. */
export interface DocumentSegment {
  /** Index of the input paragraph. */
  readonly paragraph: number;
  /** UTF-16 offset of the run in the document, and in the paragraph. */
  readonly documentOffset: number;
  readonly paragraphOffset: number;
  readonly length: number;
}

export interface PackedDocument {
  readonly text: string;
  /** Where every non-separator character of `text` comes from, in order. */
  readonly segments: readonly DocumentSegment[];
}

/**
 * Greedy packing, in order: each document holds as many consecutive pieces as fit within
 * `maxBytes` (separators included). Blank paragraphs are skipped; an empty article gives `[]`.
 * Each document says which paragraph slices it is made of, so an engine's offsets in a document
 * map back to a paragraph (`segments`).
 */
export function packDocumentsMapped(
  paragraphs: readonly string[],
  maxBytes: number,
): PackedDocument[] {
  if (!(maxBytes >= 4)) throw new RangeError("maxBytes must hold at least one UTF-8 character");
  const documents: PackedDocument[] = [];
  let current = "";
  let currentBytes = 0;
  let segments: DocumentSegment[] = [];
  for (const [index, paragraph] of paragraphs.entries()) {
    for (const piece of piecesOf(paragraph, index, maxBytes)) {
      const separator = piece.opensParagraph ? PARAGRAPH_SEPARATOR : SENTENCE_SEPARATOR;
      const joined =
        currentBytes === 0 ? piece.bytes : currentBytes + separator.length + piece.bytes;
      if (currentBytes > 0 && joined > maxBytes) {
        documents.push({ text: current, segments });
        current = "";
        currentBytes = 0;
        segments = [];
      }
      if (currentBytes > 0) {
        current += separator;
        currentBytes += separator.length;
      }
      segments.push({
        paragraph: piece.paragraph,
        documentOffset: current.length,
        paragraphOffset: piece.offset,
        length: piece.text.length,
      });
      current += piece.text;
      currentBytes += piece.bytes;
    }
  }
  if (currentBytes > 0) documents.push({ text: current, segments });
  return documents;
}

/** `packDocumentsMapped`, texts only. */
export function packDocuments(paragraphs: readonly string[], maxBytes: number): string[] {
  return packDocumentsMapped(paragraphs, maxBytes).map((d) => d.text);
}

/**
 * The paragraph span behind `[start, end)` of a packed document: the segment holding `start`,
 * clipped to it (an engine's mention never crosses a paragraph break). `undefined` when the
 * offset falls on a separator or outside the document.
 */
export function paragraphSpanOf(
  document: PackedDocument,
  start: number,
  end: number,
): { paragraph: number; start: number; end: number } | undefined {
  const segment = document.segments.find(
    (s) => start >= s.documentOffset && start < s.documentOffset + s.length,
  );
  if (segment === undefined) return undefined;
  const clippedEnd = Math.min(end, segment.documentOffset + segment.length);
  const shift = segment.paragraphOffset - segment.documentOffset;
  return {
    paragraph: segment.paragraph,
    start: start + shift,
    end: Math.max(start, clippedEnd) + shift,
  };
}
