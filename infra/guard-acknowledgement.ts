import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/** The namespace CDK gives the findings of `@cdklabs/cdk-validator-cfnguard`. */
const GUARD_PLUGIN = "cdk-validator-cfnguard";

/**
 * Acknowledges one cfn-guard (Control Tower proactive control) rule on one resource, with the
 * reason: CDK's policy validation then reports it as suppressed instead of failing synth.
 * Scoped to the construct's CloudFormation resource, never a whole subtree.
 */
export function acknowledgeGuardRule(construct: IConstruct, rule: string, reason: string): void {
  const resource = construct.node.defaultChild ?? construct;
  Validations.of(resource).acknowledge({ id: `${GUARD_PLUGIN}::${rule}`, reason });
}
