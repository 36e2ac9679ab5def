import { STAGES } from "../../functions/core/keys.js";
import { InvalidSettingsError } from "../../functions/core/settings.js";
import { CONTEXT_SETTINGS, configFromContext, type PipelineConfig } from "../../infra/config.js";
import {
  DEFAULT_SERVICE_TIMES,
  DEFAULT_WORKLOAD,
  type PipelineModel,
  pipelineModel,
  type ServiceTimes,
  type SimulationResult,
  simulate,
  type Workload,
} from "./model.js";

/** A bad command line: one line, exit 1. */
export class SimulateUsageError extends Error {
  override readonly name = "SimulateUsageError";
}

/** Sweeping this name sets every stage's `maxConcurrency` (AWS accepts 2 at least). */
export const ALL_STAGES_CONCURRENCY = "maxConcurrency";
/** `ScalingConfig.MaximumConcurrency`'s minimum: lower values are modelled, not deployable. */
const AWS_MIN_CONCURRENCY = 2;
/** More runs than this in one sweep is a typo, not a plan (each is ~2 s at N = 100,000). */
const MAX_SWEEP_POINTS = 50;

export interface SimulateOptions {
  readonly context: Readonly<Record<string, string>>;
  readonly workload: Workload;
  readonly times: ServiceTimes;
  readonly seed: number;
  readonly sweep?: { readonly name: string; readonly values: readonly number[] } | undefined;
}

/** `a=1,b=2` → `{ a: "1", b: "2" }`; an empty string is no pairs. */
export function parsePairs(text: string | undefined, flag: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  if (text === undefined || text.trim() === "") return pairs;
  for (const part of text.split(",")) {
    const match = /^\s*([A-Za-z][\w]*)\s*=\s*(\S+)\s*$/.exec(part);
    if (match === null)
      throw new SimulateUsageError(`${flag} expects key=value[,key=value], got "${part}"`);
    pairs[match[1] as string] = match[2] as string;
  }
  return pairs;
}

/** `1..20` or `1,2,5` → integers; `name` must be a context key or `maxConcurrency`. */
export function parseSweep(text: string): { name: string; values: number[] } {
  const match = /^([A-Za-z]\w*)=(.+)$/.exec(text.trim());
  if (match === null)
    throw new SimulateUsageError(`--sweep expects name=a..b or name=a,b,c, got "${text}"`);
  const name = match[1] as string;
  const spec = match[2] as string;
  if (name !== ALL_STAGES_CONCURRENCY && !(name in CONTEXT_SETTINGS)) {
    throw new SimulateUsageError(
      `--sweep: unknown setting "${name}" (a CDK context key of infra/config.ts, or ${ALL_STAGES_CONCURRENCY})`,
    );
  }
  const range = /^(\d+)\.\.(\d+)$/.exec(spec);
  const values = range
    ? Array.from(
        { length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) },
        (_, i) => Number(range[1]) + i,
      )
    : spec.split(",").map((v) => (/^\d+$/.test(v.trim()) ? Number(v) : Number.NaN));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v))) {
    throw new SimulateUsageError(
      `--sweep ${name}: values must be integers as a..b (a ≤ b) or a,b,c, got "${spec}"`,
    );
  }
  if (values.length > MAX_SWEEP_POINTS) {
    throw new SimulateUsageError(
      `--sweep ${name}: at most ${MAX_SWEEP_POINTS} values, got ${values.length}`,
    );
  }
  return { name, values };
}

/** Overrides of a numeric record by name; unknown names and non-numbers are refused. */
export function overrideNumbers<T extends object>(
  base: T,
  pairs: Readonly<Record<string, string>>,
  flag: string,
): T {
  const result: Record<string, number> = { ...(base as Record<string, number>) };
  for (const [key, text] of Object.entries(pairs)) {
    if (!(key in result)) {
      throw new SimulateUsageError(
        `${flag}: unknown key "${key}" (known: ${Object.keys(result).join(", ")})`,
      );
    }
    const value = text === "never" ? Number.POSITIVE_INFINITY : Number(text);
    if (Number.isNaN(value) || value < 0) {
      throw new SimulateUsageError(
        `${flag} ${key} must be a number ≥ 0 (or "never"), got "${text}"`,
      );
    }
    result[key] = value;
  }
  return result as T;
}

/** The stack's configuration with CDK-context overrides, checked with the stack's own bounds. */
export function configWith(context: Readonly<Record<string, string>>): PipelineConfig {
  try {
    return configFromContext((key) => context[key]);
  } catch (error) {
    if (error instanceof InvalidSettingsError) throw new SimulateUsageError(error.message);
    throw error;
  }
}

/** One point of a sweep (or the single run): the model with `name` set to `value`. */
export function modelFor(options: SimulateOptions, name?: string, value?: number): PipelineModel {
  if (name === undefined || value === undefined) return pipelineModel(configWith(options.context));
  if (name !== ALL_STAGES_CONCURRENCY) {
    return pipelineModel(configWith({ ...options.context, [name]: String(value) }));
  }
  if (value < 1) throw new SimulateUsageError(`--sweep ${name}: values must be ≥ 1, got ${value}`);
  const model = pipelineModel(configWith(options.context));
  const stages = Object.fromEntries(
    STAGES.map((stage) => [stage, { ...model.stages[stage], maxConcurrency: value }]),
  ) as PipelineModel["stages"];
  return { ...model, stages };
}

export function runSimulation(options: SimulateOptions): string {
  if (options.sweep === undefined) {
    const model = modelFor(options);
    return formatRun(
      model,
      simulate(model, options.workload, options.times, options.seed),
      options,
    );
  }
  const { name, values } = options.sweep;
  const rows = values.map((value) => {
    const model = modelFor(options, name, value);
    return { value, result: simulate(model, options.workload, options.times, options.seed) };
  });
  return formatSweep(name, rows, options);
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const hours = (seconds: number): string => (seconds / 3_600).toFixed(1);
const usd = (n: number): string =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function describeWorkload(options: SimulateOptions): string {
  const w = options.workload;
  const resume = Number.isFinite(w.resumeAfterHours)
    ? `${w.resumeAfterHours} h after a trip (with force: a plain resume is refused while the day is over the ceiling)`
    : "never";
  return (
    `${int(w.uploads)} uploads over ${w.uploadHours} h (median ${int(w.medianCleanChars)} clean characters, ` +
    `${w.htmlShare * 100} % HTML, ${w.badInputShare * 100} % not articles, ${w.englishShare * 100} % English), seed ${options.seed}; ` +
    `Translate throttling ${w.throttleRate * 100} % of attempts, ${w.burstThrottleRate * 100} % for ${w.burstHours} h from hour ${w.burstStartHours}, ` +
    `account quota ${w.translateTps} TPS; operator resumes the breaker ${resume}`
  );
}

export function formatRun(
  model: PipelineModel,
  r: SimulationResult,
  options: SimulateOptions,
): string {
  const settings =
    Object.keys(options.context).length === 0 ? "stack defaults" : JSON.stringify(options.context);
  const stageRows = STAGES.map((stage) => {
    const s = model.stages[stage];
    const o = r.stages[stage];
    return [
      stage,
      String(s.maxConcurrency),
      String(s.batchSize),
      `${s.timeoutSeconds} s`,
      `${s.visibilitySeconds} s`,
      `${hours(model.sourceRetentionSeconds)} h`,
      int(o.invocations),
      int(o.timeouts),
      `${hours(o.maxAgeSeconds)} h`,
    ];
  });
  const maxAge = Math.max(...STAGES.map((stage) => r.stages[stage].maxAgeSeconds));
  const lines = [
    `depeche scale model (${settings}): ${describeWorkload(options)}`,
    "",
    table(
      [
        "stage",
        "max concurrency",
        "batch",
        "timeout",
        "visibility",
        "retention",
        "invocations",
        "timeouts",
        "oldest message",
      ],
      stageRows,
    ),
    "",
    table(
      ["figure", "value"],
      [
        ["drain time", `${hours(r.drainSeconds)} h`],
        [
          "oldest message, max",
          `${hours(maxAge)} h (retention ${hours(r.sourceRetentionSeconds)} h, alarm at ${hours(r.oldestMessageAlarmSeconds)} h)`,
        ],
        ["articles enriched", int(r.enriched)],
        ["articles failed (failed/ record)", int(r.failed)],
        ["articles dead-lettered (failed/ record + DLQ)", int(r.deadLettered)],
        ["articles lost (expired, no record)", int(r.lost)],
        [
          "accounted for",
          `${int(r.enriched + r.failed + r.deadLettered + r.lost)} of ${int(r.uploads)}`,
        ],
        ["Translate characters", int(r.translateCharacters)],
        ["Translate spend", usd(r.translateUsd)],
        [
          "Translate attempts (throttled)",
          `${int(r.translateRequests)} (${int(r.translateThrottled)})`,
        ],
        ["Comprehend throttled attempts", int(r.comprehendThrottled)],
        [
          "breaker trips (paused)",
          `${r.breakerTrips} (${hours(r.pausedSeconds)} h; ceiling ${int(model.dailyCharacterCeiling)} characters / ${hours(model.spendWindowSeconds)} h)`,
        ],
      ],
    ),
  ];
  return lines.join("\n");
}

export function formatSweep(
  name: string,
  rows: ReadonlyArray<{ value: number; result: SimulationResult }>,
  options: SimulateOptions,
): string {
  const below = (value: number) =>
    name === ALL_STAGES_CONCURRENCY && value < AWS_MIN_CONCURRENCY ? " (below AWS minimum)" : "";
  const body = rows.map(({ value, result: r }) => [
    `${value}${below(value)}`,
    hours(r.drainSeconds),
    hours(Math.max(...STAGES.map((stage) => r.stages[stage].maxAgeSeconds))),
    int(r.enriched),
    int(r.failed),
    int(r.deadLettered),
    int(r.lost),
    usd(r.translateUsd),
    String(r.breakerTrips),
    int(r.translateThrottled),
    int(r.comprehendThrottled),
  ]);
  return [
    `depeche scale model, sweep of ${name}: ${describeWorkload(options)}`,
    "",
    table(
      [
        name,
        "drain h",
        "oldest msg h",
        "enriched",
        "failed",
        "dead-lettered",
        "lost",
        "Translate $",
        "breaker trips",
        "Translate throttled",
        "Comprehend throttled",
      ],
      body,
    ),
  ].join("\n");
}

export const DEFAULTS = { workload: DEFAULT_WORKLOAD, times: DEFAULT_SERVICE_TIMES } as const;
