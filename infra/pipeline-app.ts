import { CfnGuardValidator } from "@cdklabs/cdk-validator-cfnguard";
import { App, type AppProps, Aspects, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { configFromContext } from "./config.js";
import { PipelineStack } from "./pipeline-stack.js";

export interface PipelineApp {
  readonly app: App;
  readonly stack: PipelineStack;
}

export interface PipelineAppOptions {
  /**
   * Run cfn-guard (the Control Tower proactive controls bundled with
   * `@cdklabs/cdk-validator-cfnguard`) on the synthesized template; a violation fails synth.
   * On for `cdk synth`; assertion tests that only read the template leave it off (each run
   * spawns the guard binary), and `test/infra/policy-checks.test.ts` turns it on.
   */
  readonly policyValidation?: boolean;
}

/**
 * The app exactly as `cdk synth` builds it (the tests build it through here too): one stack,
 * configured from CDK context, checked by cdk-nag's AwsSolutions and Serverless packs and by
 * cfn-guard. Environment-agnostic on purpose: no lookups, so synth needs neither credentials nor
 * network, and `cdk deploy` uses the CLI's account and region.
 */
export function createPipelineApp(
  props: AppProps = {},
  options: PipelineAppOptions = { policyValidation: true },
): PipelineApp {
  const app = new App(props);
  if (options.policyValidation === true) Validations.of(app).addPlugins(new CfnGuardValidator());
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stack = new PipelineStack(app, "Depeche", {
    description: "depeche: French news articles in, enriched English JSON out (S3, SQS, Lambda)",
    config,
  });
  // Every finding of either pack fails synth unless suppressed, with its reason, next to its cause.
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  Aspects.of(app).add(new ServerlessChecks({ verbose: true }));
  return { app, stack };
}
