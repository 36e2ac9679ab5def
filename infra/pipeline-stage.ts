import { Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  Stats,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import {
  type Bucket,
  type CfnBucket,
  EventType,
  type NotificationKeyFilter,
} from "aws-cdk-lib/aws-s3";
import { SqsDestination } from "aws-cdk-lib/aws-s3-notifications";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import type { Stage } from "../functions/core/keys.js";
import type { LogLevel, StageConfig } from "./config.js";
import { PipelineFunction } from "./pipeline-function.js";

/**
 * AWS guidance for SQS → Lambda: the queue's visibility timeout is at least six times the
 * function timeout, so a message is not redelivered while a throttled, retrying invocation may
 * still be working on it.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * SQS's maximum. A redriven message keeps its original enqueue time, so the dead-letter queue
 * must retain longer than the source queue (4 days by default) or messages expire on arrival;
 * two weeks also covers a holiday before someone reads the alarm.
 */
const DEAD_LETTER_RETENTION = Duration.days(14);

/** One-minute datapoints: an article in a dead-letter queue raises the alarm within minutes. */
const ALARM_PERIOD = Duration.minutes(1);

/** Which object keys a stage may touch. Each entry is a key prefix such as `clean/`. */
export interface PrefixAccess {
  /** `s3:GetObject` on these prefixes, and `s3:ListBucket` limited to them. */
  readonly read: readonly string[];
  /** `s3:PutObject` on these prefixes. */
  readonly write: readonly string[];
  /** `s3:DeleteObject` on these prefixes (a stale failure record after a success). */
  readonly delete: readonly string[];
}

export interface PipelineStageProps {
  readonly stage: Stage;
  readonly bucket: Bucket;
  /** The objects whose creation feeds this stage. */
  readonly trigger: NotificationKeyFilter;
  readonly access: PrefixAccess;
  /**
   * Actions on services without resource-level permissions (Translate, Comprehend), granted on
   * `*`, with the reason that goes into the cdk-nag suppression.
   */
  readonly serviceActions?: { readonly actions: readonly string[]; readonly reason: string };
  readonly entry: string;
  readonly description: string;
  readonly config: StageConfig;
  readonly maxReceiveCount: number;
  /** Environment shared by every stage; the stage adds MAX_RECEIVE_COUNT itself. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logLevel: LogLevel;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly alarmAction?: IAlarmAction | undefined;
}

/**
 * One pipeline stage: bucket notification → encrypted queue (with a dead-letter queue and an
 * alarm on it) → Lambda, plus exactly the S3 and service permissions the stage uses.
 */
export class PipelineStage extends Construct {
  readonly function: PipelineFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: PipelineStageProps) {
    super(scope, id);
    const { config } = props;
    const timeout = Duration.seconds(config.timeoutSeconds);

    this.deadLetterQueue = new Queue(this, "DeadLetterQueue", {
      // SSE-SQS, not the AWS-managed KMS key: S3 cannot use that key to send notifications.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    this.queue = new Queue(this, "Queue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(config.timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });

    this.function = new PipelineFunction(this, "Function", {
      entry: props.entry,
      description: props.description,
      memoryMb: config.memoryMb,
      timeout,
      environment: {
        ...props.environment,
        // The handler writes the failure record on the last delivery, so it must know this.
        MAX_RECEIVE_COUNT: String(props.maxReceiveCount),
      },
      logLevel: props.logLevel,
      logRemovalPolicy: props.logRemovalPolicy,
    });
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: config.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: config.maxConcurrency,
      }),
    );
    props.bucket.addEventNotification(
      EventType.OBJECT_CREATED,
      new SqsDestination(this.queue),
      props.trigger,
    );

    this.grantPrefixAccess(props.bucket, props.access);
    if (props.serviceActions !== undefined) this.grantServiceActions(props.serviceActions);

    this.deadLetterAlarm = new Alarm(this, "DeadLetterAlarm", {
      alarmDescription: `${props.stage}: an article failed ${props.maxReceiveCount} times and sits in the dead-letter queue (see failed/ and docs/deploy.md)`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // An empty, idle queue publishes no datapoints; that is the healthy state.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmAction !== undefined) this.deadLetterAlarm.addAlarmAction(props.alarmAction);
  }

  /**
   * Explicit object actions per prefix (no `s3:GetObject*`-style wildcards), and `s3:ListBucket`
   * limited by `s3:prefix` to what the stage reads: with it, reading a missing key answers 404
   * instead of 403, which the translation cache uses to tell a miss from a denial. S3 evaluates
   * that implicit list check with the requested key as `s3:prefix`.
   */
  private grantPrefixAccess(bucket: Bucket, access: PrefixAccess): void {
    const objects = (prefixes: readonly string[]) =>
      prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    const grants: ReadonlyArray<readonly [string, readonly string[]]> = [
      ["s3:GetObject", access.read],
      ["s3:PutObject", access.write],
      ["s3:DeleteObject", access.delete],
    ];
    for (const [action, prefixes] of grants) {
      if (prefixes.length === 0) continue;
      this.function.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [action],
          resources: objects(prefixes),
        }),
      );
    }
    if (access.read.length > 0) {
      this.function.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ["s3:ListBucket"],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { "s3:prefix": access.read.map((prefix) => `${prefix}*`) } },
        }),
      );
    }

    const bucketId = Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket);
    const prefixes = [...new Set([...access.read, ...access.write, ...access.delete])];
    NagSuppressions.addResourceSuppressions(
      this.function.role ?? this.function,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Object actions need object ARNs; `<prefix>*` is the narrowest pattern that still " +
            "covers every article the stage reads or writes, and only the stage's own prefixes " +
            "are listed (explicit actions, no action wildcards).",
          appliesTo: prefixes.map((prefix) => `Resource::<${bucketId}.Arn>/${prefix}*`),
        },
      ],
      true,
    );
  }

  private grantServiceActions(grant: NonNullable<PipelineStageProps["serviceActions"]>): void {
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...grant.actions],
        resources: ["*"],
      }),
    );
    NagSuppressions.addResourceSuppressions(
      this.function.role ?? this.function,
      [{ id: "AwsSolutions-IAM5", reason: grant.reason, appliesTo: ["Resource::*"] }],
      true,
    );
  }
}
