import type {
  AnalysisInput,
  AnalysisOutput,
  LanguagePair,
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

/** An analyser for core and handler tests: capitalised words become entities. */
export class FakeAnalyzer implements TextAnalyzer {
  readonly engine = "fake-analyze";
  calls = 0;

  async analyze(input: AnalysisInput): Promise<AnalysisOutput> {
    this.calls += 1;
    const words = input.paragraphs.join(" ").match(/\b[A-Z][a-z]{3,}\b/g) ?? [];
    const unique = [...new Set(words)].slice(0, 10);
    return {
      keyPhrases: unique.map((text, i) => ({ text, score: 1 - i / 20 })),
      entities: unique.map((text) => ({ text, type: "OTHER" as const, score: 0.5 })),
      sentiment: {
        label: "NEUTRAL",
        scores: { positive: 0.1, negative: 0.1, neutral: 0.8, mixed: 0 },
      },
      usage: { billedCharacters: 0, requests: 0, units: 0 },
    };
  }
}
