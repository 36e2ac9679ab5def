import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type StateValue,
} from "@aws-sdk/client-cloudwatch";
import {
  LambdaClient,
  ResourceConflictException,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { CloudWatchCeilingAlarm } from "../../functions/adapters/aws/cloudwatch-ceiling-alarm.js";
import { LambdaEventSourceSwitch } from "../../functions/adapters/aws/lambda-event-source-switch.js";
import { SnsNotifier } from "../../functions/adapters/aws/sns-notifier.js";
import {
  type AlarmStateChangeEvent,
  createSpendBreakerHandler,
  resumeCommand,
} from "../../functions/handlers/spend-breaker.js";

const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const ALARM_NAME = "Depeche-TranslateDailyCharacters";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:depeche-alarms";
const MAPPINGS = ["translate-uuid", "analyze-uuid"];

const handler = createSpendBreakerHandler({
  mappingIds: MAPPINGS,
  eventSources: new LambdaEventSourceSwitch(new LambdaClient({})),
  notifier: new SnsNotifier(new SNSClient({}), TOPIC),
  alarm: new CloudWatchCeilingAlarm(new CloudWatchClient({}), ALARM_NAME),
  functionName: "Depeche-SpendBreaker",
  dailyCharacterCeiling: 10_000_000,
});

const alarm = (value: string): AlarmStateChangeEvent => ({
  source: "aws.cloudwatch",
  alarmData: {
    alarmName: ALARM_NAME,
    state: { value, reason: "Threshold Crossed: 1 datapoint [10250000.0] >= 10000000.0" },
  },
});

/** The ceiling alarm's state as DescribeAlarms answers it, for that alarm only. */
function alarmIs(state: StateValue): void {
  cloudwatch
    .on(DescribeAlarmsCommand, { AlarmNames: [ALARM_NAME] })
    .resolves({ MetricAlarms: [{ AlarmName: ALARM_NAME, StateValue: state }] });
}

const enabledFlags = (): Array<[string | undefined, boolean | undefined]> =>
  lambda
    .commandCalls(UpdateEventSourceMappingCommand)
    .map((call) => [call.args[0].input.UUID, call.args[0].input.Enabled]);

describe("spend breaker", () => {
  beforeEach(() => {
    lambda.reset();
    sns.reset();
    cloudwatch.reset();
    alarmIs("OK");
    lambda.on(UpdateEventSourceMappingCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  });

  it("pauses both mappings and tells the topic how to resume when the alarm fires", async () => {
    const result = await handler(alarm("ALARM"));

    expect(result).toEqual({ action: "paused", mappings: MAPPINGS });
    expect(enabledFlags()).toEqual([
      ["translate-uuid", false],
      ["analyze-uuid", false],
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const message = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(message?.TopicArn).toBe(TOPIC);
    expect(message?.Subject).toContain("paused");
    expect(message?.Message).toContain("10,000,000 characters");
    expect(message?.Message).toContain(resumeCommand("Depeche-SpendBreaker"));
    expect(message?.Message).toContain("nothing is lost");
  });

  it("changes nothing when the alarm returns to OK (resuming is an operator's decision)", async () => {
    expect(await handler(alarm("OK"))).toEqual({ action: "ignored", mappings: [] });
    expect(lambda).not.toHaveReceivedCommand(UpdateEventSourceMappingCommand);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it("re-enables both mappings on the documented resume payload and says so", async () => {
    const result = await handler({ action: "resume" });

    expect(result.action).toBe("resumed");
    expect(enabledFlags()).toEqual([
      ["translate-uuid", true],
      ["analyze-uuid", true],
    ]);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBe("depeche resumed");
  });

  it("refuses a resume while the ceiling alarm is in ALARM, saying how to lift it or force it", async () => {
    alarmIs("ALARM");

    const result = await handler({ action: "resume" });

    expect(result.action).toBe("refused");
    expect(result.reason).toContain("still over 10,000,000 Translate characters");
    expect(result.reason).toContain("translateDailyCharacterCeiling");
    expect(result.reason).toContain(resumeCommand("Depeche-SpendBreaker", { force: true }));
    // Nothing switched, nothing announced
    expect(lambda).not.toHaveReceivedCommand(UpdateEventSourceMappingCommand);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: [ALARM_NAME],
    });
  });

  it("resumes past the ceiling with force, and tells the topic that no ceiling applies", async () => {
    alarmIs("ALARM");

    const result = await handler({ action: "resume", force: true });

    expect(result.action).toBe("resumed");
    expect(enabledFlags()).toEqual([
      ["translate-uuid", true],
      ["analyze-uuid", true],
    ]);
    const notice = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(notice?.Subject).toBe("depeche resumed past the spend ceiling");
    expect(notice?.Message).toContain("No ceiling applies");
  });

  it("fails the resume when the ceiling alarm cannot be read (never resumes blind)", async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });

    await expect(handler({ action: "resume" })).rejects.toThrow(`alarm ${ALARM_NAME} not found`);
    expect(lambda).not.toHaveReceivedCommand(UpdateEventSourceMappingCommand);
  });

  it("fails the invocation (for the asynchronous retry) when a mapping cannot be updated", async () => {
    lambda
      .on(UpdateEventSourceMappingCommand, { UUID: "analyze-uuid" })
      .rejects(new ResourceConflictException({ message: "busy", $metadata: {} }));

    await expect(handler(alarm("ALARM"))).rejects.toThrow("busy");
    // Nothing claims "paused" while one stage still runs.
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it("prints a resume command that sends exactly the resume payload", () => {
    const command = resumeCommand("fn");
    const payload = /--payload '([^']+)'/.exec(command)?.[1];
    expect(JSON.parse(payload ?? "null")).toEqual({ action: "resume" });
    expect(command).toContain("--function-name fn");
    const forced = /--payload '([^']+)'/.exec(resumeCommand("fn", { force: true }))?.[1];
    expect(JSON.parse(forced ?? "null")).toEqual({ action: "resume", force: true });
  });
});
