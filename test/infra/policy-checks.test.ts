import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CfnQueue } from "aws-cdk-lib/aws-sqs";
import { afterAll, describe, expect, it } from "vitest";
import { pipelineApp } from "./pipeline-fixture.js";

interface GuardReport {
  readonly pluginReports: Array<{
    readonly pluginName: string;
    readonly violations: Array<{ ruleName: string; violatingResources: unknown[] }>;
    readonly suppressedViolations?: Array<{
      ruleName: string;
      acknowledgedId: string;
      reason: string;
      violatingConstructs: Array<{ constructPath: string }>;
    }>;
  }>;
}

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** Synthesizes the app with cfn-guard, as `cdk synth` does, and reads its validation report. */
function guardReport(addToStack?: (stack: ReturnType<typeof pipelineApp>["stack"]) => void) {
  const outdir = mkdtempSync(join(tmpdir(), "depeche-guard-"));
  outdirs.push(outdir);
  const { app, stack } = pipelineApp({}, { outdir, policyValidation: true });
  addToStack?.(stack);
  const exitCode = process.exitCode;
  app.synth();
  // CDK also sets the exit code on a failed validation (what fails `cdk synth`); not for tests.
  process.exitCode = exitCode;
  const report = JSON.parse(
    readFileSync(join(outdir, "validation-report.json"), "utf8"),
  ) as GuardReport;
  const guard = report.pluginReports.find((r) => r.pluginName === "cdk-validator-cfnguard");
  if (guard === undefined) throw new Error("cfn-guard did not run");
  return guard;
}

// One synthesis of the shipped stack for the first two tests (each one spawns cfn-guard).
const shipped = guardReport();

describe("cfn-guard policy validation (Control Tower proactive controls)", () => {
  it("runs in synth and finds no unacknowledged violation", () => {
    expect(shipped.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it("acknowledges each remaining control per resource, with a reason", () => {
    const suppressed = shipped.suppressedViolations ?? [];
    expect(suppressed.length).toBeGreaterThan(0);
    for (const violation of suppressed) {
      expect(violation.reason.length, violation.ruleName).toBeGreaterThan(80);
      // Acknowledged on the resource itself, never on a parent that would hide its siblings.
      for (const construct of violation.violatingConstructs) {
        expect(construct.constructPath, violation.ruleName).toMatch(/\/Resource$/);
      }
    }
  });

  it("fails synth when a non-compliant resource is added (the check can fail)", () => {
    const guard = guardReport((stack) => {
      new CfnQueue(stack, "QueueWithoutDeadLetters", {});
    });
    expect(guard.violations.map((v) => v.ruleName)).toContain("sqs_dlq_check");
  });
});
