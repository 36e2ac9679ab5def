import { describe, expect, it } from "vitest";
import { type CfnResourceJson, synthPipeline } from "./pipeline-fixture.js";

/** Every IAM statement in the template, with the logical id of the policy that holds it. */
function statements(resources: Readonly<Record<string, CfnResourceJson>>) {
  return Object.entries(resources).flatMap(([id, resource]) => {
    if (resource.Type !== "AWS::IAM::Policy") return [];
    const document = resource.Properties?.PolicyDocument as {
      Statement: { Action: string | string[]; Resource: unknown }[];
    };
    return document.Statement.map((statement) => ({ policy: id, ...statement }));
  });
}

const actionsOf = (statement: { Action: string | string[] }) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

const bedrockStatements = (resources: Readonly<Record<string, CfnResourceJson>>) =>
  statements(resources).filter((statement) =>
    actionsOf(statement).some((action) => action.startsWith("bedrock:")),
  );

/** The two functions that run the analyze stage: its Lambda and the replay worker. */
const ANALYZING_POLICIES = /^(AnalyzeStageFunction|ReplayFunction)/;

describe("the Bedrock summariser's permissions", () => {
  it("the default synth grants no Bedrock action to anything", () => {
    expect(bedrockStatements(synthPipeline().resources)).toEqual([]);
  });

  it("-c summarizer=bedrock with a foundation model grants InvokeModel on that model only, to what runs analyze only", () => {
    const { resources } = synthPipeline({
      summarizer: "bedrock",
      bedrockModelId: "amazon.nova-lite-v1:0",
    });
    const granted = bedrockStatements(resources);
    expect(granted).toHaveLength(2);
    for (const statement of granted) {
      expect(statement.policy).toMatch(ANALYZING_POLICIES);
      expect(actionsOf(statement)).toEqual(["bedrock:InvokeModel"]);
    }
    expect(new Set(granted.map((statement) => statement.policy)).size).toBe(2);
    expect(granted[1]?.Resource).toEqual(granted[0]?.Resource);
    expect(granted[0]?.Resource).toEqual({
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":bedrock:",
          { Ref: "AWS::Region" },
          "::foundation-model/amazon.nova-lite-v1:0",
        ],
      ],
    });
  });

  it("a cross-Region inference profile grants the profile here and its one model in the Regions it routes to", () => {
    const id = "eu.anthropic.claude-3-5-haiku-20241022-v1:0";
    const granted = bedrockStatements(
      synthPipeline({ summarizer: "bedrock", bedrockModelId: id }).resources,
    );
    expect(granted).toHaveLength(2);
    const rendered = JSON.stringify(granted[0]?.Resource);
    expect(rendered).toContain(`:inference-profile/${id}`);
    expect(rendered).toContain(
      ":bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
    );
    expect(granted[0]?.Resource).toHaveLength(2);
  });

  it("an ARN is granted as given", () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    const granted = bedrockStatements(
      synthPipeline({ summarizer: "bedrock", bedrockModelId: arn }).resources,
    );
    expect(granted[0]?.Resource).toBe(arn);
  });

  it("tells the analyze Lambda which summariser and model to use", () => {
    const { resources } = synthPipeline({
      summarizer: "bedrock",
      bedrockModelId: "amazon.nova-lite-v1:0",
    });
    const analyze = Object.entries(resources).find(
      ([id, r]) => r.Type === "AWS::Lambda::Function" && id.startsWith("AnalyzeStage"),
    )?.[1];
    expect(analyze?.Properties?.Environment).toMatchObject({
      Variables: { SUMMARIZER: "bedrock", BEDROCK_MODEL_ID: "amazon.nova-lite-v1:0" },
    });
  });

  it("refuses -c summarizer=bedrock without a model, in one line", () => {
    expect(() => synthPipeline({ summarizer: "bedrock" })).toThrow(
      'context bedrockModelId is required when context summarizer is "bedrock"',
    );
  });

  it("refuses a malformed model id, in one line", () => {
    expect(() => synthPipeline({ summarizer: "bedrock", bedrockModelId: "claude" })).toThrow(
      'context bedrockModelId must be a Bedrock model id, inference profile id or ARN, got "claude"',
    );
  });
});
