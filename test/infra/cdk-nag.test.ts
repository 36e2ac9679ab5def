import { CfnResource } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { pipelineApp } from "./pipeline-fixture.js";

const NAG_PACKS = Match.stringLikeRegexp("(AwsSolutions|Serverless)-.*");

/** Unsuppressed AwsSolutions and Serverless errors and warnings, as `path: message`. */
function nagFindings(stack: IConstruct): string[] {
  const annotations = Annotations.fromStack(stack as never);
  return [...annotations.findError("*", NAG_PACKS), ...annotations.findWarning("*", NAG_PACKS)].map(
    (finding) => `${finding.id}: ${String(finding.entry.data).split("\n")[0]}`,
  );
}

/** A suppression as cdk-nag stores it in the resource's CloudFormation metadata. */
interface Suppression {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: readonly unknown[];
}

describe("cdk-nag AwsSolutions and Serverless checks", () => {
  it("report no unsuppressed finding on the default (retained) stack", () => {
    expect(nagFindings(pipelineApp().stack)).toEqual([]);
  });

  it("report no unsuppressed finding on a destroyable dev stack with an alarm topic", () => {
    const { stack } = pipelineApp({
      destroyable: "true",
      alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:ops-alerts",
    });
    expect(nagFindings(stack)).toEqual([]);
  });

  it.each(["amazon.nova-lite-v1:0", "us.anthropic.claude-3-5-haiku-20241022-v1:0"])(
    "report no unsuppressed finding with the Bedrock summariser on %s",
    (bedrockModelId) => {
      const { stack } = pipelineApp({ summarizer: "bedrock", bedrockModelId });
      expect(nagFindings(stack)).toEqual([]);
    },
  );

  it("do report a finding when something non-compliant is added (the check can fail)", () => {
    const { stack } = pipelineApp();
    new Queue(stack, "PlainQueue", { encryption: QueueEncryption.UNENCRYPTED });
    const findings = nagFindings(stack);
    expect(findings.some((f) => f.includes("AwsSolutions-SQS2"))).toBe(true);
    expect(findings.some((f) => f.includes("AwsSolutions-SQS4"))).toBe(true);
    expect(findings.some((f) => f.includes("Serverless-SQSRedrivePolicy"))).toBe(true);
  });

  it("suppress only named rules, wildcard findings scoped (appliesTo), each with a reason", () => {
    const { stack } = pipelineApp();
    const suppressions = stack.node
      .findAll()
      .filter((construct): construct is CfnResource => construct instanceof CfnResource)
      .flatMap(
        (resource) =>
          (resource.getMetadata("cdk_nag") as { rules_to_suppress?: Suppression[] } | undefined)
            ?.rules_to_suppress ?? [],
      );
    expect(suppressions.length).toBeGreaterThan(0);
    // Rules about a whole resource (no wildcard to name) need no appliesTo.
    const whole = [
      "AwsSolutions-SNS2",
      "Serverless-SQSRedrivePolicy",
      "Serverless-LambdaDLQ",
      "Serverless-LambdaEventSourceMappingDestination",
    ];
    for (const suppression of suppressions) {
      expect(["AwsSolutions-IAM4", "AwsSolutions-IAM5", ...whole]).toContain(suppression.id);
      if (!whole.includes(suppression.id)) {
        expect(suppression.applies_to?.length ?? 0).toBeGreaterThan(0);
      }
      expect(suppression.reason.length).toBeGreaterThan(80);
    }
  });
});
