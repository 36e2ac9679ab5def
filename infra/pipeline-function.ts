import type { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  ApplicationLogLevel,
  Architecture,
  Function as LambdaFunction,
  LoggingFormat,
  RecursiveLoop,
  Runtime,
  SystemLogLevel,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import { LAMBDA_HANDLER, lambdaCode } from "./bundling.js";
import type { LogLevel } from "./config.js";
import { acknowledgeGuardRule } from "./guard-acknowledgement.js";

/** Pinned, not NODEJS_LATEST: the newest runtime cdk-nag (L1) knows, and a stable template. */
export const PIPELINE_RUNTIME = Runtime.NODEJS_24_X;

/** Graviton: ~20% cheaper per GB-second than x86_64, and nothing here is native code. */
export const PIPELINE_ARCHITECTURE = Architecture.ARM_64;

/**
 * Thirty days of function logs: long enough to investigate a dead-lettered article after a
 * holiday, short enough that CloudWatch storage never becomes a line on the bill.
 */
export const LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface PipelineFunctionProps {
  /** The handler file; it must `export const handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logLevel: LogLevel;
  /** Applied to the function's log group (the function itself holds no data). */
  readonly logRemovalPolicy: RemovalPolicy;
  /** Extra files in the bundle, next to `index.mjs` (name → content). */
  readonly bundleFiles?: Readonly<Record<string, string>> | undefined;
}

/**
 * A pipeline stage's Lambda with the project's fixed choices: Node 24 on arm64, a split ESM
 * bundle built locally (`infra/bundling.ts`), JSON logs into its own log group with retention,
 * active X-Ray tracing (`functions/lambda/xray-tracer.ts` adds the invocation and SDK-call subsegments), and a role that starts
 * with nothing but writing to that log group and sending traces (no AWSLambdaBasicExecutionRole);
 * the stage adds the exact S3/Translate/Comprehend grants it needs.
 */
export class PipelineFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: LOG_RETENTION,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${props.description}`,
    });
    super(scope, id, {
      code: lambdaCode(props.entry, props.bundleFiles),
      handler: LAMBDA_HANDLER,
      description: props.description,
      runtime: PIPELINE_RUNTIME,
      architecture: PIPELINE_ARCHITECTURE,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      environment: { ...props.environment },
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel],
      systemLogLevelV2: SystemLogLevel.INFO,
      // Already Lambda's default; stated because our stages write to the bucket that feeds them.
      recursiveLoop: RecursiveLoop.TERMINATE,
      tracing: Tracing.ACTIVE,
    });
    logGroup.grantWrite(role);
    acknowledgeGuardRule(
      this,
      "lambda_inside_vpc_check",
      "The function reaches only public AWS endpoints (S3, Translate, Comprehend, SNS, Lambda) " +
        "and no private resource; a VPC would add NAT or interface endpoints (≈ $7-32 a month " +
        "each) and cold-start latency for no isolation gain. IAM scopes what it may touch.",
    );
    acknowledgeGuardRule(
      logGroup,
      "cloudwatch_log_group_retention_period_check",
      "Thirty days is deliberate (LOG_RETENTION above, ADR 0006): logs serve debugging a " +
        "dead-lettered article; the durable record of every article is its enriched/ or failed/ " +
        "document in the versioned bucket, not the logs.",
    );
    acknowledgeGuardRule(
      logGroup,
      "cloudwatch_log_group_encrypted_check",
      "CloudWatch Logs encrypts every log group at rest by default; the logs hold article keys " +
        "and error codes, never credentials, and a customer-managed key would add a key policy " +
        "for the Logs service principal and $1 a month per key.",
    );
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Active tracing: CDK grants xray:PutTraceSegments and xray:PutTelemetryRecords, which " +
            "have no resource types, so IAM accepts only Resource '*' (Service Authorization " +
            "Reference, AWS X-Ray); the statement grants those two actions only.",
          appliesTo: ["Resource::*"],
        },
      ],
      true,
    );
  }
}
