import { createRequire } from "node:module";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DEFAULT_PIPELINE_CONFIG } from "../../infra/config.js";
import { REPLAY_TOLERATED_FAILURE_PERCENTAGE, replayMaxConcurrency } from "../../infra/replay.js";
import { type SynthesizedPipeline, synthPipeline } from "./pipeline-fixture.js";

/** asl-validator (CommonJS, untyped): `{ isValid, errors }` for a state machine definition. */
const validateAsl = createRequire(import.meta.url)("asl-validator") as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: { message?: string; path?: string }[] };

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** A CloudFormation value with its intrinsics replaced by plausible literals. */
function literal(value: unknown): string {
  if (typeof value === "string") return value;
  const object = value as Record<string, unknown>;
  if ("Fn::Join" in object) {
    const [separator, parts] = object["Fn::Join"] as [string, unknown[]];
    return parts.map(literal).join(separator);
  }
  if ("Fn::GetAtt" in object) {
    const [id] = object["Fn::GetAtt"] as [string];
    return `arn:aws:lambda:eu-west-1:123456789012:function:${id}`;
  }
  if ("Ref" in object) {
    const ref = object.Ref as string;
    if (ref.includes("StateMachine"))
      return `arn:aws:states:eu-west-1:123456789012:stateMachine:${ref}`;
    if (ref === "AWS::Partition") return "aws";
    if (ref === "AWS::Region") return "eu-west-1";
    if (ref === "AWS::AccountId") return "123456789012";
    return `${ref.toLowerCase().slice(0, 40)}-bucket`;
  }
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

function stateMachineOf(pipeline: SynthesizedPipeline) {
  const [entry] = Object.entries(pipeline.resources).filter(
    ([, r]) => r.Type === "AWS::StepFunctions::StateMachine",
  );
  if (!entry) throw new Error("no state machine");
  const [id, resource] = entry;
  const properties = resource.Properties as Record<string, unknown>;
  const definition = JSON.parse(literal(properties.DefinitionString)) as {
    StartAt: string;
    States: Record<string, Record<string, unknown>>;
  };
  return { id, properties, definition };
}

/** Every statement of the policies attached to a role (by logical id). */
function statementsOf(pipeline: SynthesizedPipeline, roleId: string): Statement[] {
  return Object.values(pipeline.resources)
    .filter((r) => r.Type === "AWS::IAM::Policy")
    .filter((r) =>
      ((r.Properties?.Roles as { Ref: string }[] | undefined) ?? []).some((x) => x.Ref === roleId),
    )
    .flatMap(
      (r) =>
        (r.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [],
    );
}

const actionsOf = (statements: readonly Statement[]) =>
  statements.flatMap((s) => [s.Action].flat()).sort();

const pipeline = synthPipeline();
const machine = stateMachineOf(pipeline);
const map = machine.definition.States.ReplayArticles as Record<string, never>;

describe("replay state machine", () => {
  it("is valid Amazon States Language (asl-validator)", () => {
    const result = validateAsl(machine.definition, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it("the validator does reject a broken definition (the check can fail)", () => {
    const broken = structuredClone(machine.definition);
    delete (broken.States.ReplayArticles as Record<string, unknown>).ItemProcessor;
    expect(validateAsl(broken).isValid).toBe(false);
  });

  it("lists an S3 prefix into a Distributed Map whose items invoke the replay function", () => {
    expect(map.ItemReader).toEqual({
      Resource: "arn:aws:states:::s3:listObjectsV2",
      Parameters: { "Bucket.$": "$.bucket", "Prefix.$": "$.prefix" },
    });
    const processor = map.ItemProcessor as unknown as {
      ProcessorConfig: { Mode: string };
      States: Record<string, { Resource: string; Parameters: { FunctionName: string } }>;
    };
    expect(processor.ProcessorConfig.Mode).toBe("DISTRIBUTED");
    const task = processor.States.ReplayArticle;
    expect(task?.Resource).toBe("arn:aws:states:::lambda:invoke");
    expect(task?.Parameters.FunctionName).toMatch(/function:ReplayFunction/);
    expect(map.ToleratedFailurePercentage).toBe(REPLAY_TOLERATED_FAILURE_PERCENTAGE);
    expect(map.ResultWriter).toMatchObject({
      Resource: "arn:aws:states:::s3:putObject",
      Parameters: { "Prefix.$": "$.results" },
    });
    expect(
      (machine.definition.States.Prepare as { Parameters: Record<string, string> }).Parameters[
        "results.$"
      ],
    ).toBe("States.Format('replay/{}', $$.Execution.Name)");
  });

  it("bounds its concurrency by the translate and analyze queues' own maxConcurrency", () => {
    const config = DEFAULT_PIPELINE_CONFIG;
    expect(map.MaxConcurrency).toBe(
      Math.min(config.stages.translate.maxConcurrency, config.stages.analyze.maxConcurrency),
    );
    const lowered = stateMachineOf(synthPipeline({ analyzeMaxConcurrency: "2" }));
    expect(
      (lowered.definition.States.ReplayArticles as { MaxConcurrency: number }).MaxConcurrency,
    ).toBe(2);
    expect(replayMaxConcurrency({ ...config, stages: { ...config.stages } })).toBe(
      map.MaxConcurrency,
    );
  });

  it("logs every event and traces", () => {
    pipeline.template.hasResourceProperties("AWS::StepFunctions::StateMachine", {
      LoggingConfiguration: Match.objectLike({ Level: "ALL", IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it("has a role that may list incoming/, invoke the replay function and write replay/ only", () => {
    const roleId = (machine.properties.RoleArn as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
    const statements = statementsOf(pipeline, roleId);
    const functional = statements.filter(
      (s) => ![s.Action].flat().some((a) => a.startsWith("logs:") || a.startsWith("xray:")),
    );
    expect(actionsOf(functional)).toEqual([
      "lambda:InvokeFunction",
      "s3:AbortMultipartUpload",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:ListMultipartUploadParts",
      "s3:PutObject",
      "states:DescribeExecution",
      "states:StartExecution",
      "states:StopExecution",
    ]);
    const list = functional.find((s) => s.Action === "s3:ListBucket");
    expect(list?.Condition).toEqual({ StringLike: { "s3:prefix": ["incoming/*"] } });
    const invoke = functional.find((s) => s.Action === "lambda:InvokeFunction");
    expect(JSON.stringify(invoke?.Resource)).toMatch(/ReplayFunction/);
    expect(JSON.stringify(invoke?.Resource)).not.toMatch(/Stage/);
    const writes = functional.find((s) => [s.Action].flat().includes("s3:PutObject"));
    expect(JSON.stringify(writes?.Resource)).toMatch(/\/replay\/\*/);
    expect(actionsOf(statements).some((a) => /translate|comprehend/.test(a))).toBe(false);
  });

  it("reads a deployer-named archive bucket under its prefix only, and never writes it", () => {
    const archived = synthPipeline({
      replaySourceBucket: "news-archive",
      replaySourcePrefix: "2024/",
    });
    const sm = stateMachineOf(archived);
    const roleId = (sm.properties.RoleArn as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
    const lists = statementsOf(archived, roleId).filter((s) => s.Action === "s3:ListBucket");
    expect(lists.map((s) => s.Condition)).toContainEqual({
      StringLike: { "s3:prefix": ["2024/*"] },
    });
    const archiveStatements = Object.values(archived.resources)
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .flatMap(
        (r) =>
          (r.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [],
      )
      .filter((statement) => JSON.stringify(statement.Resource).includes("news-archive"));
    expect(new Set(actionsOf(archiveStatements))).toEqual(
      new Set(["s3:GetObject", "s3:ListBucket"]),
    );
    const everything = JSON.stringify(archiveStatements);
    expect(everything).toMatch(/news-archive\/2024\/\*/);
  });

  it("refuses an archive bucket that is not a bucket name, in one line", () => {
    expect(() => synthPipeline({ replaySourceBucket: "Not A Bucket" })).toThrow(
      /^replaySourceBucket must be an S3 bucket name/,
    );
  });

  it("tells how to start it in the stack outputs", () => {
    const outputs = pipeline.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const byName = (suffix: string) =>
      Object.entries(outputs).find(([name]) => name.startsWith("Replay") && name.includes(suffix));
    expect(byName("StateMachineArn")).toBeDefined();
    expect(literal(byName("DepecheCommand")?.[1].Value)).toMatch(
      /^npm run depeche -- replay s3:\/\/.+\/incoming\/ --execution-name \S+ --state-machine arn:\S+ .*--estimate-first --max-usd \d+/,
    );
    expect(literal(byName("StartCommand")?.[1].Value)).toMatch(
      /^aws stepfunctions start-execution --state-machine-arn \S+ --name \S+ --input '\{"bucket":".+","prefix":"incoming\/","force":false\}'$/,
    );
  });
});
