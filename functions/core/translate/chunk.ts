import { codePointBytes, utf8Bytes } from "../text/measure.js";
import { sentenceSlices } from "../text/sentences.js";

/**
 * Packs paragraphs into as few translation requests as a UTF-8 byte limit allows.
 *
 * - A paragraph that fits is never split; consecutive paragraphs share a request, joined by
 *   `separator` (a blank line by default: Amazon Translate keeps line breaks, and a blank line
 *   is also a paragraph break for every sentence splitter, so it never glues two sentences).
 * - A paragraph over the limit is split on sentence boundaries, a sentence over the limit on
 *   whitespace, and only a single "word" over the limit on grapheme (then code point)
 *   boundaries: never inside a multi-byte character.
 * - Packing is greedy over that fixed sequence of units, which is optimal for an ordered
 *   partition into bins of one capacity (each chunk holds as much as can still fit).
 *
 * Each chunk lists its pieces with the paragraph they come from; concatenating, in order, the
 * pieces of paragraph `i` gives back `paragraphs[i]` exactly.
 */

/** Blank line between paragraphs packed into one request. */
export const PARAGRAPH_SEPARATOR = "\n\n";

/** Smallest usable limit: one UTF-8 code point is at most four bytes, so splitting always progresses. */
export const MIN_CHUNK_BYTES = 4;

export interface ChunkPiece {
  /** Index of the paragraph this piece belongs to. */
  readonly paragraph: number;
  /** A verbatim slice of that paragraph. */
  readonly text: string;
}

export interface Chunk {
  readonly pieces: readonly ChunkPiece[];
  /** The pieces joined by the separator: what a request carries. */
  readonly text: string;
  /** UTF-8 bytes of `text`, never above the limit. */
  readonly bytes: number;
}

export interface ChunkOptions {
  /** Joins pieces of different paragraphs inside one chunk. */
  readonly separator?: string;
}

/**
 * Made on first use: creating the first `Intl.Segmenter` of a process loads ICU break rules
 * (~8 ms of cold start), and only a word over the request limit needs grapheme boundaries.
 */
let graphemes: Intl.Segmenter | undefined;

/** Whitespace runs and the words between them, as consecutive slices. */
const WORDS_AND_SPACES = /\s+|\S+/gu;

/** Units of one text, each within `maxBytes`, split as coarsely as the limit allows. */
function units(text: string, maxBytes: number, level: 0 | 1 | 2): string[] {
  if (utf8Bytes(text) <= maxBytes) return [text];
  if (level === 0) return sentenceSlices(text, "fr").flatMap((s) => units(s, maxBytes, 1));
  if (level === 1) {
    return (text.match(WORDS_AND_SPACES) ?? []).flatMap((w) => units(w, maxBytes, 2));
  }
  return splitLongWord(text, maxBytes);
}

/**
 * A word over the limit: cut it into runs of at most `maxBytes`, each ending on a grapheme
 * boundary so no accent is split from its letter (a grapheme cluster over the limit — a
 * combining-mark flood — is cut between code points, which are at most 4 bytes). Boundaries are
 * asked of the segmenter only at the cut points: spreading `segment()` over a long word is
 * quadratic on Node 20.
 */
function splitLongWord(text: string, maxBytes: number): string[] {
  graphemes ??= new Intl.Segmenter("fr", { granularity: "grapheme" });
  const segments = graphemes.segment(text);
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    let bytes = 0;
    while (end < text.length) {
      const codePoint = text.codePointAt(end) ?? 0;
      const width = codePoint > 0xffff ? 2 : 1;
      const size = codePointBytes(codePoint);
      if (bytes + size > maxBytes) break;
      bytes += size;
      end += width;
    }
    if (end < text.length) {
      const boundary = segments.containing(end)?.index ?? end;
      if (boundary > start) end = boundary;
    }
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

/** Splits paragraphs into chunks of at most `maxBytes` UTF-8 bytes each (see module comment). */
export function chunkParagraphs(
  paragraphs: readonly string[],
  maxBytes: number,
  options: ChunkOptions = {},
): Chunk[] {
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_CHUNK_BYTES) {
    throw new RangeError(`maxBytes must be an integer ≥ ${MIN_CHUNK_BYTES}, got ${maxBytes}`);
  }
  const separator = options.separator ?? PARAGRAPH_SEPARATOR;
  const separatorBytes = utf8Bytes(separator);
  const chunks: Chunk[] = [];
  let pieces: { paragraph: number; text: string }[] = [];
  let bytes = 0;

  const flush = (): void => {
    if (pieces.length === 0) return;
    chunks.push({ pieces, text: pieces.map((p) => p.text).join(separator), bytes });
    pieces = [];
    bytes = 0;
  };

  paragraphs.forEach((paragraph, index) => {
    for (const unit of units(paragraph, maxBytes, 0)) {
      const unitBytes = utf8Bytes(unit);
      const last = pieces.at(-1);
      const extendsLast = last?.paragraph === index;
      const cost = unitBytes + (last === undefined || extendsLast ? 0 : separatorBytes);
      if (last !== undefined && bytes + cost > maxBytes) {
        flush();
        pieces.push({ paragraph: index, text: unit });
        bytes = unitBytes;
      } else if (last !== undefined && extendsLast) {
        last.text += unit;
        bytes += cost;
      } else {
        pieces.push({ paragraph: index, text: unit });
        bytes += cost;
      }
    }
  });
  flush();
  return chunks;
}

/**
 * Puts translated pieces back into paragraphs: `translated[k]` is the translation of the k-th
 * piece over all chunks, in order. Pieces of one paragraph are joined by a space.
 */
export function assembleParagraphs(
  paragraphCount: number,
  chunks: readonly Chunk[],
  translated: readonly string[],
): string[] {
  const parts: string[][] = Array.from({ length: paragraphCount }, () => []);
  let k = 0;
  for (const chunk of chunks) {
    for (const piece of chunk.pieces) {
      const text = translated[k++];
      if (text === undefined) throw new RangeError("fewer translated pieces than pieces");
      parts[piece.paragraph]?.push(text.trim());
    }
  }
  if (k !== translated.length) throw new RangeError("more translated pieces than pieces");
  return parts.map((p) => p.filter((s) => s !== "").join(" "));
}
