import type {
  AnalysisInput,
  LanguagePair,
  RawAnalysis,
  TextAnalyzer,
  TranslationOutput,
  Translator,
} from "../../functions/core/ports.js";

/**
 * A translator for core and handler tests: marks each paragraph as translated, counts calls and
 * characters like a billed engine, and can be told to fail the next calls.
 */
export class FakeTranslator implements Translator {
  readonly engine = "fake-translate";
  calls: string[][] = [];
  private failures: Error[] = [];

  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  get billedCharacters(): number {
    return this.calls.flat().reduce((sum, p) => sum + p.length, 0);
  }

  async translate(paragraphs: readonly string[], pair: LanguagePair): Promise<TranslationOutput> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.calls.push([...paragraphs]);
    return {
      paragraphs: paragraphs.map((p) => `[${pair.source}→${pair.target}] ${p}`),
      billedCharacters: paragraphs.reduce((sum, p) => sum + p.length, 0),
      requests: 1,
    };
  }
}

/** An analyser for core and handler tests: capitalised words become entities and phrases. */
export class FakeAnalyzer implements TextAnalyzer {
  readonly engine = "fake-analyze";
  calls = 0;

  async analyze(inputs: readonly AnalysisInput[]): Promise<RawAnalysis[]> {
    this.calls += 1;
    return inputs.map((input) => {
      const mentions = input.paragraphs.flatMap((paragraph, block) =>
        [...paragraph.matchAll(/\b[A-Z][a-z]{3,}\b/g)].map((match) => ({
          block,
          start: match.index,
          end: match.index + match[0].length,
          text: match[0],
        })),
      );
      return {
        keyPhrases: mentions.map((m) => ({ ...m, score: 1 })),
        entities: mentions.map((m) => ({ ...m, type: "OTHER" as const, score: 0.5 })),
        sentiment: input.paragraphs.map((paragraph, block) => ({
          block,
          start: 0,
          end: paragraph.length,
          scores: { positive: 0.1, negative: 0.1, neutral: 0.8, mixed: 0 },
        })),
        targets: null,
        usage: { billedCharacters: 0, requests: 0, units: 0 },
      };
    });
  }
}
