import { Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import {
  type Bucket,
  type CfnBucket,
  EventType,
  type NotificationKeyFilter,
} from "aws-cdk-lib/aws-s3";
import { Queue, QueueEncryption, RedrivePermission } from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import type { Stage } from "../functions/core/keys.js";
import type { LogLevel, StageConfig } from "./config.js";
import { PipelineFunction } from "./pipeline-function.js";
import { SourceBoundQueueDestination } from "./source-bound-queue-destination.js";

/**
 * AWS guidance for SQS → Lambda: the queue's visibility timeout is at least six times the
 * function timeout, so a message is not redelivered while a throttled, retrying invocation may
 * still be working on it.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * SQS's maximum. SQS counts a dead letter's expiry from its ORIGINAL enqueue time, so a message
 * dead-lettered after d days in the source queue has 14 − d days left here.
 */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * Source queues keep messages a week (SQS's default is 4 days): a backlog of a year of archives
 * or a pipeline paused by the spend breaker survives a week, and the oldest-message alarm
 * (infra/monitoring.ts) fires long before. Shorter than the dead-letter retention, so even a
 * message dead-lettered on its last source day still has 7 days in its dead-letter queue.
 */
export const SOURCE_RETENTION = Duration.days(7);

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
  /** Extra files in the Lambda bundle, next to `index.mjs` (name → content). */
  readonly bundleFiles?: Readonly<Record<string, string>> | undefined;
  readonly description: string;
  readonly config: StageConfig;
  readonly maxReceiveCount: number;
  /** Environment shared by every stage; the stage adds MAX_RECEIVE_COUNT itself. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logLevel: LogLevel;
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * One pipeline stage: bucket notification → encrypted queue (with a dead-letter queue) → Lambda,
 * plus exactly the S3 and service permissions the stage uses. Its alarms live in
 * `infra/monitoring.ts`.
 */
export class PipelineStage extends Construct {
  readonly stage: Stage;
  readonly config: StageConfig;
  readonly function: PipelineFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** The queue → function mapping, which the spend breaker disables and enables. */
  readonly eventSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: PipelineStageProps) {
    super(scope, id);
    const { config } = props;
    this.stage = props.stage;
    this.config = config;
    const timeout = Duration.seconds(config.timeoutSeconds);

    this.deadLetterQueue = new Queue(this, "DeadLetterQueue", {
      // SSE-SQS, not the AWS-managed KMS key: S3 cannot use that key to send notifications.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      // Marks the queue as a dead-letter queue (SQS's default, stated): any queue of the account
      // may redrive into it. Naming the source queue would make the two queues reference each
      // other, a cycle CloudFormation refuses.
      redriveAllowPolicy: { redrivePermission: RedrivePermission.ALLOW_ALL },
    });
    this.queue = new Queue(this, "Queue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(config.timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR),
      retentionPeriod: SOURCE_RETENTION,
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
      bundleFiles: props.bundleFiles,
    });
    this.eventSource = new SqsEventSource(this.queue, {
      batchSize: config.batchSize,
      ...(config.batchWindowSeconds > 0
        ? { maxBatchingWindow: Duration.seconds(config.batchWindowSeconds) }
        : {}),
      reportBatchItemFailures: true,
      maxConcurrency: config.maxConcurrency,
    });
    this.function.addEventSource(this.eventSource);
    props.bucket.addEventNotification(
      EventType.OBJECT_CREATED,
      new SourceBoundQueueDestination(this.queue),
      props.trigger,
    );

    this.suppressServerlessFindings();
    this.grantPrefixAccess(props.bucket, props.access);
    if (props.serviceActions !== undefined) this.grantServiceActions(props.serviceActions);
  }

  /** Serverless-pack rules that ask for what SQS → Lambda already does another way. */
  private suppressServerlessFindings(): void {
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      {
        id: "Serverless-SQSRedrivePolicy",
        reason:
          "This queue IS the stage's dead-letter queue: nothing consumes it, so a redrive policy " +
          "would never fire; an alarm on its arrivals pages someone (infra/monitoring.ts).",
      },
    ]);
    NagSuppressions.addResourceSuppressions(this.function, [
      {
        id: "Serverless-LambdaDLQ",
        reason:
          "The function is invoked synchronously by its SQS event source mapping, never " +
          "asynchronously, so Lambda's DeadLetterConfig would never receive anything; failed " +
          "messages reach the queue's own dead-letter queue through its redrive policy.",
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      this.function,
      [
        {
          id: "Serverless-LambdaEventSourceMappingDestination",
          reason:
            "On-failure destinations exist for stream and Kafka sources only; an SQS event source " +
            "hands failed messages back to the queue, whose redrive policy dead-letters them.",
        },
      ],
      true,
    );
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
