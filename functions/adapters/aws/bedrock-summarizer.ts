import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { asError, CompletionUnavailableError } from "../../core/errors.js";
import type { Completion, CompletionRequest, Summarizer } from "../../core/ports.js";
import { attemptsOf } from "./service-calls.js";

/**
 * Amazon Bedrock's Converse API behind the `Summarizer` port: one request per article, the
 * core's instructions as the system prompt, the numbered paragraphs as the user turn, at
 * temperature 0 (a summary should not vary between runs). Throttling and 5xx are retried by the
 * client's own retry strategy (the composition root configures it); what still fails becomes a
 * `CompletionUnavailableError` carrying the attempts made, and the core falls back.
 */
export class BedrockSummarizer implements Summarizer {
  readonly engine = "bedrock";

  constructor(
    readonly client: BedrockRuntimeClient,
    readonly modelId: string,
  ) {}

  async complete(request: CompletionRequest): Promise<Completion> {
    let output: ConverseCommandOutput;
    try {
      output = await this.client.send(
        new ConverseCommand({
          modelId: this.modelId,
          system: [{ text: request.system }],
          messages: [{ role: "user", content: [{ text: request.user }] }],
          inferenceConfig: { maxTokens: request.maxOutputTokens, temperature: 0 },
        }),
      );
    } catch (caught) {
      const error = asError(caught);
      throw new CompletionUnavailableError(`${error.name}: ${error.message}`, attemptsOf(caught));
    }
    const text = (output.output?.message?.content ?? [])
      .map((block) => ("text" in block && typeof block.text === "string" ? block.text : ""))
      .join("");
    return {
      text,
      stopReason: output.stopReason ?? "unknown",
      inputTokens: output.usage?.inputTokens ?? 0,
      outputTokens: output.usage?.outputTokens ?? 0,
      requests: attemptsOf(output),
    };
  }
}

/**
 * Four attempts with the SDK's adaptive retry mode (client-side rate limiting on throttling):
 * a summary that still fails falls back to extractive, so waiting longer than ~10 s of backoff
 * for it would only hold the analyze batch.
 */
export const BEDROCK_MAX_ATTEMPTS = 4;

/** The adapter with a client as the composition roots (Lambda, CLI) configure it. */
export function bedrockSummarizer(modelId: string): BedrockSummarizer {
  return new BedrockSummarizer(
    new BedrockRuntimeClient({ maxAttempts: BEDROCK_MAX_ATTEMPTS, retryMode: "adaptive" }),
    modelId,
  );
}
