import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";
import {
  assertValidConfig,
  configFromContext,
  DEFAULT_PIPELINE_CONFIG,
  InvalidPipelineConfigError,
} from "../../infra/config.js";

/** CDK context as `cdk synth -c key=value` delivers it: every value a string. */
const fromContext = (context: Record<string, unknown>) => configFromContext((key) => context[key]);

const problemsOf = (context: Record<string, unknown>): readonly string[] => {
  try {
    fromContext(context);
  } catch (error) {
    if (error instanceof InvalidPipelineConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("configFromContext", () => {
  it("defaults to the pipeline settings the offline CLI uses", () => {
    expect(fromContext({})).toEqual(DEFAULT_PIPELINE_CONFIG);
    expect(DEFAULT_PIPELINE_CONFIG).toMatchObject(DEFAULT_SETTINGS);
  });

  it.each([
    [{ translateChunkBytes: "8000" }, { translateChunkBytes: 8_000 }],
    [{ translateChunkBytes: 8000 }, { translateChunkBytes: 8_000 }],
    [{ summarySentences: "2" }, { summarySentences: 2 }],
    [{ summarySentences: 1 }, { summarySentences: 1 }],
    [{ maxReceiveCount: "10" }, { maxReceiveCount: 10 }],
    [{ logLevel: "debug" }, { logLevel: "DEBUG" }],
    [{ destroyable: "true" }, { destroyable: true }],
    [
      { translateMaxConcurrency: "2", cleanMemoryMb: "2048" },
      {
        stages: {
          ...DEFAULT_PIPELINE_CONFIG.stages,
          clean: { ...DEFAULT_PIPELINE_CONFIG.stages.clean, memoryMb: 2_048 },
          translate: { ...DEFAULT_PIPELINE_CONFIG.stages.translate, maxConcurrency: 2 },
        },
      },
    ],
  ])("reads %o", (context, expected) => {
    expect(fromContext(context)).toMatchObject(expected);
  });

  it.each([
    [
      { translateChunkBytes: "10001" },
      /^context translateChunkBytes must be an integer in \[4, 10000\], got "10001"$/,
    ],
    [{ translateChunkBytes: "9k" }, /context translateChunkBytes must be an integer/],
    [{ translateChunkBytes: 9000.5 }, /context translateChunkBytes must be an integer/],
    // The published v1 schema caps the summary at three sentences.
    [
      { summarySentences: "5" },
      /^context summarySentences must be an integer in \[1, 3\], got "5"$/,
    ],
    [{ maxReceiveCount: "3" }, /maxReceiveCount .* \[5, 1000\]/],
    [{ analyzeMaxConcurrency: "1" }, /analyzeMaxConcurrency .* \[2, 1000\]/],
    [{ translateBatchSize: "50" }, /translateBatchSize .* \[1, 25\]/],
    [
      { translateBatchSize: "11" },
      /^context translateBatchSize above 10 needs context translateBatchWindowSeconds of at least 1/,
    ],
    [{ analyzeBatchWindowSeconds: "301" }, /analyzeBatchWindowSeconds .* \[0, 300\]/],
    [{ cleanTimeoutSeconds: "901" }, /cleanTimeoutSeconds .* \[1, 900\]/],
    [{ cleanMemoryMb: "64" }, /cleanMemoryMb .* \[128, 10240\]/],
    [{ summarySentences: "0" }, /summarySentences/],
    [{ targetLanguage: "fr" }, /targetLanguage must be "en"/],
    [{ sourceLanguage: "fr-CA" }, /sourceLanguage must be "fr"/],
    [{ logLevel: "VERBOSE" }, /logLevel must be one of/],
    [{ destroyable: "yes" }, /destroyable must be true or false/],
    [{ alarmTopicArn: "ops-alerts" }, /alarmTopicArn must be an SNS topic ARN/],
  ])("rejects %o", (context, problem) => {
    expect(problemsOf(context).join("\n")).toMatch(problem);
  });

  it("reports every problem at once instead of the first one", () => {
    expect(problemsOf({ translateChunkBytes: "20000", maxReceiveCount: "1" })).toHaveLength(2);
  });

  it("says what is wrong in one line, even with several problems", () => {
    expect(() => fromContext({ summarySentences: "5", cleanMemoryMb: "64" })).toThrow(
      /^context summarySentences must be an integer in \[1, 3\], got "5"; context cleanMemoryMb must be an integer in \[128, 10240\], got "64"$/,
    );
  });

  it("checks a configuration given as stack props against the same bounds", () => {
    expect(() => assertValidConfig({ ...DEFAULT_PIPELINE_CONFIG, summarySentences: 5 })).toThrow(
      /summarySentences must be an integer in \[1, 3\], got 5/,
    );
    expect(assertValidConfig(DEFAULT_PIPELINE_CONFIG)).toBe(DEFAULT_PIPELINE_CONFIG);
  });
});
