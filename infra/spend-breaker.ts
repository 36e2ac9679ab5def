import { fileURLToPath } from "node:url";
import { ArnFormat, Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { LambdaAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { resumeCommand } from "../functions/handlers/spend-breaker.js";
import type { LogLevel } from "./config.js";
import type { PipelineMonitoring } from "./monitoring.js";
import { PipelineFunction } from "./pipeline-function.js";
import type { PipelineStage } from "./pipeline-stage.js";

/** The window of the ceiling: characters sent in the last 24 hours (one alarm period). */
export const SPEND_WINDOW = Duration.days(1);

/** The breaker makes a handful of API calls; the smallest Lambda does it in well under a second. */
const BREAKER_MEMORY_MB = 128;
const BREAKER_TIMEOUT = Duration.seconds(30);

export interface SpendBreakerProps {
  /** The stages to pause: translate (spends) and analyze (spends on what translate wrote). */
  readonly paused: readonly PipelineStage[];
  /** Characters sent to Amazon Translate (summed over `SPEND_WINDOW`). */
  readonly translatedCharacters: Metric;
  readonly dailyCharacterCeiling: number;
  readonly monitoring: PipelineMonitoring;
  readonly logLevel: LogLevel;
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The spend circuit breaker: an alarm on the characters sent to Translate in the last 24 hours
 * whose action is a small Lambda that disables the translate and analyze event source mappings
 * (messages wait in their queues) and tells the alarm topic. Its role may update exactly those
 * mappings and publish to that topic, nothing else. Resumed by `resumeCommand`.
 */
export class SpendBreaker extends Construct {
  readonly function: PipelineFunction;
  readonly alarm: Alarm;
  /** The one command that resumes the paused stages (a stack output). */
  readonly resumeCommand: string;

  constructor(scope: Construct, id: string, props: SpendBreakerProps) {
    super(scope, id);
    const mappings = props.paused.map((stage) => stage.eventSource);
    const topic: ITopic = props.monitoring.topic;
    // Named here, not by CloudFormation: the breaker reads the alarm's state on resume, and the
    // alarm's action is the breaker (a reference each way would be a dependency cycle).
    const alarmName = `${Stack.of(this).stackName}-TranslateDailyCharacters`;

    this.function = new PipelineFunction(this, "Function", {
      entry: fileURLToPath(new URL("../functions/lambda/spend-breaker.ts", import.meta.url)),
      description: "depeche spend breaker: pauses translate and analyze over the daily ceiling",
      memoryMb: BREAKER_MEMORY_MB,
      timeout: BREAKER_TIMEOUT,
      environment: {
        EVENT_SOURCE_MAPPING_IDS: mappings.map((m) => m.eventSourceMappingId).join(","),
        ALARM_TOPIC_ARN: topic.topicArn,
        TRANSLATE_DAILY_CHARACTER_CEILING: String(props.dailyCharacterCeiling),
        CEILING_ALARM_NAME: alarmName,
      },
      logLevel: props.logLevel,
      logRemovalPolicy: props.logRemovalPolicy,
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["lambda:UpdateEventSourceMapping"],
        resources: mappings.map((m) => m.eventSourceMappingArn),
      }),
    );
    // A resume reads the ceiling alarm's state (refused while it is in ALARM), that alarm only.
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["cloudwatch:DescribeAlarms"],
        resources: [
          Stack.of(this).formatArn({
            service: "cloudwatch",
            resource: "alarm",
            resourceName: alarmName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    topic.grantPublish(this.function);
    NagSuppressions.addResourceSuppressions(this.function, [
      {
        id: "Serverless-LambdaDLQ",
        reason:
          "The alarm invokes the breaker asynchronously and Lambda retries it twice; should every " +
          "attempt fail, the same alarm's SNS action has already told the topic that the ceiling " +
          "was crossed, so a failed pause is never silent. A queue nobody reads would add nothing.",
      },
    ]);

    this.alarm = props.monitoring.addAlarm(
      new Alarm(this, "DailyCharactersAlarm", {
        alarmName,
        alarmDescription:
          `Over ${props.dailyCharacterCeiling.toLocaleString("en-US")} characters sent to Amazon ` +
          "Translate in 24 hours: the spend breaker paused translate and analyze (resume: the " +
          "ResumeCommand stack output, refused while this alarm is in ALARM; lift: " +
          "-c translateDailyCharacterCeiling=...).",
        metric: props.translatedCharacters.with({ period: SPEND_WINDOW, statistic: "Sum" }),
        threshold: props.dailyCharacterCeiling,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.alarm.addAlarmAction(new LambdaAction(this.function));
    this.resumeCommand = resumeCommand(this.function.functionName);
  }
}
