/**
 * How a block of the input was marked up (HTML) or laid out (text). A "cell" is a table cell
 * without paragraphs inside: data, whose repetitions ("+6.1%", "N/A", a date) are not copies.
 */
export type BlockKind = "line" | "paragraph" | "heading" | "item" | "caption" | "cell";

/** One candidate paragraph: a line of a text file or a block element of an HTML page. */
export interface Block {
  readonly text: string;
  readonly kind: BlockKind;
  /** Share of the block's characters inside links (HTML only). */
  readonly linkDensity?: number;
}
