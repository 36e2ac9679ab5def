import { type Chunk, chunkParagraphs, PARAGRAPH_SEPARATOR } from "./chunk.js";

/** The Amazon `Translator`'s engine id: part of every translation-cache key it writes. */
export const AMAZON_TRANSLATE_ENGINE = "amazon-translate";

/** Line breaks inside a piece become spaces, so the only blank lines are our separators. */
const LINE_BREAK_RUN = /\s*[\r\n\u2028\u2029]\s*/gu;

/** One TranslateText request: the chunk it carries and the exact `Text` sent. */
export interface TranslateRequest {
  readonly chunk: Chunk;
  /** One entry per piece of the chunk, line breaks flattened; "" for a blank piece (not sent). */
  readonly pieces: readonly string[];
  /** The non-blank pieces joined by a blank line: the request's `Text` ("" = no request). */
  readonly text: string;
  /** The non-blank pieces, in order: what `text` carries. */
  readonly sent: readonly string[];
}

/**
 * The TranslateText requests for some paragraphs, as the Amazon adapter sends them: packed into
 * chunks of ≤ `chunkBytes` UTF-8 bytes, each piece's line breaks flattened, blank pieces left
 * out. The adapter sends exactly these texts, and `depeche estimate` counts them without sending.
 */
export function amazonTranslateRequests(
  paragraphs: readonly string[],
  chunkBytes: number,
): TranslateRequest[] {
  return chunkParagraphs(paragraphs, chunkBytes, { separator: PARAGRAPH_SEPARATOR }).map(
    (chunk) => {
      const pieces = chunk.pieces.map((piece) => piece.text.replace(LINE_BREAK_RUN, " ").trim());
      const sent = pieces.filter((text) => text !== "");
      return { chunk, pieces, text: sent.join(PARAGRAPH_SEPARATOR), sent };
    },
  );
}
