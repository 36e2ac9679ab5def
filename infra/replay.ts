import { fileURLToPath } from "node:url";
import { ArnFormat, CfnOutput, Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Bucket, type IBucket } from "aws-cdk-lib/aws-s3";
import {
  DefinitionBody,
  StateMachine,
  StateMachineType,
  LogLevel as StatesLogLevel,
} from "aws-cdk-lib/aws-stepfunctions";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { PREFIX, STAGES } from "../functions/core/keys.js";
import { TRANSLATION_CACHE_PREFIX } from "../functions/core/translate/translation-cache.js";
import { REPLAY_PREFIX } from "../functions/handlers/replay-item.js";
import { comprehendActions } from "./comprehend-access.js";
import type { PipelineConfig } from "./config.js";
import { acknowledgeGuardRule } from "./guard-acknowledgement.js";
import { LOG_RETENTION, PipelineFunction } from "./pipeline-function.js";
import type { PipelineStage } from "./pipeline-stage.js";
import {
  BUNDLED_GLOSSARY_FILE,
  GLOSSARY_NAME_VARIABLE,
  TERMINOLOGY_NAME_VARIABLE,
  type TranslateTerminology,
} from "./terminology.js";

/**
 * Share of child executions that may fail before the whole replay stops. Bad input is not a
 * failure here (it ends as a failure record and the item succeeds); what fails is an item whose
 * every attempt hit a fault, or the spend breaker. 5 % rides out a bad hour of throttling on a
 * large archive, and stops a replay that is failing everywhere within its first few hundred items.
 */
export const REPLAY_TOLERATED_FAILURE_PERCENTAGE = 5;

/** First wait before retrying an article; doubled each time, jittered, capped below. */
const RETRY_INTERVAL_SECONDS = 10;
const RETRY_BACKOFF_RATE = 2;
/** Five minutes: the same order as the queues' visibility timeouts, so a throttled burst passes. */
const RETRY_MAX_DELAY_SECONDS = 300;

/** The deployer may name one archive bucket (and prefix) the replay reads, never writes. */
export interface ReplaySource {
  readonly bucket: string;
  /** Only keys under this prefix; "" = the whole bucket. */
  readonly prefix: string;
}

export interface ReplayProps {
  readonly bucket: IBucket;
  readonly stages: Readonly<Record<(typeof STAGES)[number], PipelineStage>>;
  readonly config: PipelineConfig;
  /** The stages' shared environment (bucket, settings, Powertools). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRemovalPolicy: RemovalPolicy;
  /** The stack's glossary as a Translate terminology, if any: the replay translates with it too. */
  readonly terminology?: TranslateTerminology | undefined;
}

/**
 * Concurrent articles of a replay: the lower of the translate and analyze queues' own
 * `maxConcurrency`. A backfill then never runs more Translate or Comprehend callers than live
 * traffic is allowed, so together they stay within twice the live bound, which the queue
 * settings already leave as headroom under the services' throughput (infra/config.ts).
 */
export function replayMaxConcurrency(config: PipelineConfig): number {
  return Math.min(config.stages.translate.maxConcurrency, config.stages.analyze.maxConcurrency);
}

/** The ASL of the replay state machine, with the function ARN and bucket name filled in. */
export function replayDefinition(refs: {
  readonly functionArn: string;
  readonly resultBucket: string;
  readonly maxConcurrency: number;
  /** Attempts per article, first included (the queues' `maxReceiveCount`). */
  readonly maxAttempts: number;
}): Record<string, unknown> {
  return {
    Comment:
      "depeche replay: every object under {bucket, prefix} through clean, translate and analyze (functions/lambda/replay.ts); results under replay/<execution>/",
    StartAt: "Prepare",
    States: {
      Prepare: {
        Type: "Pass",
        Comment: "Input {bucket, prefix, force}; the results go to replay/<execution name>/.",
        Parameters: {
          "bucket.$": "$.bucket",
          "prefix.$": "$.prefix",
          "force.$": "$.force",
          "results.$": `States.Format('${REPLAY_PREFIX}{}', $$.Execution.Name)`,
        },
        Next: "ReplayArticles",
      },
      ReplayArticles: {
        Type: "Map",
        Label: "ReplayArticles",
        ItemReader: {
          Resource: "arn:aws:states:::s3:listObjectsV2",
          Parameters: { "Bucket.$": "$.bucket", "Prefix.$": "$.prefix" },
        },
        ItemSelector: {
          "bucket.$": "$.bucket",
          "key.$": "$$.Map.Item.Value.Key",
          "force.$": "$.force",
          "execution.$": "$$.Execution.Name",
        },
        ItemProcessor: {
          // Standard child executions: an article may take several minutes with retries, past
          // an Express execution's five-minute limit.
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
          StartAt: "ReplayArticle",
          States: {
            ReplayArticle: {
              Type: "Task",
              Resource: "arn:aws:states:::lambda:invoke",
              Parameters: {
                FunctionName: refs.functionArn,
                Payload: {
                  "bucket.$": "$.bucket",
                  "key.$": "$.key",
                  "force.$": "$.force",
                  "execution.$": "$.execution",
                  "retries.$": "$$.State.RetryCount",
                },
              },
              OutputPath: "$.Payload",
              Retry: [
                // The spend breaker paused translation: stop, do not retry into the ceiling.
                { ErrorEquals: ["SpendPausedError"], MaxAttempts: 0 },
                {
                  ErrorEquals: ["States.ALL"],
                  IntervalSeconds: RETRY_INTERVAL_SECONDS,
                  BackoffRate: RETRY_BACKOFF_RATE,
                  MaxDelaySeconds: RETRY_MAX_DELAY_SECONDS,
                  MaxAttempts: refs.maxAttempts - 1,
                  JitterStrategy: "FULL",
                },
              ],
              End: true,
            },
          },
        },
        MaxConcurrency: refs.maxConcurrency,
        ToleratedFailurePercentage: REPLAY_TOLERATED_FAILURE_PERCENTAGE,
        ResultWriter: {
          Resource: "arn:aws:states:::s3:putObject",
          Parameters: { Bucket: refs.resultBucket, "Prefix.$": "$.results" },
        },
        End: true,
      },
    },
  };
}

/**
 * Replay and backfill on Step Functions: a Distributed Map lists a prefix of the pipeline
 * bucket's `incoming/` (or of the archive bucket the deployer named, read only) and feeds each
 * object to one Lambda that runs the same stage functions and idempotency as the queues
 * (functions/handlers/replay-item.ts), at most `replayMaxConcurrency` at a time. Results land
 * in `replay/<execution>/`; the spend breaker's pause stops it. Its role may list the named
 * prefixes, invoke that function, write `replay/` and run its own child executions; nothing else.
 */
export class Replay extends Construct {
  readonly function: PipelineFunction;
  readonly stateMachine: StateMachine;
  readonly maxConcurrency: number;
  readonly source: ReplaySource | undefined;

  constructor(scope: Construct, id: string, props: ReplayProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { config, bucket, terminology } = props;
    this.source = replaySourceFromContext(this);
    this.maxConcurrency = replayMaxConcurrency(config);
    const archive = this.source && Bucket.fromBucketName(this, "ArchiveBucket", this.source.bucket);
    const translateMapping = props.stages.translate.eventSource;

    // 1. The function: one article through all three stages, so as much memory as the hungriest
    //    stage and as much time as the three stages together.
    const stageConfigs = STAGES.map((stage) => config.stages[stage]);
    this.function = new PipelineFunction(this, "Function", {
      entry: fileURLToPath(new URL("../functions/lambda/replay.ts", import.meta.url)),
      description: "depeche replay: one object through clean, translate and analyze",
      memoryMb: Math.max(...stageConfigs.map((s) => s.memoryMb)),
      timeout: Duration.seconds(stageConfigs.reduce((sum, s) => sum + s.timeoutSeconds, 0)),
      environment: {
        ...props.environment,
        TRANSLATE_EVENT_SOURCE_MAPPING: translateMapping.eventSourceMappingId,
        ...(this.source ? { REPLAY_SOURCE_BUCKET: this.source.bucket } : {}),
        ...(terminology
          ? {
              [TERMINOLOGY_NAME_VARIABLE]: terminology.terminologyName,
              [GLOSSARY_NAME_VARIABLE]: terminology.glossary.name,
            }
          : {}),
      },
      bundleFiles: terminology ? { [BUNDLED_GLOSSARY_FILE]: terminology.csv } : undefined,
      logLevel: config.logLevel,
      logRemovalPolicy: props.logRemovalPolicy,
    });
    const allow = (actions: string[], resources: string[]) =>
      this.function.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions, resources }),
      );
    const readPrefixes = [
      PREFIX.incoming,
      PREFIX.enriched,
      PREFIX.failed,
      TRANSLATION_CACHE_PREFIX,
    ];
    allow(
      ["s3:GetObject"],
      readPrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
    );
    allow(
      ["s3:PutObject"],
      [PREFIX.enriched, PREFIX.failed, TRANSLATION_CACHE_PREFIX, REPLAY_PREFIX].map((prefix) =>
        bucket.arnForObjects(`${prefix}*`),
      ),
    );
    allow(["s3:DeleteObject"], [bucket.arnForObjects(`${PREFIX.failed}*`)]);
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["s3:ListBucket"],
        resources: [bucket.bucketArn],
        // A missing key then answers 404, not 403 (see PipelineStage.grantPrefixAccess).
        conditions: { StringLike: { "s3:prefix": readPrefixes.map((prefix) => `${prefix}*`) } },
      }),
    );
    if (archive && this.source) {
      allow(["s3:GetObject"], [archive.arnForObjects(`${this.source.prefix}*`)]);
    }
    // With a glossary, TranslateText on its terminology only, as for the translate stage.
    if (terminology) terminology.grantTranslate(this.function);
    else allow(["translate:TranslateText"], ["*"]);
    allow(comprehendActions(config), ["*"]);
    allow(["lambda:GetEventSourceMapping"], [translateMapping.eventSourceMappingArn]);
    NagSuppressions.addResourceSuppressions(
      this.function.role ?? this.function,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Object actions need object ARNs; `<prefix>*` is the narrowest pattern covering every " +
            "article the replay reads or writes, and only its prefixes are listed. Translate's " +
            "TranslateText and Comprehend's Batch* detect actions have no resource types, so IAM " +
            "accepts only Resource '*' for exactly those actions.",
          appliesTo: [
            "Resource::*",
            { regex: "/^Resource::<PipelineBucket[A-Za-z0-9]+\\.Arn>\\/.+\\*$/" },
            { regex: "/^Resource::arn:<AWS::Partition>:s3:::.+\\*$/" },
          ],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(this.function, [
      {
        id: "Serverless-LambdaDLQ",
        reason:
          "Step Functions invokes the function synchronously and retries it; an item whose every " +
          "attempt failed is a failed child execution in the map run's results (and a " +
          "RETRIES_EXHAUSTED failure record), so an asynchronous dead-letter queue would never fill.",
      },
    ]);

    // 2. The state machine and its role.
    const stateMachineName = `${stack.stackName}-replay`;
    const stateMachineArn = stack.formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const executionsArn = stack.formatArn({
      service: "states",
      resource: "execution",
      resourceName: `${stateMachineName}/*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const role = new Role(this, "StateMachineRole", {
      assumedBy: new ServicePrincipal("states.amazonaws.com"),
      description: "Role of the depeche replay state machine",
    });
    const roleAllow = (
      actions: string[],
      resources: string[],
      conditions?: Record<string, unknown>,
    ) =>
      role.addToPolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions, resources, conditions }),
      );
    roleAllow(
      ["lambda:InvokeFunction"],
      [this.function.functionArn, `${this.function.functionArn}:*`],
    );
    roleAllow(["s3:ListBucket"], [bucket.bucketArn], {
      StringLike: { "s3:prefix": [`${PREFIX.incoming}*`] },
    });
    if (archive && this.source) {
      roleAllow(["s3:ListBucket"], [archive.bucketArn], {
        StringLike: { "s3:prefix": [`${this.source.prefix}*`] },
      });
    }
    roleAllow(
      ["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
      [bucket.arnForObjects(`${REPLAY_PREFIX}*`)],
    );
    // A Distributed Map runs its items as child executions of this very state machine.
    roleAllow(["states:StartExecution"], [stateMachineArn]);
    roleAllow(["states:DescribeExecution", "states:StopExecution"], [executionsArn]);

    const logGroup = new LogGroup(this, "StateMachineLogs", {
      retention: LOG_RETENTION,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stateMachine = new StateMachine(this, "StateMachine", {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(
        stack.toJsonString(
          replayDefinition({
            functionArn: this.function.functionArn,
            resultBucket: bucket.bucketName,
            maxConcurrency: this.maxConcurrency,
            maxAttempts: config.maxReceiveCount,
          }),
        ),
      ),
      role,
      logs: { destination: logGroup, level: StatesLogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.addOutputs(bucket.bucketName);
    acknowledgeGuardRule(
      logGroup,
      "cloudwatch_log_group_retention_period_check",
      "Thirty days, as for the stage functions (LOG_RETENTION): a replay's durable record is its " +
        "replay/<execution>/ results and the enriched/ or failed/ document of every article.",
    );
    acknowledgeGuardRule(
      logGroup,
      "cloudwatch_log_group_encrypted_check",
      "CloudWatch Logs encrypts every log group at rest by default; execution data is not logged " +
        "(includeExecutionData: false), only state transitions and errors.",
    );
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Vended logs and X-Ray (added by CDK for logging and tracing) have no resource types, " +
            "so IAM accepts only '*'; `replay/*` is the results prefix the ResultWriter writes; " +
            "`:*` is the function's versions; `execution:<name>/*` are this machine's own child " +
            "executions, which a Distributed Map starts, describes and stops.",
          appliesTo: [
            "Resource::*",
            { regex: "/^Resource::<PipelineBucket[A-Za-z0-9]+\\.Arn>\\/replay\\/\\*$/" },
            { regex: "/^Resource::<ReplayFunction[A-Za-z0-9]+\\.Arn>:\\*$/" },
            {
              regex:
                "/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.+\\/\\*$/",
            },
          ],
        },
      ],
      true,
    );
  }

  /** How to start it: the ARN, and the depeche and AWS CLI lines for a replay of `incoming/`. */
  private addOutputs(bucketName: string): void {
    const arn = this.stateMachine.stateMachineArn;
    const input = JSON.stringify({ bucket: bucketName, prefix: PREFIX.incoming, force: false });
    new CfnOutput(this, "StateMachineArn", {
      description: "The replay state machine (docs/deploy.md, Backfill an archive).",
      value: arn,
    });
    new CfnOutput(this, "DepecheCommand", {
      description:
        "Price, then replay incoming/ (refuses above --max-usd); add --force to re-run up-to-date articles.",
      value:
        `npm run depeche -- replay s3://${bucketName}/${PREFIX.incoming} --execution-name replay-1 ` +
        `--state-machine ${arn} --cache-bucket ${bucketName} --estimate-first --max-usd 10`,
    });
    new CfnOutput(this, "StartCommand", {
      description: "The same replay with the AWS CLI (no estimate); results in replay/<name>/.",
      value:
        `aws stepfunctions start-execution --state-machine-arn ${arn} --name replay-1 ` +
        `--input '${input}'`,
    });
  }
}

/** S3 bucket naming rules: 3–63 lowercase letters, digits, dots and hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * `-c replaySourceBucket=<archive> [-c replaySourcePrefix=2024/]`: the one other bucket the
 * replay may read. Refused in one line when it is not a bucket name.
 */
function replaySourceFromContext(scope: Construct): ReplaySource | undefined {
  const bucket: unknown = scope.node.tryGetContext("replaySourceBucket");
  const prefix: unknown = scope.node.tryGetContext("replaySourcePrefix") ?? "";
  if (bucket === undefined) return undefined;
  if (typeof bucket !== "string" || !BUCKET_NAME.test(bucket)) {
    throw new Error(`replaySourceBucket must be an S3 bucket name, got ${JSON.stringify(bucket)}`);
  }
  if (typeof prefix !== "string" || prefix.startsWith("/")) {
    throw new Error(
      `replaySourcePrefix must be a key prefix without a leading "/", got ${JSON.stringify(prefix)}`,
    );
  }
  return { bucket, prefix };
}
