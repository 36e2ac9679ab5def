/**
 * The offline `TextAnalyzer`: entity mentions and noun phrases from compromise's tags,
 * per-sentence sentiment from VADER, all in-process and deterministic (same text in, same bytes
 * out). It reports what it sees, where; the core merges and ranks (`buildAnalysis`). See
 * docs/adr/0005-analysis.md for why these libraries.
 */
import { InputError } from "../../core/errors.js";
import type { AnalysisInput, RawAnalysis, TextAnalyzer } from "../../core/ports.js";
import { entityMentions } from "./builtin-entities.js";
import { phraseMentions } from "./builtin-key-phrases.js";
import { sentimentParts } from "./builtin-sentiment.js";
import { type Sentence, tagBlock } from "./builtin-tokens.js";

/** The lexicons (compromise, VADER) are English. */
const SUPPORTED_LANGUAGE = "en";

export class BuiltinAnalyzer implements TextAnalyzer {
  readonly engine = "builtin";

  async analyze(inputs: readonly AnalysisInput[]): Promise<RawAnalysis[]> {
    return inputs.map((input) => this.analyzeOne(input));
  }

  private analyzeOne(input: AnalysisInput): RawAnalysis {
    if (input.language !== SUPPORTED_LANGUAGE) {
      throw new InputError(
        "UNSUPPORTED_LANGUAGE",
        `builtin analyser reads English only, got "${input.language}"`,
      );
    }
    const blocks = [
      { block: null, text: input.title ?? "" },
      ...input.paragraphs.map((text, block) => ({ block, text })),
    ].filter((b) => b.text.trim() !== "");
    const sentences: Sentence[] = blocks.flatMap(({ block, text }) => tagBlock(text, block));
    return {
      entities: entityMentions(sentences),
      keyPhrases: phraseMentions(sentences),
      // The title counts, as it does in the documents sent to Comprehend.
      sentiment: sentimentParts(blocks),
      targets: null,
      usage: { billedCharacters: 0, requests: 0, units: 0 },
    };
  }
}
