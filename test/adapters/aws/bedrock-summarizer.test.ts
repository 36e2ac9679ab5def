import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandOutput,
  ThrottlingException,
} from "@aws-sdk/client-bedrock-runtime";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { BedrockSummarizer } from "../../../functions/adapters/aws/bedrock-summarizer.js";
import { summarize } from "../../../functions/core/summarize/summarize.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const bedrock = mockClient(BedrockRuntimeClient);

const ENGLISH = {
  title: "Russian-Turkish military cooperation will continue",
  paragraphs: [
    "Russia and Turkey will continue their military cooperation despite the American sanctions, Sergei Lavrov said on Tuesday.",
    "Ankara bought the Russian S-400 air defence system in 2017 for 2.5 billion dollars.",
  ],
};
const OPTIONS = { maxSentences: 3, inputTokens: 3_000, outputTokens: 400 };

/** A Converse response as the service returns it (fields per the Bedrock Runtime API reference). */
function converseOutput(
  text: string,
  overrides: Partial<ConverseCommandOutput> = {},
): ConverseCommandOutput {
  return {
    $metadata: {
      httpStatusCode: 200,
      requestId: "7f6f2c1e-0000-4000-8000-000000000001",
      attempts: 1,
    },
    output: { message: { role: "assistant", content: [{ text }] } },
    stopReason: "end_turn",
    usage: { inputTokens: 431, outputTokens: 58, totalTokens: 489 },
    metrics: { latencyMs: 912 },
    ...overrides,
  };
}

const GROUNDED = JSON.stringify({
  sentences: [
    {
      text: "Lavrov said Russia and Turkey will keep up their military cooperation.",
      paragraphs: [1],
    },
    { text: "Ankara paid 2.5 billion dollars for the S-400 system in 2017.", paragraphs: [2] },
  ],
});

describe("BedrockSummarizer", () => {
  beforeEach(() => bedrock.reset());

  it("sends one Converse request: the core's system prompt, the numbered paragraphs, the output cap, temperature 0", async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput(GROUNDED));
    await summarize(ENGLISH, new BedrockSummarizer(new BedrockRuntimeClient({}), MODEL), OPTIONS);
    expect(bedrock).toHaveReceivedCommandTimes(ConverseCommand, 1);
    const input = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(input?.modelId).toBe(MODEL);
    expect(input?.inferenceConfig).toEqual({ maxTokens: 400, temperature: 0 });
    expect(input?.system?.[0]?.text).toContain("Answer with JSON only");
    const user = input?.messages?.[0]?.content?.[0];
    expect(user && "text" in user ? user.text : "").toContain("[2] Ankara bought");
  });

  it("a grounded answer becomes the summary with its citations; usage is what the service counted", async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput(GROUNDED));
    const result = await summarize(
      ENGLISH,
      new BedrockSummarizer(new BedrockRuntimeClient({}), MODEL),
      OPTIONS,
    );
    expect(result.engine).toBe("bedrock");
    expect(result.sentences.map((s) => s.paragraphs)).toEqual([[0], [1]]);
    expect(result.usage).toEqual({
      engine: "bedrock",
      modelId: MODEL,
      inputTokens: 431,
      outputTokens: 58,
      requests: 1,
    });
  });

  it("an ungrounded sentence is dropped, the grounded one kept", async () => {
    const answer = JSON.stringify({
      sentences: [
        { text: "Ankara paid 3.5 billion dollars for the S-400 system in 2017.", paragraphs: [2] },
        {
          text: "Lavrov said Russia and Turkey will keep up their military cooperation.",
          paragraphs: [1],
        },
      ],
    });
    bedrock.on(ConverseCommand).resolves(converseOutput(answer));
    const result = await summarize(
      ENGLISH,
      new BedrockSummarizer(new BedrockRuntimeClient({}), MODEL),
      OPTIONS,
    );
    expect(result.engine).toBe("bedrock");
    expect(result.sentences).toHaveLength(1);
    expect(result.checks[0]?.reason).toBe('number "3.5 billion" is not in the cited paragraphs');
  });

  it("a malformed answer falls back to extractive, tokens still counted", async () => {
    bedrock
      .on(ConverseCommand)
      .resolves(converseOutput("Summary: Russia and Turkey will cooperate."));
    const result = await summarize(
      ENGLISH,
      new BedrockSummarizer(new BedrockRuntimeClient({}), MODEL),
      OPTIONS,
    );
    expect(result.engine).toBe("extractive");
    expect(result.fallbackReason).toBe("bedrock: unreadable answer (the answer is not JSON)");
    expect(result.usage).toMatchObject({ inputTokens: 431, outputTokens: 58 });
  });

  it("a content-filtered answer falls back to extractive", async () => {
    bedrock.on(ConverseCommand).resolves(
      converseOutput("", {
        stopReason: "content_filtered",
        usage: { inputTokens: 431, outputTokens: 0, totalTokens: 431 },
      }),
    );
    const result = await summarize(
      ENGLISH,
      new BedrockSummarizer(new BedrockRuntimeClient({}), MODEL),
      OPTIONS,
    );
    expect(result.engine).toBe("extractive");
    expect(result.fallbackReason).toBe('bedrock: the model stopped with "content_filtered"');
  });

  it("throttling that outlasts the SDK's retries falls back to extractive with the attempts counted", async () => {
    bedrock.on(ConverseCommand).rejects(
      new ThrottlingException({
        message: "Too many requests, please wait before trying again.",
        $metadata: { httpStatusCode: 429, attempts: 3 },
      }),
    );
    const result = await summarize(
      ENGLISH,
      new BedrockSummarizer(new BedrockRuntimeClient({}), MODEL),
      OPTIONS,
    );
    expect(result.engine).toBe("extractive");
    expect(result.fallbackReason).toBe(
      "bedrock: no answer (CompletionUnavailableError: ThrottlingException: Too many requests, please wait before trying again.)",
    );
    expect(result.usage).toMatchObject({ requests: 3, inputTokens: 0, outputTokens: 0 });
  });
});
