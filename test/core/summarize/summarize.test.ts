import { describe, expect, it } from "vitest";
import { CompletionUnavailableError } from "../../../functions/core/errors.js";
import { buildPrompt, parseAnswer } from "../../../functions/core/summarize/prompt.js";
import { summarize } from "../../../functions/core/summarize/summarize.js";
import { completionOf, FakeSummarizer } from "../../fakes/fake-summarizer.js";

const ENGLISH = {
  title: "Russia and Turkey keep their military cooperation",
  paragraphs: [
    "Russia and Turkey will continue their military cooperation despite the American sanctions, Sergei Lavrov said on Tuesday in Moscow.",
    "Ankara bought the Russian S-400 air defence system in 2017 for 2.5 billion dollars, a deal NATO criticised. The first batteries arrived two years later.",
    "Washington imposed the sanctions on 14 December 2020 under the CAATSA law.",
  ],
};

const OPTIONS = { maxSentences: 3, inputTokens: 3_000, outputTokens: 400 };

describe("summarize", () => {
  it("keeps the extractive engine when no summariser is configured", async () => {
    const result = await summarize(ENGLISH, undefined, OPTIONS);
    expect(result.engine).toBe("extractive");
    expect(result.fallbackReason).toBeNull();
    expect(result.usage).toEqual({
      engine: "extractive",
      modelId: null,
      inputTokens: 0,
      outputTokens: 0,
      requests: 0,
    });
    for (const sentence of result.sentences) {
      const { paragraph, start, end } = sentence.span ?? { paragraph: -1, start: 0, end: 0 };
      expect(ENGLISH.paragraphs[paragraph]?.slice(start, end)).toBe(sentence.text);
      expect(sentence.paragraphs).toEqual([paragraph]);
    }
  });

  it("makes a grounded answer the summary, with its citations and the model's token counts", async () => {
    const summarizer = new FakeSummarizer(() =>
      completionOf({
        sentences: [
          {
            text: "Lavrov said Russia and Turkey will keep cooperating despite US sanctions.",
            paragraphs: [1],
          },
          {
            text: "Ankara paid 2.5 billion dollars for the S-400 system in 2017.",
            paragraphs: [2],
          },
        ],
      }),
    );
    const result = await summarize(ENGLISH, summarizer, OPTIONS);
    expect(result.engine).toBe("bedrock");
    expect(result.modelId).toBe("fake.model-v1");
    expect(result.fallbackReason).toBeNull();
    expect(result.sentences.map((s) => [s.text, s.paragraphs])).toEqual([
      ["Lavrov said Russia and Turkey will keep cooperating despite US sanctions.", [0]],
      ["Ankara paid 2.5 billion dollars for the S-400 system in 2017.", [1]],
    ]);
    expect(result.checks.map((c) => c.status)).toEqual(["passed", "passed"]);
    expect(result.usage).toEqual({
      engine: "bedrock",
      modelId: "fake.model-v1",
      inputTokens: 812,
      outputTokens: 96,
      requests: 1,
    });
    expect(summarizer.requests[0]?.maxOutputTokens).toBe(400);
    expect(summarizer.requests[0]?.user).toContain("[2] Ankara bought");
  });

  it("drops the sentence whose number is not in its cited paragraph and keeps the rest", async () => {
    const summarizer = new FakeSummarizer(() =>
      completionOf({
        sentences: [
          { text: "Ankara paid 4 billion dollars for the S-400 system in 2017.", paragraphs: [2] },
          {
            text: "Washington imposed the sanctions in December 2020 under CAATSA.",
            paragraphs: [3],
          },
        ],
      }),
    );
    const result = await summarize(ENGLISH, summarizer, OPTIONS);
    expect(result.engine).toBe("bedrock");
    expect(result.sentences.map((s) => s.text)).toEqual([
      "Washington imposed the sanctions in December 2020 under CAATSA.",
    ]);
    expect(result.checks[0]).toEqual({
      text: "Ankara paid 4 billion dollars for the S-400 system in 2017.",
      status: "dropped",
      reason: 'number "4 billion" is not in the cited paragraphs',
    });
  });

  it("falls back to extractive, with the checks, when no sentence is grounded", async () => {
    const summarizer = new FakeSummarizer(() =>
      completionOf({
        sentences: [
          { text: "Erdogan visited Paris in March 2023 to sign a deal.", paragraphs: [1] },
        ],
      }),
    );
    const result = await summarize(ENGLISH, summarizer, OPTIONS);
    expect(result.engine).toBe("extractive");
    expect(result.modelId).toBe("fake.model-v1");
    expect(result.fallbackReason).toBe(
      "bedrock: no generated sentence passed the grounding checks",
    );
    expect(result.checks).toHaveLength(1);
    expect(result.usage.inputTokens).toBe(812);
    expect(result.sentences.length).toBeGreaterThan(0);
  });

  it.each([
    [
      "prose instead of JSON",
      completionOf("Here is a summary: Russia and Turkey…"),
      "unreadable answer (the answer is not JSON)",
    ],
    ["JSON of another shape", completionOf({ summary: "Russia and Turkey" }), "unreadable answer"],
    [
      "a content filter",
      completionOf("", { stopReason: "content_filtered" }),
      'the model stopped with "content_filtered"',
    ],
    [
      "a truncated answer",
      completionOf('{"sentences":[{"te', { stopReason: "max_tokens" }),
      'the model stopped with "max_tokens"',
    ],
  ])("falls back to extractive on %s", async (_name, completion, reason) => {
    const result = await summarize(ENGLISH, new FakeSummarizer(() => completion), OPTIONS);
    expect(result.engine).toBe("extractive");
    expect(result.fallbackReason).toContain(reason);
    expect(result.usage.outputTokens).toBe(completion.outputTokens);
  });

  it("falls back to extractive when the service gives no answer after its retries", async () => {
    const summarizer = new FakeSummarizer(() => {
      throw new CompletionUnavailableError("ThrottlingException: Too many requests", 3);
    });
    const result = await summarize(ENGLISH, summarizer, OPTIONS);
    expect(result.engine).toBe("extractive");
    expect(result.fallbackReason).toBe(
      "bedrock: no answer (CompletionUnavailableError: ThrottlingException: Too many requests)",
    );
    expect(result.usage).toMatchObject({ requests: 3, inputTokens: 0, outputTokens: 0 });
  });

  it("never keeps more sentences than asked for", async () => {
    const sentence = {
      text: "Washington imposed the sanctions under the CAATSA law.",
      paragraphs: [3],
    };
    const summarizer = new FakeSummarizer(() =>
      completionOf({ sentences: [sentence, sentence, sentence] }),
    );
    const result = await summarize(ENGLISH, summarizer, { ...OPTIONS, maxSentences: 2 });
    expect(result.sentences).toHaveLength(2);
    expect(result.checks[2]).toMatchObject({
      status: "dropped",
      reason: "beyond the 2 sentences asked for",
    });
  });
});

describe("buildPrompt", () => {
  it("numbers every paragraph when the article fits the budget", () => {
    const prompt = buildPrompt(ENGLISH, { maxSentences: 3, inputTokens: 3_000 });
    expect(prompt?.paragraphs).toEqual(ENGLISH.paragraphs);
    expect(prompt?.user).toContain("[3] Washington");
  });

  it("cuts on paragraph boundaries, lead first, and inside a paragraph only after a whole sentence", () => {
    const full = buildPrompt(ENGLISH, { maxSentences: 3, inputTokens: 3_000 });
    const systemTokens = Math.ceil((full?.system.length ?? 0) / 4);
    // Room for the title, the first paragraph and the first sentence of the second.
    const budget = systemTokens + 20 + 40 + 30;
    const prompt = buildPrompt(ENGLISH, { maxSentences: 3, inputTokens: budget });
    expect(prompt?.paragraphs[0]).toBe(ENGLISH.paragraphs[0]);
    expect(prompt?.paragraphs[1]).toBe(
      "Ankara bought the Russian S-400 air defence system in 2017 for 2.5 billion dollars, a deal NATO criticised.",
    );
    expect(prompt?.paragraphs).toHaveLength(2);
  });

  it("gives up when not one sentence fits", () => {
    expect(buildPrompt(ENGLISH, { maxSentences: 3, inputTokens: 50 })).toBeUndefined();
  });
});

describe("parseAnswer", () => {
  it("reads the asked shape and makes paragraph numbers zero-based", () => {
    expect(parseAnswer('{"sentences":[{"text":"A sentence.","paragraphs":[2,1,2]}]}')).toEqual({
      ok: true,
      sentences: [{ text: "A sentence.", paragraphs: [1, 0] }],
    });
  });

  it("accepts one fenced block that is the whole answer", () => {
    expect(parseAnswer('```json\n{"sentences":[{"text":"A.","paragraphs":[1]}]}\n```').ok).toBe(
      true,
    );
  });

  it.each([
    ["prose around the JSON", 'Sure! {"sentences":[{"text":"A.","paragraphs":[1]}]}'],
    ["an extra key", '{"sentences":[{"text":"A.","paragraphs":[1],"confidence":1}]}'],
    ["paragraph 0", '{"sentences":[{"text":"A.","paragraphs":[0]}]}'],
    ["no sentence", '{"sentences":[]}'],
    ["an empty text", '{"sentences":[{"text":" ","paragraphs":[1]}]}'],
  ])("refuses %s", (_name, text) => {
    expect(parseAnswer(text).ok).toBe(false);
  });
});
