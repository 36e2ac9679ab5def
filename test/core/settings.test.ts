import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  environmentName,
  flagName,
  InvalidSettingsError,
  PIPELINE_SETTINGS,
  parseSettings,
  settingsEnvironment,
} from "../../functions/core/settings.js";
import { readEnvironment } from "../../functions/lambda/environment.js";
import { acceptedSettings } from "../support/settings-arbitrary.js";

const PUBLISHED_SCHEMA = JSON.parse(
  readFileSync(new URL("../../schema/enriched-v1.schema.json", import.meta.url), "utf8"),
) as { properties: { summary: { maxItems: number } } };

const parse = (values: Record<string, unknown>) =>
  parseSettings(PIPELINE_SETTINGS, (name) => values[name]);

describe("PIPELINE_SETTINGS", () => {
  it("defaults to the documented values", () => {
    expect(DEFAULT_SETTINGS).toEqual({
      maxObjectBytes: 5 * 1024 * 1024,
      maxTranslateBytes: 100_000,
      translateChunkBytes: 9_000,
      sourceLanguage: "fr",
      targetLanguage: "en",
      summarySentences: 3,
      translateProfanity: "off",
      translateBrevity: "off",
      translateFormality: "default",
      comprehendEntities: "targeted-sentiment",
      serviceRequestConcurrency: 6,
      summarizer: "extractive",
      bedrockModelId: undefined,
      summaryInputTokens: 3_000,
      summaryOutputTokens: 400,
      maxReceiveCount: 5,
    });
  });

  it("caps summarySentences at what the published v1 schema allows", () => {
    const { domain } = PIPELINE_SETTINGS.summarySentences;
    expect(domain).toMatchObject({ kind: "integer", min: 1 });
    expect(domain.kind === "integer" && domain.max).toBe(
      PUBLISHED_SCHEMA.properties.summary.maxItems,
    );
  });

  it.each([
    [{ summarySentences: "2" }, { summarySentences: 2 }],
    [{ summarySentences: 2 }, { summarySentences: 2 }],
    [{ summarySentences: " 2 " }, { summarySentences: 2 }],
    [{ summarySentences: "" }, { summarySentences: 3 }],
    [{ translateChunkBytes: "+8000" }, { translateChunkBytes: 8_000 }],
  ])("reads %o", (values, expected) => {
    expect(parse(values)).toMatchObject(expected);
  });

  it.each([
    [{ summarySentences: "5" }, 'summarySentences must be an integer in [1, 3], got "5"'],
    [{ summarySentences: 0 }, "summarySentences must be an integer in [1, 3], got 0"],
    [{ summarySentences: "2.5" }, 'summarySentences must be an integer in [1, 3], got "2.5"'],
    [{ translateChunkBytes: "3" }, 'translateChunkBytes must be an integer in [4, 10000], got "3"'],
    [{ maxReceiveCount: "4" }, 'maxReceiveCount must be an integer in [5, 1000], got "4"'],
    [{ sourceLanguage: "de" }, 'sourceLanguage must be "fr", got "de"'],
    [{ maxObjectBytes: true }, "maxObjectBytes must be an integer in [1, 104857600], got true"],
    [{ translateProfanity: 1 }, 'translateProfanity must be one of "off", "mask", got 1'],
    [
      { translateFormality: "FORMAL" },
      'translateFormality must be one of "default", "formal", "informal", got "FORMAL"',
    ],
  ])("refuses %o in one line naming the setting and its range", (values, message) => {
    expect(() => parse(values)).toThrow(new InvalidSettingsError([message]));
  });

  it("names each setting as the reader knows it: environment variable, flag, context key", () => {
    expect(environmentName("maxObjectBytes")).toBe("MAX_OBJECT_BYTES");
    expect(flagName("maxObjectBytes")).toBe("max-object-bytes");
    expect(() =>
      readEnvironment({ BUCKET_NAME: "b", SUMMARY_SENTENCES: "5", MAX_RECEIVE_COUNT: "x" }),
    ).toThrow(
      'Environment variable SUMMARY_SENTENCES must be an integer in [1, 3], got "5"; Environment variable MAX_RECEIVE_COUNT must be an integer in [5, 1000], got "x"',
    );
  });

  it("requires a model id with the bedrock summarizer, in one line per reader", () => {
    expect(() => readEnvironment({ BUCKET_NAME: "b", SUMMARIZER: "bedrock" })).toThrow(
      'Environment variable BEDROCK_MODEL_ID is required when Environment variable SUMMARIZER is "bedrock"',
    );
    expect(
      readEnvironment({
        BUCKET_NAME: "b",
        SUMMARIZER: "bedrock",
        BEDROCK_MODEL_ID: "us.anthropic.claude-3-5-haiku-20241022-v1:0",
      }).settings.bedrockModelId,
    ).toBe("us.anthropic.claude-3-5-haiku-20241022-v1:0");
    expect(() => readEnvironment({ BUCKET_NAME: "b", BEDROCK_MODEL_ID: "not a model" })).toThrow(
      'Environment variable BEDROCK_MODEL_ID must be a Bedrock model id, inference profile id or ARN, got "not a model"',
    );
  });

  it("survives the trip through the Lambda environment unchanged, for any accepted value", () => {
    fc.assert(
      fc.property(acceptedSettings, (settings) => {
        const env = { BUCKET_NAME: "b", ...settingsEnvironment(settings) };
        expect(readEnvironment(env).settings).toEqual(settings);
      }),
    );
  });
});
