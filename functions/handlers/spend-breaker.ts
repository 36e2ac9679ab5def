/**
 * The spend circuit breaker: when the daily Translate-character alarm goes to ALARM it pauses
 * the translate and analyze event source mappings (their messages wait in the queues, kept for
 * the source retention, nothing is lost or dead-lettered) and says so on the alarm topic. An
 * operator resumes with one command, `resumeCommand(functionName)`.
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

/** What an operator sends: `{"action":"resume"}` (or `"pause"` to stop by hand). */
export interface OperatorEvent {
  readonly action: "resume" | "pause";
}

export type SpendBreakerEvent = AlarmStateChangeEvent | OperatorEvent;

export interface SpendBreakerResult {
  readonly action: "paused" | "resumed" | "ignored";
  readonly mappings: readonly string[];
}

export interface SpendBreakerDependencies {
  /** UUIDs of the mappings to pause: translate's and analyze's (never clean's). */
  readonly mappingIds: readonly string[];
  readonly eventSources: EventSourceSwitch;
  readonly notifier: OperatorNotifier;
  /** The breaker's own function name, for the resume command in the notice. */
  readonly functionName: string;
  /** The ceiling, for the notice. */
  readonly dailyCharacterCeiling: number;
}

/** The one documented command that resumes a tripped pipeline (printed as a stack output too). */
export function resumeCommand(functionName: string): string {
  return (
    `aws lambda invoke --function-name ${functionName} --cli-binary-format raw-in-base64-out ` +
    `--payload '{"action":"resume"}' /dev/stdout`
  );
}

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
          "Lift the ceiling for good: npx cdk deploy -c translateDailyCharacterCeiling=<characters> (docs/deploy.md).",
        ].join("\n"),
      );
      return { action: "paused", mappings: deps.mappingIds };
    }
    await deps.notifier.notify(
      "depeche resumed",
      "The translate and analyze stages consume their queues again (resumed by an operator).",
    );
    return { action: "resumed", mappings: deps.mappingIds };
  };
}
