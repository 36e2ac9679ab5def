import { describe, expect, it } from "vitest";
import {
  bedrockBaseModelOf,
  bedrockTokenPriceFor,
  LIST_PRICES,
  pricesWithOverrides,
  priceUsage,
  summaryUsdFor,
} from "../../functions/core/pricing.js";

describe("Bedrock token prices", () => {
  it.each([
    ["amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"],
    ["us.amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"],
    ["eu.anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-5-haiku-20241022-v1:0"],
    ["apac.amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0"],
    ["global.amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"],
    ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"],
    [
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0",
      "amazon.nova-lite-v1:0",
    ],
    // An application inference profile names no model: it stays as given.
    ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", "abc123"],
  ])("prices %s as %s", (modelId, base) => {
    expect(bedrockBaseModelOf(modelId)).toBe(base);
  });

  it("prices every model the README and ADR name, output dearer than input", () => {
    for (const model of [
      "amazon.nova-lite-v1:0",
      "anthropic.claude-3-5-haiku-20241022-v1:0",
      "anthropic.claude-3-haiku-20240307-v1:0",
    ]) {
      const price = bedrockTokenPriceFor(model, LIST_PRICES);
      expect(price.outputUsdPer1kTokens).toBeGreaterThan(price.inputUsdPer1kTokens);
    }
  });

  it("bills tokens per thousand each way", () => {
    // Nova Lite: $0.00006 in and $0.00024 out per 1,000 tokens.
    const usd = summaryUsdFor(
      { modelId: "us.amazon.nova-lite-v1:0", inputTokens: 3_000, outputTokens: 400 },
      LIST_PRICES,
    );
    expect(usd).toBeCloseTo(3 * 0.00006 + 0.4 * 0.00024, 12);
  });

  it("adds the summary to the bill only when there is one", () => {
    const usage = { translateCharacters: 1_000, comprehendUnits: 10 };
    const plain = priceUsage(usage);
    expect(plain.summaryUsd).toBe(0);
    const withSummary = priceUsage({
      ...usage,
      summary: { modelId: "amazon.nova-pro-v1:0", inputTokens: 1_000, outputTokens: 1_000 },
    });
    expect(withSummary.summaryUsd).toBeCloseTo(0.0008 + 0.0032, 12);
    expect(withSummary.totalUsd).toBeCloseTo(plain.totalUsd + withSummary.summaryUsd, 12);
  });

  it("refuses a model the table lacks, in one line naming it and the --prices field", () => {
    expect(() =>
      summaryUsdFor({
        modelId: "mistral.mistral-large-2402-v1:0",
        inputTokens: 1,
        outputTokens: 1,
      }),
    ).toThrow(/^no Bedrock token price for mistral\.mistral-large-2402-v1:0: .*bedrockTokenPrices/);
    // No tokens, nothing to price: an unknown model costs nothing and does not throw.
    expect(
      summaryUsdFor({
        modelId: "mistral.mistral-large-2402-v1:0",
        inputTokens: 0,
        outputTokens: 0,
      }),
    ).toBe(0);
  });

  it("merges a --prices file's models over the list, keeping the others", () => {
    const prices = pricesWithOverrides({
      bedrockTokenPrices: {
        "mistral.mistral-large-2402-v1:0": {
          inputUsdPer1kTokens: 0.004,
          outputUsdPer1kTokens: 0.012,
        },
        "amazon.nova-lite-v1:0": { inputUsdPer1kTokens: 0.0001, outputUsdPer1kTokens: 0.0003 },
      },
    });
    expect(bedrockTokenPriceFor("us.mistral.mistral-large-2402-v1:0", prices)).toEqual({
      inputUsdPer1kTokens: 0.004,
      outputUsdPer1kTokens: 0.012,
    });
    expect(bedrockTokenPriceFor("amazon.nova-lite-v1:0", prices).inputUsdPer1kTokens).toBe(0.0001);
    expect(bedrockTokenPriceFor("amazon.nova-micro-v1:0", prices)).toEqual(
      LIST_PRICES.bedrockTokenPrices["amazon.nova-micro-v1:0"],
    );
    expect(prices.translateUsdPerCharacter).toBe(LIST_PRICES.translateUsdPerCharacter);
  });

  it.each([
    [
      { bedrockTokenPrices: { m: { inputUsdPer1kTokens: -1, outputUsdPer1kTokens: 0 } } },
      /bedrockTokenPrices\.m\.inputUsdPer1kTokens/,
    ],
    [
      { bedrockTokenPrices: { m: { inputUsdPer1kTokens: 1 } } },
      /bedrockTokenPrices\.m\.outputUsdPer1kTokens/,
    ],
    [
      { bedrockTokenPrices: { m: { inputUsdPer1kTokens: 1, outputUsdPer1kTokens: 1, per: 1 } } },
      /bedrockTokenPrices\.m/,
    ],
  ])("refuses %j naming the field", (overrides, message) => {
    expect(() => pricesWithOverrides(overrides)).toThrow(message);
  });
});
