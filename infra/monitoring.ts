import { Duration, Stack } from "aws-cdk-lib";
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { type ITopic, Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import type { Stage } from "../functions/core/keys.js";
import {
  METRIC_NAMESPACE,
  METRICS,
  type MetricName,
  metricDimensions,
} from "../functions/core/metrics.js";
import type { PipelineStage } from "./pipeline-stage.js";
import { SOURCE_RETENTION } from "./pipeline-stage.js";

/**
 * SQS and Lambda publish one-minute datapoints; five minutes smooths a single slow poll
 * without delaying a page by more than a few minutes.
 */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * A message that has waited a day means a stage is stuck, paused or overwhelmed; with a week of
 * retention (`SOURCE_RETENTION`) six days remain to act. Asserted ≤ a quarter of retention.
 */
export const OLDEST_MESSAGE_ALARM_AGE = Duration.days(1);

/** A batch that took 80 % of its timeout is one slow call from being killed and re-delivered. */
export const NEAR_TIMEOUT_FRACTION = 0.8;

/**
 * Throttled TranslateText requests per period before we page: the SDK retries a few; a sustained
 * stream (three periods running) means the concurrency is above what the account is granted.
 */
export const TRANSLATE_THROTTLES_PER_PERIOD = 5;
export const TRANSLATE_THROTTLE_PERIODS = 3;

/**
 * A fifth of a stage's articles ending as failure records is no longer the odd bad scrape but a
 * broken source, a wrong setting or a bug; judged over 15 minutes and at least
 * `FAILURE_RATE_MIN_ARTICLES` articles, so one bad file in a quiet hour does not page.
 */
export const FAILURE_RATE_PERCENT = 20;
export const FAILURE_RATE_PERIOD = Duration.minutes(15);
export const FAILURE_RATE_MIN_ARTICLES = 10;

/** A pipeline metric of the contract (`functions/core/metrics.ts`), summed, for one stage. */
export function pipelineMetric(
  name: MetricName,
  stage: Stage,
  period: Duration = ALARM_PERIOD,
): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: metricDimensions(stage),
    period,
    statistic: Stats.SUM,
  });
}

/** The same metric with a legend naming its stage, for dashboard graphs. */
function legend(name: MetricName, stage: Stage): Metric {
  return pipelineMetric(name, stage).with({ label: `${stage}: ${METRICS[name].description}` });
}

export interface PipelineMonitoringProps {
  readonly stages: readonly PipelineStage[];
  /** An existing topic for every alarm; without it the stack creates its own. */
  readonly alarmTopicArn?: string | undefined;
  /** Subscribed to the stack's own topic (ignored with `alarmTopicArn`). */
  readonly alarmEmail?: string | undefined;
}

/**
 * Everything an operator is told and can look at: one alarm topic (the stack's own unless an
 * existing one is given), the queue / function / Translate alarms, each sending ALARM and OK to
 * the topic, and one dashboard of the whole pipeline. Plain CDK (ADR 0008).
 */
export class PipelineMonitoring extends Construct {
  readonly topic: ITopic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps) {
    super(scope, id);
    this.topic =
      props.alarmTopicArn === undefined
        ? this.ownTopic(props.alarmEmail)
        : Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn);
    this.action = new SnsAction(this.topic);

    this.dashboard = new Dashboard(this, "Dashboard", {
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          "# depeche pipeline\nincoming/ → clean → translate → analyze → enriched/ (failed/ for the rest). " +
          "Runbook: docs/deploy.md.",
        width: 24,
        height: 2,
      }),
    );

    for (const stage of props.stages) this.monitorStage(stage);
    this.monitorTranslateThrottling();
    this.drawPipelineMetrics(props.stages.map((stage) => stage.stage));
  }

  /** Adds an alarm whose ALARM and OK both reach the topic, and shows it on the dashboard. */
  addAlarm(alarm: Alarm): Alarm {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** The status of every alarm, as the last dashboard row (call once, after all alarms). */
  addAlarmStatusRow(): void {
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 24, height: 4 }),
    );
  }

  private ownTopic(email: string | undefined): Topic {
    const topic = new Topic(this, "AlarmTopic", {
      displayName: "depeche alarms",
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy, which replaces SNS's default one: say who may publish.
    const account = Stack.of(this).account;
    for (const service of ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]) {
      topic.addToResourcePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          principals: [new ServicePrincipal(service)],
          actions: ["sns:Publish"],
          resources: [topic.topicArn],
          conditions: { StringEquals: { "aws:SourceAccount": account } },
        }),
      );
    }
    if (email !== undefined) topic.addSubscription(new EmailSubscription(email));
    NagSuppressions.addResourceSuppressions(topic, [
      {
        id: "AwsSolutions-SNS2",
        reason:
          "The topic carries alarm and budget notices only (alarm names, metric values, the " +
          "resume command), never article text. CloudWatch alarms and AWS Budgets cannot publish " +
          "to a topic under the AWS-managed SNS key, and a customer-managed key would protect no data.",
      },
    ]);
    return topic;
  }

  private monitorStage(stage: PipelineStage): void {
    const name = stage.stage;
    const fn = stage.function;
    const timeoutMs = stage.config.timeoutSeconds * 1_000;
    const sqs = { period: ALARM_PERIOD };

    const oldest = stage.queue.metricApproximateAgeOfOldestMessage({
      ...sqs,
      statistic: Stats.MAXIMUM,
    });
    this.addAlarm(
      new Alarm(this, `${title(name)}OldestMessageAlarm`, {
        alarmDescription:
          `${name}: a message has waited over ${OLDEST_MESSAGE_ALARM_AGE.toHours()} h in the ${name} queue ` +
          `(kept ${SOURCE_RETENTION.toDays()} days, then lost): the stage is stuck, paused or overwhelmed (docs/deploy.md).`,
        metric: oldest,
        threshold: OLDEST_MESSAGE_ALARM_AGE.toSeconds(),
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // Redrive moves are not counted by NumberOfMessagesSent, so arrivals are read as a rise of
    // the visible count: DIFF > 0 alarms on every new dead letter, and OK the next period, so a
    // second incident notifies again even while the first letters still sit in the queue.
    const deadLetters = stage.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      ...sqs,
      statistic: Stats.MAXIMUM,
    });
    const arrivals = new MathExpression({
      expression: "DIFF(FILL(visible, 0))",
      usingMetrics: { visible: deadLetters },
      period: ALARM_PERIOD,
      label: `${name} dead letters arrived`,
    });
    this.addAlarm(
      new Alarm(this, `${title(name)}DeadLetterArrivalsAlarm`, {
        alarmDescription: `${name}: articles failed every attempt and reached the dead-letter queue (see failed/ and docs/deploy.md, "When something fails").`,
        metric: arrivals,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // Of the articles a stage finished, how many ended as failure records.
    const done = pipelineMetric("ArticlesSucceeded", name, FAILURE_RATE_PERIOD);
    const failed = pipelineMetric("ArticlesFailed", name, FAILURE_RATE_PERIOD);
    const failureRate = new MathExpression({
      expression: `IF((FILL(ok, 0) + FILL(failed, 0)) >= ${FAILURE_RATE_MIN_ARTICLES}, 100 * FILL(failed, 0) / (FILL(ok, 0) + FILL(failed, 0)), 0)`,
      usingMetrics: { ok: done, failed },
      period: FAILURE_RATE_PERIOD,
      label: `${name} failure rate (%)`,
    });
    this.addAlarm(
      new Alarm(this, `${title(name)}FailureRateAlarm`, {
        alarmDescription: `${name}: over ${FAILURE_RATE_PERCENT} % of at least ${FAILURE_RATE_MIN_ARTICLES} articles in ${FAILURE_RATE_PERIOD.toMinutes()} min ended as failed/<name>.json (the Code dimension of ArticlesFailed says why).`,
        metric: failureRate,
        threshold: FAILURE_RATE_PERCENT,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const throttles = fn.metricThrottles({ period: ALARM_PERIOD, statistic: Stats.SUM });
    this.addAlarm(
      new Alarm(this, `${title(name)}ThrottlesAlarm`, {
        alarmDescription: `${name}: Lambda throttled invocations (account concurrency exhausted?); throttled SQS batches count as receives toward the dead-letter queue.`,
        metric: throttles,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const errors = fn.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM });
    this.addAlarm(
      new Alarm(this, `${title(name)}ErrorsAlarm`, {
        alarmDescription: `${name}: the function crashed or timed out (the handler itself reports article failures, not errors).`,
        metric: errors,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const duration = fn.metricDuration({ period: ALARM_PERIOD, statistic: Stats.MAXIMUM });
    this.addAlarm(
      new Alarm(this, `${title(name)}NearTimeoutAlarm`, {
        alarmDescription: `${name}: a batch ran over ${NEAR_TIMEOUT_FRACTION * 100} % of the ${stage.config.timeoutSeconds} s timeout; raise ${name}TimeoutSeconds or lower ${name}BatchSize.`,
        metric: duration,
        threshold: NEAR_TIMEOUT_FRACTION * timeoutMs,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    this.dashboard.addWidgets(
      graph(`${name}: queue`, [
        stage.queue.metricApproximateNumberOfMessagesVisible({ ...sqs, statistic: Stats.MAXIMUM }),
        stage.queue.metricApproximateNumberOfMessagesNotVisible({
          ...sqs,
          statistic: Stats.MAXIMUM,
        }),
      ]),
      graph(`${name}: oldest message (s)`, [oldest], OLDEST_MESSAGE_ALARM_AGE.toSeconds()),
      graph(`${name}: dead letters`, [deadLetters]),
      graph(`${name}: invocations, errors, throttles`, [
        fn.metricInvocations({ period: ALARM_PERIOD, statistic: Stats.SUM }),
        errors,
        throttles,
      ]),
      graph(`${name}: duration (ms)`, [duration], NEAR_TIMEOUT_FRACTION * timeoutMs),
      graph(`${name}: concurrency`, [
        fn.metric("ConcurrentExecutions", { period: ALARM_PERIOD, statistic: Stats.MAXIMUM }),
      ]),
    );
  }

  /** What the pipeline did: articles per stage, characters and units billed, retries. */
  private drawPipelineMetrics(stages: readonly Stage[]): void {
    this.dashboard.addWidgets(
      graph(
        "Articles succeeded",
        stages.map((stage) => legend("ArticlesSucceeded", stage)),
      ),
      graph(
        "Articles failed (failed/)",
        stages.map((stage) => legend("ArticlesFailed", stage)),
      ),
      graph(
        "Articles retried / skipped",
        stages.flatMap((stage) => [
          legend("ArticlesRetried", stage),
          legend("ArticlesSkipped", stage),
        ]),
      ),
      graph("Translate characters: billed and cached", [
        legend("TranslateCharactersBilled", "translate"),
        legend("TranslateCharactersCached", "translate"),
      ]),
      graph("Comprehend units", [legend("ComprehendUnits", "analyze")]),
      graph(
        "Service requests and SDK retries",
        (["translate", "analyze"] as const).flatMap((stage) => [
          legend("ServiceRequests", stage),
          legend("ServiceRetries", stage),
        ]),
      ),
    );
  }

  private monitorTranslateThrottling(): void {
    const throttled = new Metric({
      namespace: "AWS/Translate",
      metricName: "ThrottledCount",
      dimensionsMap: { Operation: "TranslateText" },
      period: ALARM_PERIOD,
      statistic: Stats.SUM,
    });
    this.addAlarm(
      new Alarm(this, "TranslateThrottlingAlarm", {
        alarmDescription: `Amazon Translate throttled ≥ ${TRANSLATE_THROTTLES_PER_PERIOD} TranslateText requests per ${ALARM_PERIOD.toMinutes()} min for ${TRANSLATE_THROTTLE_PERIODS} periods (account-wide metric): lower translateMaxConcurrency or ask AWS for more.`,
        metric: throttled,
        threshold: TRANSLATE_THROTTLES_PER_PERIOD,
        evaluationPeriods: TRANSLATE_THROTTLE_PERIODS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.dashboard.addWidgets(
      graph("Amazon Translate: throttled requests", [throttled], TRANSLATE_THROTTLES_PER_PERIOD),
    );
  }
}

function graph(titleText: string, metrics: IMetric[], line?: number): GraphWidget {
  return new GraphWidget({
    title: titleText,
    left: metrics,
    width: 8,
    height: 5,
    ...(line === undefined ? {} : { leftAnnotations: [{ value: line, label: "alarm" }] }),
  });
}

function title(stage: string): string {
  return `${stage[0]?.toUpperCase() ?? ""}${stage.slice(1)}`;
}
