import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SNSClient } from "@aws-sdk/client-sns";
import { CloudWatchCeilingAlarm } from "../adapters/aws/cloudwatch-ceiling-alarm.js";
import { LambdaEventSourceSwitch } from "../adapters/aws/lambda-event-source-switch.js";
import { SnsNotifier } from "../adapters/aws/sns-notifier.js";
import { createSpendBreakerHandler } from "../handlers/spend-breaker.js";

// Composition root of the spend breaker (infra/spend-breaker.ts sets every variable).
const required = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is required`);
  return value;
};

export const handler = createSpendBreakerHandler({
  mappingIds: required("EVENT_SOURCE_MAPPING_IDS").split(","),
  eventSources: new LambdaEventSourceSwitch(new LambdaClient({})),
  notifier: new SnsNotifier(new SNSClient({}), required("ALARM_TOPIC_ARN")),
  alarm: new CloudWatchCeilingAlarm(new CloudWatchClient({}), required("CEILING_ALARM_NAME")),
  functionName: required("AWS_LAMBDA_FUNCTION_NAME"),
  dailyCharacterCeiling: Number(required("TRANSLATE_DAILY_CHARACTER_CEILING")),
});
