import { readFileSync } from "node:fs";
import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { Construct } from "constructs";
import { createPipelineApp, type PipelineApp } from "../../infra/pipeline-app.js";

/** The feature flags and settings `cdk synth` reads from cdk.json, so tests synthesize the same. */
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * The pipeline app as `cdk synth` builds it, with bundling skipped (assertion tests need the
 * template, not the bundles). `context` plays the role of `cdk synth -c key=value`.
 */
export function pipelineApp(
  context: Record<string, unknown> = {},
  options: { bundle?: boolean; outdir?: string; policyValidation?: boolean } = {},
): PipelineApp {
  return createPipelineApp(
    {
      context: {
        ...CDK_JSON_CONTEXT,
        ...(options.bundle === true ? {} : { "aws:cdk:bundling-stacks": [] }),
        ...context,
      },
      ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    },
    { policyValidation: options.policyValidation ?? false },
  );
}

export interface SynthesizedPipeline extends PipelineApp {
  readonly template: Template;
  readonly resources: Readonly<Record<string, CfnResourceJson>>;
  /** The template logical id of a construct's CloudFormation resource. */
  logicalId(construct: Construct): string;
}

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

export function synthPipeline(context: Record<string, unknown> = {}): SynthesizedPipeline {
  const pipeline = pipelineApp(context);
  const template = Template.fromStack(pipeline.stack);
  return {
    ...pipeline,
    template,
    resources: template.toJSON().Resources as Record<string, CfnResourceJson>,
    logicalId: (construct) =>
      pipeline.stack.getLogicalId(construct.node.defaultChild as CfnElement),
  };
}
