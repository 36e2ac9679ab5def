import { describe, expect, it } from "vitest";
import { STAGES, type Stage } from "../../functions/core/keys.js";
import { METRIC_NAMESPACE, metricDimensions } from "../../functions/core/metrics.js";
import {
  DEFAULT_TRANSLATE_DAILY_CHARACTER_CEILING,
  InvalidPipelineConfigError,
} from "../../infra/config.js";
import {
  FAILURE_RATE_PERCENT,
  NEAR_TIMEOUT_FRACTION,
  OLDEST_MESSAGE_ALARM_AGE,
} from "../../infra/monitoring.js";
import { TRANSLATE_AND_COMPREHEND_REGIONS } from "../../infra/region-rule.js";
import { type CfnResourceJson, pipelineApp, synthPipeline } from "./pipeline-fixture.js";

type Json = Record<string, unknown>;
const pipeline = synthPipeline();
const { resources, stack, template } = pipeline;
const ofType = (type: string): Array<[string, CfnResourceJson]> =>
  Object.entries(resources).filter(([, r]) => r.Type === type);
const props = (id: string): Json => resources[id]?.Properties ?? {};
const refId = (value: unknown): string | undefined => {
  const json = value as { Ref?: string; "Fn::GetAtt"?: [string, string] } | undefined;
  return json?.Ref ?? json?.["Fn::GetAtt"]?.[0];
};
const alarms = ofType("AWS::CloudWatch::Alarm");
/** The event source mapping that feeds a function. */
const mappingOf = (functionId: string): string | undefined =>
  ofType("AWS::Lambda::EventSourceMapping").find(
    ([, m]) => refId(m.Properties?.FunctionName) === functionId,
  )?.[0];
const ids = (stage: Stage) => ({
  function: pipeline.logicalId(stack.stages[stage].function),
  queue: pipeline.logicalId(stack.stages[stage].queue),
  deadLetterQueue: pipeline.logicalId(stack.stages[stage].deadLetterQueue),
  mapping: mappingOf(pipeline.logicalId(stack.stages[stage].function)),
});
/** Alarms on a plain metric of `namespace`/`name` whose dimension `dim` refers to `target`. */
const alarmsOn = (namespace: string, name: string, target: string): Json[] =>
  alarms
    .map(([, a]) => a.Properties ?? {})
    .filter(
      (p) =>
        p.Namespace === namespace &&
        p.MetricName === name &&
        (p.Dimensions as Array<{ Value: unknown }> | undefined)?.some(
          (d) => refId(d.Value) === target,
        ),
    );
/** The statements of a policy resource (empty when there is none). */
const statementsIn = (resource: CfnResourceJson | undefined): Json[] =>
  (resource?.Properties?.PolicyDocument as { Statement?: Json[] } | undefined)?.Statement ?? [];
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const topicId = ofType("AWS::SNS::Topic")[0]?.[0] ?? "";

describe("operations: alarms reach someone", () => {
  it("creates its own alarm topic when none is given, and every alarm sends ALARM and OK to it", () => {
    expect(ofType("AWS::SNS::Topic")).toHaveLength(1);
    expect(alarms.length).toBeGreaterThanOrEqual(5 * STAGES.length + 2);
    for (const [id, alarm] of alarms) {
      const actions = (alarm.Properties?.AlarmActions ?? []) as unknown[];
      expect(actions.map(refId), id).toContain(topicId);
      expect(((alarm.Properties?.OKActions ?? []) as unknown[]).map(refId), id).toEqual([topicId]);
    }
  });

  it("subscribes the e-mail address given as context, and only then", () => {
    template.resourceCountIs("AWS::SNS::Subscription", 0);
    const withEmail = synthPipeline({ alarmEmail: "ops@example.org" });
    withEmail.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.org",
    });
    expect(() => pipelineApp({ alarmEmail: "not-an-address" })).toThrow(/alarmEmail/);
  });

  it("lets CloudWatch and AWS Budgets publish to the topic, for this account only", () => {
    const policy = ofType("AWS::SNS::TopicPolicy")[0]?.[1];
    const statements = statementsIn(policy);
    for (const service of ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]) {
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: "Allow",
          Principal: { Service: service },
          Action: "sns:Publish",
          Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
        }),
      );
    }
  });
});

describe("operations: no silent loss", () => {
  it("alarms on each source queue's oldest message well before its retention runs out", () => {
    for (const stage of STAGES) {
      const retention = props(ids(stage).queue).MessageRetentionPeriod as number;
      const [alarm, ...others] = alarmsOn(
        "AWS/SQS",
        "ApproximateAgeOfOldestMessage",
        ids(stage).queue,
      );
      expect(others).toEqual([]);
      expect(alarm?.Threshold).toBe(OLDEST_MESSAGE_ALARM_AGE.toSeconds());
      expect(alarm?.Threshold as number).toBeLessThanOrEqual(retention / 4);
    }
  });

  it("alarms on dead-letter ARRIVALS (a rise of the visible count), not on the count", () => {
    for (const stage of STAGES) {
      const arrivals = alarms
        .map(([, a]) => a.Properties ?? {})
        .filter((p) =>
          (p.Metrics as Json[] | undefined)?.some((m) =>
            (
              (m.MetricStat as { Metric?: { Dimensions?: Array<{ Value: unknown }> } })?.Metric
                ?.Dimensions ?? []
            ).some((d) => refId(d.Value) === ids(stage).deadLetterQueue),
          ),
        );
      expect(arrivals).toHaveLength(1);
      const metrics = arrivals[0]?.Metrics as Json[];
      expect(metrics.find((m) => m.ReturnData !== false)?.Expression).toMatch(/^DIFF\(/);
      expect(arrivals[0]).toMatchObject({
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
      });
    }
  });
});

/** `{ Name, Value }` dimensions as published by the stages, for a template comparison. */
const dimensionsOf = (stage: Stage) =>
  Object.entries(metricDimensions(stage))
    .map(([Name, Value]) => ({ Name, Value }))
    .sort((a, b) => a.Name.localeCompare(b.Name));
const sortedDimensions = (metric: Json | undefined) =>
  [...((metric?.Dimensions ?? []) as Array<{ Name: string }>)].sort((a, b) =>
    a.Name.localeCompare(b.Name),
  );

describe("operations: pipeline metrics (functions/core/metrics.ts)", () => {
  it("alarms on each stage's failure rate, from the published metric names and dimensions", () => {
    for (const stage of STAGES) {
      const matching = alarms
        .map(([, a]) => a.Properties ?? {})
        .filter((p) =>
          listOf(p.Metrics).some((m) => {
            const metric = ((m as Json).MetricStat as Json | undefined)?.Metric as Json | undefined;
            return (
              metric?.MetricName === "ArticlesFailed" &&
              JSON.stringify(sortedDimensions(metric)) === JSON.stringify(dimensionsOf(stage))
            );
          }),
        );
      expect(matching, stage).toHaveLength(1);
      const metrics = listOf(matching[0]?.Metrics) as Json[];
      const names = metrics.map(
        (m) => ((m.MetricStat as Json | undefined)?.Metric as Json | undefined)?.MetricName,
      );
      expect(names).toContain("ArticlesSucceeded");
      for (const m of metrics.filter((x) => x.MetricStat !== undefined)) {
        expect(((m.MetricStat as Json).Metric as Json).Namespace).toBe(METRIC_NAMESPACE);
      }
      expect(matching[0]?.Threshold).toBe(FAILURE_RATE_PERCENT);
    }
  });
});

describe("operations: functions", () => {
  it("traces the three stage functions actively", () => {
    for (const stage of STAGES) {
      expect(props(ids(stage).function).TracingConfig).toEqual({ Mode: "Active" });
    }
  });

  it("alarms on throttles, errors and a duration near the timeout of every stage", () => {
    for (const stage of STAGES) {
      const fn = ids(stage).function;
      const timeoutMs = (props(fn).Timeout as number) * 1_000;
      expect(alarmsOn("AWS/Lambda", "Throttles", fn)).toHaveLength(1);
      expect(alarmsOn("AWS/Lambda", "Errors", fn)).toHaveLength(1);
      const [duration] = alarmsOn("AWS/Lambda", "Duration", fn);
      expect(duration).toMatchObject({ Statistic: "Maximum" });
      expect(duration?.Threshold).toBe(NEAR_TIMEOUT_FRACTION * timeoutMs);
      expect(duration?.Threshold as number).toBeLessThan(timeoutMs);
    }
  });

  it("alarms on sustained Amazon Translate throttling", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Translate",
      MetricName: "ThrottledCount",
      Dimensions: [{ Name: "Operation", Value: "TranslateText" }],
    });
  });

  it("draws one dashboard of every queue, dead-letter queue and function", () => {
    const dashboards = ofType("AWS::CloudWatch::Dashboard");
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.[1].Properties?.DashboardBody);
    for (const stage of STAGES) {
      for (const id of [ids(stage).queue, ids(stage).deadLetterQueue, ids(stage).function]) {
        expect(body, `${stage}: ${id}`).toContain(id);
      }
    }
  });
});

describe("operations: guards", () => {
  it("refuses, by a template rule, every Region without both Translate and Comprehend", () => {
    const rules = (template.toJSON().Rules ?? {}) as Record<string, Json>;
    const [rule] = Object.values(rules);
    const assertion = listOf(rule?.Assertions)[0] as { Assert: Json } | undefined;
    const [regions, region] = listOf(assertion?.Assert["Fn::Contains"]) as [string[], unknown];
    expect(region).toEqual({ Ref: "AWS::Region" });
    expect(regions).toEqual([...TRANSLATE_AND_COMPREHEND_REGIONS]);
    expect(regions).toContain("eu-west-1");
    expect(regions).not.toContain("eu-west-3"); // Paris: Translate, but no Comprehend
  });

  it("lets S3 send to each queue only for this bucket AND this account", () => {
    const bucketArn = { "Fn::GetAtt": [pipeline.logicalId(stack.bucket), "Arn"] };
    for (const stage of STAGES) {
      const policy = ofType("AWS::SQS::QueuePolicy").find(([, p]) =>
        listOf(p.Properties?.Queues).some((q) => refId(q) === ids(stage).queue),
      )?.[1];
      const statements = statementsIn(policy);
      const fromS3 = statements.filter(
        (s) => (s.Principal as Json | undefined)?.Service === "s3.amazonaws.com",
      );
      expect(fromS3).toHaveLength(1);
      expect(fromS3[0]?.Condition).toEqual({
        ArnLike: { "aws:SourceArn": bucketArn },
        StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
      });
    }
  });
});

describe("operations: spend", () => {
  const breakerRole = pipeline.logicalId(stack.spendBreaker.function.role as never);
  const breakerStatements = ofType("AWS::IAM::Policy")
    .filter(([, p]) => listOf(p.Properties?.Roles).some((r) => refId(r) === breakerRole))
    .flatMap(([, p]) => statementsIn(p));

  it("has a monthly budget that notifies the alarm topic", () => {
    const [[, budget] = ["", { Type: "" }]] = ofType("AWS::Budgets::Budget");
    const notifications = listOf(budget.Properties?.NotificationsWithSubscribers) as Json[];
    expect(notifications.length).toBeGreaterThan(0);
    for (const n of notifications) {
      expect(n.Subscribers).toEqual([{ SubscriptionType: "SNS", Address: { Ref: topicId } }]);
    }
  });

  it("trips the breaker on the characters sent to Translate in 24 hours, at the ceiling", () => {
    const alarm = props(pipeline.logicalId(stack.spendBreaker.alarm));
    expect(alarm).toMatchObject({
      Period: 86_400,
      Statistic: "Sum",
      Threshold: DEFAULT_TRANSLATE_DAILY_CHARACTER_CEILING,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(alarm).toMatchObject({
      Namespace: METRIC_NAMESPACE,
      MetricName: "TranslateCharactersBilled",
    });
    expect(sortedDimensions(alarm)).toEqual(dimensionsOf("translate"));
    const actions = listOf(alarm.AlarmActions).map(refId);
    expect(actions).toContain(topicId);
    expect(actions).toContain(pipeline.logicalId(stack.spendBreaker.function));
  });

  it("lets the breaker update only the translate and analyze mappings, and publish to the topic", () => {
    const updates = breakerStatements.filter((s) => s.Action === "lambda:UpdateEventSourceMapping");
    expect(updates).toHaveLength(1);
    const mappingIds = listOf(updates[0]?.Resource).map(
      (r) => JSON.stringify(r).match(/"Ref":"(\w+)"/)?.[1],
    );
    expect(mappingIds.sort()).toEqual([ids("analyze").mapping, ids("translate").mapping].sort());
    const actions = breakerStatements.flatMap((s) =>
      Array.isArray(s.Action) ? s.Action : [s.Action],
    );
    expect(new Set(actions)).toEqual(
      new Set([
        "lambda:UpdateEventSourceMapping",
        "cloudwatch:DescribeAlarms",
        "sns:Publish",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
      ]),
    );
  });

  it("lets the breaker read the state of its own alarm and no other", () => {
    const reads = breakerStatements.filter((s) => s.Action === "cloudwatch:DescribeAlarms");
    expect(reads).toHaveLength(1);
    const alarm = props(pipeline.logicalId(stack.spendBreaker.alarm));
    const env = (props(pipeline.logicalId(stack.spendBreaker.function)).Environment as Json)
      .Variables as Json;
    expect(env.CEILING_ALARM_NAME).toBe(alarm.AlarmName);
    expect(JSON.stringify(reads[0]?.Resource)).toContain(`:alarm:${String(alarm.AlarmName)}`);
    expect(JSON.stringify(reads[0]?.Resource)).not.toContain("*");
  });

  it("tells the breaker which mappings to pause and prints the resume command", () => {
    const env = (props(pipeline.logicalId(stack.spendBreaker.function)).Environment as Json)
      .Variables as Json;
    const listed = JSON.stringify(env.EVENT_SOURCE_MAPPING_IDS);
    expect(listed).toContain(ids("translate").mapping);
    expect(listed).toContain(ids("analyze").mapping);
    expect(listed).not.toContain(ids("clean").mapping);
    expect(JSON.stringify(template.toJSON().Outputs.ResumeCommand)).toContain(
      '{\\"action\\":\\"resume\\"}',
    );
  });

  it("takes the ceiling from context and refuses one that is not a positive integer", () => {
    const lifted = synthPipeline({ translateDailyCharacterCeiling: "50000000" });
    const alarm = lifted.resources[lifted.logicalId(lifted.stack.spendBreaker.alarm)];
    expect(alarm?.Properties?.Threshold).toBe(50_000_000);
    expect(() => pipelineApp({ translateDailyCharacterCeiling: "0" })).toThrow(
      InvalidPipelineConfigError,
    );
    expect(() => pipelineApp({ translateDailyCharacterCeiling: "lots" })).toThrow(
      /translateDailyCharacterCeiling must be an integer/,
    );
  });
});
