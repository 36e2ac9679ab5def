import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { OperatorNotifier } from "../../handlers/spend-breaker.js";

/** SNS caps a subject at 100 characters. */
const SUBJECT_MAX = 100;

/** `OperatorNotifier` on an SNS topic (the stack's alarm topic). */
export class SnsNotifier implements OperatorNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(subject: string, message: string): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subject.slice(0, SUBJECT_MAX),
        Message: message,
      }),
    );
  }
}
