import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STAGES } from "../../functions/core/keys.js";
import { DEFAULT_PIPELINE_CONFIG } from "../../infra/config.js";
import { SOURCE_RETENTION, VISIBILITY_TIMEOUT_FACTOR } from "../../infra/pipeline-stage.js";
import {
  configWith,
  modelFor,
  parseSweep,
  runSimulation,
  SimulateUsageError,
} from "../../scripts/simulate/cli.js";
import {
  DEFAULT_SERVICE_TIMES,
  DEFAULT_WORKLOAD,
  pipelineModel,
  type SimulationResult,
  simulate,
} from "../../scripts/simulate/model.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const shipped = pipelineModel(DEFAULT_PIPELINE_CONFIG);
const small = { ...DEFAULT_WORKLOAD, uploads: 5_000 };
const accounted = (r: SimulationResult) => r.enriched + r.failed + r.deadLettered + r.lost;

describe("scale model", () => {
  it("reads the stack's own settings: concurrency, batch, timeout, 6× visibility, retention, ceiling", () => {
    for (const stage of STAGES) {
      const deployed = DEFAULT_PIPELINE_CONFIG.stages[stage];
      expect(shipped.stages[stage]).toEqual({
        maxConcurrency: deployed.maxConcurrency,
        batchSize: deployed.batchSize,
        timeoutSeconds: deployed.timeoutSeconds,
        visibilitySeconds: deployed.timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR,
      });
    }
    expect(shipped.maxReceiveCount).toBe(DEFAULT_PIPELINE_CONFIG.maxReceiveCount);
    expect(shipped.sourceRetentionSeconds).toBe(SOURCE_RETENTION.toSeconds());
    expect(shipped.dailyCharacterCeiling).toBe(
      DEFAULT_PIPELINE_CONFIG.translateDailyCharacterCeiling,
    );
    expect(shipped.sourceRetentionSeconds).toBeLessThan(shipped.deadLetterRetentionSeconds);
  });

  it("is deterministic for a seed, and a different seed gives a different run", () => {
    const a = simulate(shipped, small, DEFAULT_SERVICE_TIMES, 7);
    const b = simulate(shipped, small, DEFAULT_SERVICE_TIMES, 7);
    const c = simulate(shipped, small, DEFAULT_SERVICE_TIMES, 8);
    expect(b).toEqual(a);
    expect(c.translateCharacters).not.toBe(a.translateCharacters);
  });

  it("accounts for every upload exactly once: enriched, failed, dead-lettered or lost", () => {
    for (const workload of [
      small,
      { ...small, throttleRate: 0.7 },
      { ...small, resumeAfterHours: Infinity },
    ]) {
      const result = simulate(shipped, workload);
      expect(accounted(result)).toBe(workload.uploads);
    }
  });

  it("loses no article of 100,000 mixed uploads with the shipped defaults", () => {
    const result = simulate(shipped, DEFAULT_WORKLOAD);
    expect(result.uploads).toBe(100_000);
    expect(result.lost).toBe(0);
    expect(result.enriched).toBeGreaterThan(0.9 * result.uploads);
    expect(result.breakerTrips).toBeGreaterThan(0); // the bulk load crosses the daily ceiling…
    for (const stage of STAGES) {
      // …and no message ever waits as long as the oldest-message alarm, let alone retention.
      expect(result.stages[stage].maxAgeSeconds).toBeLessThan(shipped.oldestMessageAlarmSeconds);
    }
  });

  it("loses the paused articles when nobody resumes the breaker within the retention", () => {
    const result = simulate(shipped, { ...small, resumeAfterHours: Infinity });
    expect(result.breakerTrips).toBe(1);
    expect(result.lost).toBeGreaterThan(0);
    expect(Math.max(...STAGES.map((s) => result.stages[s].maxAgeSeconds))).toBeGreaterThanOrEqual(
      shipped.sourceRetentionSeconds,
    );
  });

  it("does not trip with the ceiling lifted, and spends the same on translation", () => {
    const lifted = modelFor({
      context: { translateDailyCharacterCeiling: "1000000000000" },
      workload: small,
      times: DEFAULT_SERVICE_TIMES,
      seed: 1,
    });
    const free = simulate(lifted, small);
    const capped = simulate(shipped, small);
    expect(free.breakerTrips).toBe(0);
    expect(free.drainSeconds).toBeLessThan(capped.drainSeconds);
    expect(free.lost).toBe(0);
  });

  it("dead-letters articles whose every delivery is throttled, with a failure record each", () => {
    const result = simulate(shipped, { ...small, uploads: 500, throttleRate: 0.95 });
    expect(result.deadLettered).toBeGreaterThan(0);
    expect(result.lost).toBe(0);
  });

  it("models timeouts: a 1-second translate timeout kills long batches and redelivers them", () => {
    const tight = modelFor({
      context: { translateTimeoutSeconds: "1" },
      workload: small,
      times: DEFAULT_SERVICE_TIMES,
      seed: 1,
    });
    const result = simulate(tight, { ...small, uploads: 300 });
    expect(result.stages.translate.timeouts).toBeGreaterThan(0);
    expect(accounted(result)).toBe(300);
  });
});

describe("npm run simulate", () => {
  it("sweeps a range and sets every stage's concurrency for maxConcurrency", () => {
    expect(parseSweep("maxConcurrency=1..20").values).toHaveLength(20);
    expect(parseSweep("translateBatchSize=1,2,5")).toEqual({
      name: "translateBatchSize",
      values: [1, 2, 5],
    });
    const options = {
      context: {},
      workload: { ...small, uploads: 50 },
      times: DEFAULT_SERVICE_TIMES,
      seed: 1,
    };
    const model = modelFor(options, "maxConcurrency", 7);
    for (const stage of STAGES) expect(model.stages[stage].maxConcurrency).toBe(7);
    const table = runSimulation({ ...options, sweep: { name: "maxConcurrency", values: [1, 2] } });
    expect(table).toContain("| 1 (below AWS minimum)");
    expect(table.split("\n").filter((line) => /^\| \d/.test(line))).toHaveLength(2);
  });

  it("refuses bad settings with the stack's own bounds", () => {
    expect(() => parseSweep("maxConcurrency=5..1")).toThrow(SimulateUsageError);
    expect(() => parseSweep("nope=1..2")).toThrow(/unknown setting "nope"/);
    expect(() => configWith({ summarySentences: "5" })).toThrow(
      /summarySentences must be an integer in \[1, 3\]/,
    );
  });

  it("prints the figures, and answers a bad argument with one line and exit 1", () => {
    const tsx = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/simulate.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
      });
    const ok = tsx(["--uploads", "200", "--seed", "3"]);
    expect(ok.status).toBe(0);
    for (const figure of [
      "drain time",
      "oldest message",
      "articles enriched",
      "dead-lettered",
      "articles lost",
      "Translate spend",
      "breaker trips",
    ]) {
      expect(ok.stdout).toContain(figure);
    }
    const bad = tsx(["--sweep", "maxConcurrency=x"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^simulate: --sweep maxConcurrency/);
  });
});
