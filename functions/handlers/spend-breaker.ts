/**
 * The spend circuit breaker: when the daily Translate-character alarm goes to ALARM it pauses
 * the translate and analyze event source mappings (their messages wait in the queues, kept for
 * the source retention, nothing is lost or dead-lettered) and says so on the alarm topic. An
 * operator resumes with one command, `resumeCommand(functionName)`.
 *
 * The alarm acts on a change of state only: resumed while the last 24 hours are still over the
 * ceiling, the stages would spend with no ceiling at all until the alarm has returned to OK and
 * crosses again. So a resume is refused while the alarm is in ALARM, with the two ways out in
 * the answer: lift the ceiling (a deploy: the alarm is evaluated against the new threshold), or
 * `{"action":"resume","force":true}` to spend past it knowingly (said on the topic).
 */

/** Turns one Lambda event source mapping on or off. */
export interface EventSourceSwitch {
  setEnabled(mappingId: string, enabled: boolean): Promise<void>;
}

/** Publishes one notice to the operators' topic. */
export interface OperatorNotifier {
  notify(subject: string, message: string): Promise<void>;
}

/** What CloudWatch sends a Lambda alarm action (only the fields the breaker reads). */
export interface AlarmStateChangeEvent {
  readonly source: "aws.cloudwatch";
  readonly alarmData: {
    readonly alarmName: string;
    readonly state: { readonly value: string; readonly reason?: string };
  };
}

/**
 * What an operator sends: `{"action":"resume"}` (or `"pause"` to stop by hand); `force` resumes
 * even while the ceiling alarm is in ALARM.
 */
export interface OperatorEvent {
  readonly action: "resume" | "pause";
  readonly force?: boolean;
}

/** The state of the ceiling alarm now (CloudWatch's `StateValue`). */
export interface CeilingAlarm {
  state(): Promise<"OK" | "ALARM" | "INSUFFICIENT_DATA">;
}

export type SpendBreakerEvent = AlarmStateChangeEvent | OperatorEvent;

export interface SpendBreakerResult {
  readonly action: "paused" | "resumed" | "refused" | "ignored";
  readonly mappings: readonly string[];
  /** Why a resume was refused, and what to do instead (what `aws lambda invoke` prints). */
  readonly reason?: string;
}

export interface SpendBreakerDependencies {
  /** UUIDs of the mappings to pause: translate's and analyze's (never clean's). */
  readonly mappingIds: readonly string[];
  readonly eventSources: EventSourceSwitch;
  readonly notifier: OperatorNotifier;
  readonly alarm: CeilingAlarm;
  /** The breaker's own function name, for the resume command in the notice. */
  readonly functionName: string;
  /** The ceiling, for the notice. */
  readonly dailyCharacterCeiling: number;
}

/** The one documented command that resumes a tripped pipeline (printed as a stack output too). */
export function resumeCommand(functionName: string, options: { force?: boolean } = {}): string {
  const payload = options.force ? '{"action":"resume","force":true}' : '{"action":"resume"}';
  return (
    `aws lambda invoke --function-name ${functionName} --cli-binary-format raw-in-base64-out ` +
    `--payload '${payload}' /dev/stdout`
  );
}

/** The command that lifts the ceiling for good (a deploy). */
const LIFT_COMMAND =
  "npx cdk deploy -c translateDailyCharacterCeiling=<characters> (docs/deploy.md)";

export function isAlarmEvent(event: SpendBreakerEvent): event is AlarmStateChangeEvent {
  return (event as AlarmStateChangeEvent).source === "aws.cloudwatch";
}

export function createSpendBreakerHandler(
  deps: SpendBreakerDependencies,
): (event: SpendBreakerEvent) => Promise<SpendBreakerResult> {
  const setAll = async (enabled: boolean): Promise<void> => {
    // Sequential and all-or-throw: a failed call fails the invocation, which CloudWatch's
    // asynchronous invoke retries; switching an already switched mapping is harmless.
    for (const id of deps.mappingIds) await deps.eventSources.setEnabled(id, enabled);
  };
  const ceiling = deps.dailyCharacterCeiling.toLocaleString("en-US");

  return async (event) => {
    const pause = isAlarmEvent(event)
      ? event.alarmData.state.value === "ALARM"
      : event.action === "pause";
    const resume = !isAlarmEvent(event) && event.action === "resume";
    if (!pause && !resume) return { action: "ignored", mappings: [] };
    const forced = !isAlarmEvent(event) && event.force === true;
    if (resume && !forced && (await deps.alarm.state()) === "ALARM") {
      return {
        action: "refused",
        mappings: [],
        reason:
          `The last 24 hours are still over ${ceiling} Translate characters: resumed now, the ` +
          "stages would spend with no ceiling until the alarm returns to OK. Lift the ceiling: " +
          `${LIFT_COMMAND}; or resume past it knowingly: ${resumeCommand(deps.functionName, { force: true })}`,
      };
    }

    await setAll(!pause);
    if (pause) {
      const why = isAlarmEvent(event)
        ? `alarm ${event.alarmData.alarmName}: ${event.alarmData.state.reason ?? "ALARM"}`
        : "paused by an operator";
      await deps.notifier.notify(
        "depeche paused: daily Translate ceiling crossed",
        [
          `More than ${ceiling} characters were sent to Amazon Translate in the last 24 hours (${why}).`,
          "The translate and analyze stages are paused: their messages wait in the queues; nothing is lost.",
          `Resume: ${resumeCommand(deps.functionName)}`,
          `Resuming is refused while the last 24 hours are over the ceiling. Lift it: ${LIFT_COMMAND}.`,
        ].join("\n"),
      );
      return { action: "paused", mappings: deps.mappingIds };
    }
    await deps.notifier.notify(
      forced ? "depeche resumed past the spend ceiling" : "depeche resumed",
      forced
        ? `The translate and analyze stages consume their queues again (resumed by an operator with force). No ceiling applies until the last 24 hours fall below ${ceiling} characters; the breaker trips again when they next cross it.`
        : "The translate and analyze stages consume their queues again (resumed by an operator).",
    );
    return { action: "resumed", mappings: deps.mappingIds };
  };
}
