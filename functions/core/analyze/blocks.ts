import type { AnalysisInput } from "../ports.js";

/** The text of one block of an analysis input: `null` is the title, else a paragraph index. */
export function blockText(input: AnalysisInput, block: number | null): string {
  return (block === null ? input.title : input.paragraphs[block]) ?? "";
}
