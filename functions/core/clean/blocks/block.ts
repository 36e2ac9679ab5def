/** How a block of the input was marked up (HTML) or laid out (text). */
export type BlockKind = "line" | "paragraph" | "heading" | "item" | "caption";

/** One candidate paragraph: a line of a text file or a block element of an HTML page. */
export interface Block {
  readonly text: string;
  readonly kind: BlockKind;
  /** Share of the block's characters inside links (HTML only). */
  readonly linkDensity?: number;
}
