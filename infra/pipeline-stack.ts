import { fileURLToPath } from "node:url";
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import { PREFIX, STAGE_TRIGGERS, type Stage, stageAccess } from "../functions/core/keys.js";
import { SERVICE_NAME } from "../functions/core/metrics.js";
import { settingsEnvironment } from "../functions/core/settings.js";
import { grantBedrockModel } from "./bedrock-access.js";
import { SpendBudget } from "./budget.js";
import { comprehendActions } from "./comprehend-access.js";
import { assertValidConfig, DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from "./config.js";
import { acknowledgeGuardRule } from "./guard-acknowledgement.js";
import { PipelineMonitoring, pipelineMetric } from "./monitoring.js";
import { PipelineStage, type PipelineStageProps, type PrefixAccess } from "./pipeline-stage.js";
import { addServiceRegionRule } from "./region-rule.js";
import { Replay } from "./replay.js";
import { SpendBreaker } from "./spend-breaker.js";
import {
  BUNDLED_GLOSSARY_FILE,
  GLOSSARY_NAME_VARIABLE,
  TERMINOLOGY_NAME_VARIABLE,
  TranslateTerminology,
} from "./terminology.js";

/** The seed article the stack outputs use in their ready-to-paste commands. */
const SAMPLE_ARTICLE = "000_26c99712ce6ead19.txt";

/**
 * Intermediate documents (`clean/`, `english/`) can be rebuilt from `incoming/` by dropping the
 * article again; a month leaves time to inspect or replay a stage, then they stop costing.
 */
const INTERMEDIATE_EXPIRATION = Duration.days(30);

/**
 * The translation cache saves money only when a paragraph comes back (re-dropped or corrected
 * articles, retries, shared boilerplate); after a quarter that is rare, so entries go.
 */
const CACHE_EXPIRATION = Duration.days(90);

/** Overwritten results stay recoverable for a month (that is what versioning is for here). */
const NONCURRENT_VERSION_EXPIRATION = Duration.days(30);

/** An upload that has not completed in a week never will; its parts still cost. */
const INCOMPLETE_UPLOAD_EXPIRATION = Duration.days(7);

/** Access logs answer "who wrote this object?" for a quarter. */
const ACCESS_LOG_EXPIRATION = Duration.days(90);

export interface PipelineStackProps extends StackProps {
  /** Defaults to `DEFAULT_PIPELINE_CONFIG`; the app builds it from CDK context. */
  readonly config?: PipelineConfig;
}

/**
 * The whole pipeline in one bucket:
 *   incoming/<name> -> clean -> clean/<name>.json -> translate -> english/<name>.json
 *                   -> analyze -> enriched/<name>.json       (any stage ↘ failed/<name>.json)
 * Each arrow is an S3 notification (filtered by prefix/suffix) -> SQS (+ DLQ) -> Lambda.
 * Outputs (`enriched/`, `failed/`, `cache/`) match no notification filter, so nothing loops.
 */
export class PipelineStack extends Stack {
  readonly bucket: Bucket;
  readonly stages: Readonly<Record<Stage, PipelineStage>>;
  readonly monitoring: PipelineMonitoring;
  readonly spendBreaker: SpendBreaker;

  constructor(scope: Construct, id: string, props: PipelineStackProps = {}) {
    super(scope, id, props);
    const config = assertValidConfig(props.config ?? DEFAULT_PIPELINE_CONFIG);
    // Results are data: the buckets and logs outlive `cdk destroy` unless this is a dev stack.
    const removalPolicy = config.destroyable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    const accessLogs = new Bucket(this, "AccessLogsBucket", {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: "expire-access-logs", expiration: ACCESS_LOG_EXPIRATION }],
      removalPolicy,
      autoDeleteObjects: config.destroyable,
    });
    // No S1 finding to suppress: cdk-nag accepts a bucket that is another bucket's log target.

    this.bucket = new Bucket(this, "PipelineBucket", {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "pipeline-bucket/",
      lifecycleRules: pipelineLifecycleRules(),
      removalPolicy,
      autoDeleteObjects: config.destroyable,
    });

    const environment = {
      BUCKET_NAME: this.bucket.bucketName,
      ...settingsEnvironment(config),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_LOG_LEVEL: config.logLevel,
    };
    const terminology =
      config.glossary === undefined
        ? undefined
        : new TranslateTerminology(this, "Terminology", {
            file: config.glossary,
            sourceLanguage: config.sourceLanguage,
            targetLanguage: config.targetLanguage,
          });
    const stage = (
      name: Stage,
      description: string,
      access: PrefixAccess,
      serviceActions?: PipelineStageProps["serviceActions"],
      extra: Pick<PipelineStageProps, "bundleFiles" | "environment"> = { environment: {} },
    ): PipelineStage =>
      new PipelineStage(this, stageId(name), {
        stage: name,
        bucket: this.bucket,
        trigger: triggerFilter(name),
        access,
        serviceActions,
        entry: fileURLToPath(new URL(`../functions/lambda/${name}.ts`, import.meta.url)),
        description,
        config: config.stages[name],
        maxReceiveCount: config.maxReceiveCount,
        environment: { ...environment, ...extra.environment },
        bundleFiles: extra.bundleFiles,
        logLevel: config.logLevel,
        logRemovalPolicy: removalPolicy,
      });

    // What each stage may read, write and delete comes from the stage table (`stageAccess` in
    // functions/core/keys.ts): its input, its own output and failed/ (the handler HEADs them to
    // skip work already done and to delete only failure records that exist), the upload.
    this.stages = {
      clean: stage(
        "clean",
        "depeche clean: incoming/<name> -> clean/<name>.json",
        stageAccess("clean"),
      ),
      translate: stage(
        "translate",
        "depeche translate: clean/<name>.json -> english/<name>.json",
        stageAccess("translate"),
        // With a glossary, TranslateText is granted on its terminology only (below).
        terminology === undefined
          ? {
              actions: ["translate:TranslateText"],
              reason:
                "translate:TranslateText without a custom terminology names no resource, so IAM " +
                "accepts only Resource '*' (Service Authorization Reference, Amazon Translate); " +
                "the statement grants that single action.",
            }
          : undefined,
        terminology === undefined
          ? undefined
          : {
              environment: {
                [TERMINOLOGY_NAME_VARIABLE]: terminology.terminologyName,
                [GLOSSARY_NAME_VARIABLE]: terminology.glossary.name,
              },
              bundleFiles: { [BUNDLED_GLOSSARY_FILE]: terminology.csv },
            },
      ),
      analyze: stage(
        "analyze",
        "depeche analyze: english/<name>.json -> enriched/<name>.json",
        stageAccess("analyze"),
        {
          actions: comprehendActions(config),
          reason:
            "Comprehend's built-in Batch* detect actions have no resource types, so IAM accepts " +
            "only Resource '*' (Service Authorization Reference, Amazon Comprehend); the " +
            "statement grants exactly the actions the analyze stage calls (comprehendFeatures of the settings).",
        },
      ),
    };

    acknowledgeBucketGuardRules(this.bucket, accessLogs);
    addServiceRegionRule(this);
    this.monitoring = new PipelineMonitoring(this, "Monitoring", {
      stages: Object.values(this.stages),
      alarmTopicArn: config.alarmTopicArn,
      alarmEmail: config.alarmEmail,
    });
    this.spendBreaker = new SpendBreaker(this, "SpendBreaker", {
      paused: [this.stages.translate, this.stages.analyze],
      translatedCharacters: pipelineMetric("TranslateCharactersBilled", "translate"),
      dailyCharacterCeiling: config.translateDailyCharacterCeiling,
      monitoring: this.monitoring,
      logLevel: config.logLevel,
      logRemovalPolicy: removalPolicy,
    });
    this.monitoring.addAlarmStatusRow();
    new SpendBudget(this, "Budget", {
      monthlyBudgetUsd: config.monthlyBudgetUsd,
      topic: this.monitoring.topic,
    });

    if (terminology !== undefined) terminology.grantTranslate(this.stages.translate.function);
    const replay = new Replay(this, "Replay", {
      bucket: this.bucket,
      stages: this.stages,
      config,
      environment,
      logRemovalPolicy: removalPolicy,
      terminology,
    });
    // The generative summariser: InvokeModel on the configured model only, for the two functions
    // that run the analyze stage (its Lambda and the replay worker); none by default.
    if (config.summarizer === "bedrock" && config.bedrockModelId !== undefined) {
      grantBedrockModel(this.stages.analyze.function, config.bedrockModelId, this.stages.analyze);
      grantBedrockModel(replay.function, config.bedrockModelId, replay);
    }

    this.suppressCdkInternals();
    this.addOutputs();
  }

  /**
   * The one CDK-provided function in the stack: the handler that writes the bucket's
   * notification configuration during deployments.
   */
  private suppressCdkInternals(): void {
    for (const child of this.node.children) {
      if (!child.node.id.startsWith("BucketNotificationsHandler")) continue;
      acknowledgeGuardRule(
        child,
        "lambda_inside_vpc_check",
        "CDK's BucketNotificationsHandler runs only during deployments and calls only the S3 " +
          "API (PutBucketNotificationConfiguration); there is nothing private to reach.",
      );
      NagSuppressions.addResourceSuppressions(
        child,
        [
          {
            id: "AwsSolutions-IAM4",
            reason:
              "CDK's BucketNotificationsHandler runs only during deployments; the managed " +
              "AWSLambdaBasicExecutionRole lets it write its own logs, and its one other " +
              "permission is s3:PutBucketNotification on the pipeline bucket.",
            appliesTo: [
              "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            ],
          },
        ],
        true,
      );
    }
  }

  private addOutputs(): void {
    const bucket = this.bucket.bucketName;
    new CfnOutput(this, "BucketName", {
      description: "The pipeline bucket: drop articles into incoming/, read enriched/.",
      value: bucket,
    });
    new CfnOutput(this, "UploadCommand", {
      description: "Drop a seed article into the pipeline (run from the repository root).",
      value: `aws s3 cp seeds/${SAMPLE_ARTICLE} s3://${bucket}/${PREFIX.incoming}`,
    });
    new CfnOutput(this, "ListEnrichedCommand", {
      description: "List the enriched results.",
      value: `aws s3 ls s3://${bucket}/${PREFIX.enriched}`,
    });
    new CfnOutput(this, "ReadEnrichedCommand", {
      description: "Print the enriched JSON of the seed article (about a minute after upload).",
      value: `aws s3 cp s3://${bucket}/${PREFIX.enriched}${SAMPLE_ARTICLE}.json -`,
    });
    new CfnOutput(this, "ResumeCommand", {
      description: "Resume translate and analyze after the spend breaker paused them.",
      value: this.spendBreaker.resumeCommand,
    });
    new CfnOutput(this, "DashboardName", {
      description: "The CloudWatch dashboard of the whole pipeline.",
      value: this.monitoring.dashboard.dashboardName,
    });
    for (const [name, stage] of Object.entries(this.stages)) {
      new CfnOutput(this, `${stageId(name as Stage)}FunctionName`, {
        description: `The ${name} Lambda (emergency stop: see docs/deploy.md).`,
        value: stage.function.functionName,
      });
      new CfnOutput(this, `${stageId(name as Stage)}DeadLetterQueueArn`, {
        description: `Where ${name} parks articles that failed every attempt (redrive: docs/deploy.md).`,
        value: stage.deadLetterQueue.queueArn,
      });
    }
  }
}

function stageId(stage: Stage): string {
  return `${stage[0]?.toUpperCase() ?? ""}${stage.slice(1)}Stage`;
}

function triggerFilter(stage: Stage): { prefix: string; suffix?: string } {
  const { prefix, suffix } = STAGE_TRIGGERS[stage];
  return suffix === "" ? { prefix } : { prefix, suffix };
}

/** cfn-guard's S3 controls that this design answers differently, each with the reason. */
function acknowledgeBucketGuardRules(pipeline: Bucket, accessLogs: Bucket): void {
  const sseS3 =
    "SSE-S3 encrypts every object at rest; the bucket holds news articles and their " +
    "enrichment, access is bounded by per-prefix IAM grants, and SSE-KMS would add a KMS call " +
    "per object read or written by four principals without separating any duty.";
  acknowledgeGuardRule(pipeline, "s3_bucket_default_encryption_kms_check", sseS3);
  acknowledgeGuardRule(
    accessLogs,
    "s3_bucket_default_encryption_kms_check",
    "S3 server access logging delivers only to buckets encrypted with SSE-S3 (S3 User Guide, " +
      "server access logging requirements), so this bucket cannot use SSE-KMS.",
  );
  acknowledgeGuardRule(
    pipeline,
    "s3_bucket_object_lock_enabled_check",
    "The pipeline overwrites its outputs idempotently, deletes stale failure records and " +
      "expires intermediates by lifecycle; Object Lock would forbid all three. Versioning " +
      "keeps overwritten results for 30 days instead.",
  );
  acknowledgeGuardRule(
    accessLogs,
    "s3_bucket_object_lock_enabled_check",
    "Access logs expire after 90 days by lifecycle, which Object Lock would block; only the S3 " +
      "logging service writes here.",
  );
  acknowledgeGuardRule(
    pipeline,
    "s3_event_notifications_enabled_check",
    "The bucket's notifications (one per stage, to its SQS queue) are written by CDK's " +
      "Custom::S3BucketNotifications resource, not the bucket's NotificationConfiguration " +
      "property that the rule reads; test/infra/pipeline-stack.test.ts asserts them.",
  );
  acknowledgeGuardRule(
    accessLogs,
    "s3_event_notifications_enabled_check",
    "Nothing reacts to an access log being written; they are read on demand when auditing.",
  );
  acknowledgeGuardRule(
    accessLogs,
    "s3_bucket_versioning_enabled_check",
    "Log objects are written once by S3 and never overwritten; versioning would only keep " +
      "expired logs longer.",
  );
  acknowledgeGuardRule(
    accessLogs,
    "s3_bucket_logging_enabled_check",
    "This is the access-log target itself; logging it into itself would log every log write, " +
      "without end.",
  );
}

function pipelineLifecycleRules(): LifecycleRule[] {
  return [
    { id: "expire-clean", prefix: PREFIX.clean, expiration: INTERMEDIATE_EXPIRATION },
    { id: "expire-english", prefix: PREFIX.english, expiration: INTERMEDIATE_EXPIRATION },
    { id: "expire-cache", prefix: PREFIX.cache, expiration: CACHE_EXPIRATION },
    {
      id: "tidy-versions",
      noncurrentVersionExpiration: NONCURRENT_VERSION_EXPIRATION,
      abortIncompleteMultipartUploadAfter: INCOMPLETE_UPLOAD_EXPIRATION,
      expiredObjectDeleteMarker: true,
    },
  ];
}
