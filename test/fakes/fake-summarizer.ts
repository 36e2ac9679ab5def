import type { Completion, CompletionRequest, Summarizer } from "../../functions/core/ports.js";

/** A generative summariser that answers from a script and records what it was asked. */
export class FakeSummarizer implements Summarizer {
  readonly engine = "bedrock";
  readonly requests: CompletionRequest[] = [];

  constructor(
    private readonly answer: (request: CompletionRequest) => Completion | Promise<Completion>,
    readonly modelId = "fake.model-v1",
  ) {}

  async complete(request: CompletionRequest): Promise<Completion> {
    this.requests.push(request);
    return this.answer(request);
  }
}

/** A completion whose text is the given JSON answer. */
export function completionOf(answer: unknown, overrides: Partial<Completion> = {}): Completion {
  return {
    text: typeof answer === "string" ? answer : JSON.stringify(answer),
    stopReason: "end_turn",
    inputTokens: 812,
    outputTokens: 96,
    requests: 1,
    ...overrides,
  };
}
