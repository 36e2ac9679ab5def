import { CfnRule, Fn, type Stack } from "aws-cdk-lib";

/**
 * Regions that have both Amazon Translate and Amazon Comprehend (real-time APIs). Sources: AWS
 * General Reference, "Amazon Comprehend endpoints and quotas" (docs.aws.amazon.com/general/
 * latest/gr/comprehend.html) and "Amazon Translate endpoints and quotas"
 * (…/gr/translate-service.html), cross-checked with botocore 1.43's `data/endpoints.json`
 * (python3-boto3 on the dev machine). `/work/shared/docs/aws-facts.md` names no Region list.
 * Translate alone is also in ap-east-1, eu-north-1, eu-west-3 (Paris) and us-west-1; Comprehend
 * is not, so the analyze stage could not run there.
 */
export const TRANSLATE_AND_COMPREHEND_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "us-gov-west-1",
] as const;

/**
 * A template rule: CloudFormation refuses to create or update the stack in any other Region,
 * before it creates a single resource (a stack in Paris would deploy and then fail every article
 * at the analyze stage).
 */
export function addServiceRegionRule(stack: Stack): CfnRule {
  return new CfnRule(stack, "TranslateAndComprehendRegion", {
    assertions: [
      {
        assert: Fn.conditionContains([...TRANSLATE_AND_COMPREHEND_REGIONS], stack.region),
        assertDescription:
          "depeche needs Amazon Translate and Amazon Comprehend in the deployment Region: " +
          `deploy to one of ${TRANSLATE_AND_COMPREHEND_REGIONS.join(", ")}.`,
      },
    ],
  });
}
