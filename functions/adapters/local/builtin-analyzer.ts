/**
 * The offline `TextAnalyzer`: key phrases and entities from compromise's tags, sentiment from
 * VADER, all in-process and deterministic (same text in, same bytes out). See
 * docs/adr/0005-analysis.md for why these libraries and how the scores are built.
 */
import { InputError } from "../../core/errors.js";
import type { AnalysisInput, AnalysisOutput, TextAnalyzer } from "../../core/ports.js";
import { extractEntities } from "./builtin-entities.js";
import { extractKeyPhrases } from "./builtin-key-phrases.js";
import { sentimentOf } from "./builtin-sentiment.js";
import { type Sentence, tagBlock } from "./builtin-tokens.js";

/** The lexicons (compromise, VADER) are English. */
const SUPPORTED_LANGUAGE = "en";

/** Offsets of the title and paragraphs in one virtual text, as if joined by a blank line. */
const BLOCK_SEPARATOR_LENGTH = 2;

export class BuiltinAnalyzer implements TextAnalyzer {
  readonly engine = "builtin";

  async analyze(input: AnalysisInput): Promise<AnalysisOutput> {
    if (input.language !== SUPPORTED_LANGUAGE) {
      throw new InputError(
        "UNSUPPORTED_LANGUAGE",
        `builtin analyser reads English only, got "${input.language}"`,
      );
    }
    const blocks = [input.title ?? "", ...input.paragraphs].filter((b) => b.trim() !== "");
    const sentences: Sentence[] = [];
    let offset = 0;
    for (const block of blocks) {
      sentences.push(...tagBlock(block, offset));
      offset += block.length + BLOCK_SEPARATOR_LENGTH;
    }
    return {
      keyPhrases: extractKeyPhrases(sentences, input.title, offset),
      entities: extractEntities(sentences),
      // The title counts, as it does in the documents sent to Comprehend.
      sentiment: sentimentOf(blocks),
      usage: { billedCharacters: 0, requests: 0, units: 0 },
    };
  }
}
