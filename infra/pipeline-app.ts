import { App, type AppProps, Aspects } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { configFromContext } from "./config.js";
import { PipelineStack } from "./pipeline-stack.js";

export interface PipelineApp {
  readonly app: App;
  readonly stack: PipelineStack;
}

/**
 * The app exactly as `cdk synth` builds it (the tests build it through here too): one stack,
 * configured from CDK context, checked by cdk-nag's AwsSolutions pack. Environment-agnostic on
 * purpose: no lookups, so synth needs neither credentials nor network, and `cdk deploy` uses
 * the CLI's account and region.
 */
export function createPipelineApp(props: AppProps = {}): PipelineApp {
  const app = new App(props);
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stack = new PipelineStack(app, "Depeche", {
    description: "depeche: French news articles in, enriched English JSON out (S3, SQS, Lambda)",
    config,
  });
  // Every AwsSolutions finding fails synth unless suppressed, with its reason, next to its cause.
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stack };
}
