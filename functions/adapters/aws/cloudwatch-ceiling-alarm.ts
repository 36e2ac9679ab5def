import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { CeilingAlarm } from "../../handlers/spend-breaker.js";

/** `CeilingAlarm` on CloudWatch's DescribeAlarms for one metric alarm, named at deploy time. */
export class CloudWatchCeilingAlarm implements CeilingAlarm {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly alarmName: string,
  ) {}

  async state(): Promise<"OK" | "ALARM" | "INSUFFICIENT_DATA"> {
    const output = await this.client.send(
      new DescribeAlarmsCommand({ AlarmNames: [this.alarmName], AlarmTypes: ["MetricAlarm"] }),
    );
    const alarm = output.MetricAlarms?.[0];
    // A missing alarm is a broken deployment, not an open door: say which alarm.
    if (alarm?.StateValue === undefined) throw new Error(`alarm ${this.alarmName} not found`);
    return alarm.StateValue;
  }
}
