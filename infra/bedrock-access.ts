import { Aws } from "aws-cdk-lib";
import { type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { NagSuppressions } from "cdk-nag";
import type { IConstruct } from "constructs";

/**
 * Geographic prefixes of Bedrock's system-defined cross-Region inference profiles
 * (`us.anthropic.claude-…`, `eu.amazon.nova-…`, `global.…`): such an id names a profile that
 * routes each request to the foundation model in one of several Regions.
 */
const INFERENCE_PROFILE_PREFIX = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(.+)$/;

export interface BedrockModelResources {
  /** ARNs `bedrock:InvokeModel` is granted on (the Converse API is authorised as InvokeModel). */
  readonly resources: readonly string[];
  /** Resources with a wildcard, for the cdk-nag IAM5 acknowledgement. */
  readonly wildcards: readonly string[];
}

/**
 * The resources that invoking `modelId` needs, and no others:
 *   - a foundation model id → that model in the stack's Region;
 *   - a cross-Region inference profile id → the profile in the stack's Region and the one
 *     foundation model behind it in any Region (the profile decides where a request runs; AWS
 *     requires both permissions, "Prerequisites for inference profiles", Bedrock User Guide);
 *   - an ARN (foundation model, inference profile, application inference profile) → that ARN.
 */
export function bedrockModelResources(modelId: string): BedrockModelResources {
  if (modelId.startsWith("arn:")) return { resources: [modelId], wildcards: [] };
  const profile = INFERENCE_PROFILE_PREFIX.exec(modelId);
  if (profile === null) {
    return {
      resources: [`arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${modelId}`],
      wildcards: [],
    };
  }
  const anyRegionModel = `arn:${Aws.PARTITION}:bedrock:*::foundation-model/${profile[2]}`;
  return {
    resources: [
      `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/${modelId}`,
      anyRegionModel,
    ],
    wildcards: [anyRegionModel],
  };
}

/** Lets `grantee` call the one configured model, and acknowledges the Region wildcard if any. */
export function grantBedrockModel(
  grantee: IGrantable & IConstruct,
  modelId: string,
  policyOwner: IConstruct,
): void {
  const { resources, wildcards } = bedrockModelResources(modelId);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ["bedrock:InvokeModel"], resources: [...resources] }),
  );
  if (wildcards.length === 0) return;
  NagSuppressions.addResourceSuppressions(
    policyOwner,
    [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "A cross-Region inference profile routes each request to the same foundation model in " +
          "one of its Regions; IAM must allow that model in every Region the profile may pick. " +
          "The statement names the one model and the one profile configured.",
        appliesTo: wildcards.map((arn) => `Resource::${nagResource(arn)}`),
      },
    ],
    true,
  );
}

/** cdk-nag writes tokens as `<AWS::Partition>`; the ARN above uses CDK's Aws tokens. */
function nagResource(arn: string): string {
  return arn.replace(Aws.PARTITION, "<AWS::Partition>");
}
