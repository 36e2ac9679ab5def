import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { InvalidSettingsError } from "../../functions/core/settings.js";
import { LocalEsbuildBundling } from "../../infra/bundling.js";
import { pipelineApp, synthPipeline } from "./pipeline-fixture.js";

const work = mkdtempSync(join(tmpdir(), "depeche-terminology-"));
const file = (name: string, text: string): string => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};
const TERMS = file(
  "terms.csv",
  "fr,en\nBayraktar TB2,Bayraktar TB2\nSotchi,Sochi\nKremlin,Kremlin\n",
);
const TERMINOLOGY_ARN = {
  "Fn::Join": [
    "",
    [
      "arn:",
      { Ref: "AWS::Partition" },
      ":translate:",
      { Ref: "AWS::Region" },
      ":",
      { Ref: "AWS::AccountId" },
      ":terminology/Depeche-terms",
    ],
  ],
};

/** Every IAM statement of the template that mentions a translate: action. */
interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}
function translateStatements(
  resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>,
) {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === "AWS::IAM::Policy")
    .flatMap(([id, r]) =>
      ((r.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [])
        .filter((s) => [s.Action].flat().some((a) => a.startsWith("translate:")))
        .map((s) => ({ id, actions: [s.Action].flat(), resource: s.Resource })),
    );
}

describe("-c glossary=terms.csv: the Translate terminology custom resource", () => {
  const synth = synthPipeline({ glossary: TERMS });
  const [terminologyId, terminology] =
    Object.entries(synth.resources).find(([, r]) => r.Type === "Custom::TranslateTerminology") ??
    [];

  it("imports the glossary's terms on create and update, deletes the terminology with the stack", () => {
    expect(terminologyId).toBeDefined();
    const props = terminology?.Properties as Record<string, string>;
    const create = JSON.parse(props.Create ?? "{}");
    expect(create).toMatchObject({
      service: "Translate",
      action: "ImportTerminology",
      parameters: {
        Name: "Depeche-terms",
        MergeStrategy: "OVERWRITE",
        TerminologyData: {
          File: "fr,en\nBayraktar TB2,Bayraktar TB2\nSotchi,Sochi\nKremlin,Kremlin",
          Format: "CSV",
        },
      },
      physicalResourceId: { id: "Depeche-terms" },
    });
    expect(JSON.parse(props.Update ?? "{}")).toEqual(create);
    expect(JSON.parse(props.Delete ?? "{}")).toMatchObject({
      action: "DeleteTerminology",
      parameters: { Name: "Depeche-terms" },
    });
  });

  it("changes the resource's properties when a term changes (CloudFormation then updates it)", () => {
    const changed = synthPipeline({
      glossary: file("terms2.csv", "fr,en\nBayraktar TB2,Bayraktar TB2\nSotchi,Sotchi\n"),
    });
    const other = Object.values(changed.resources).find(
      (r) => r.Type === "Custom::TranslateTerminology",
    );
    expect(other?.Properties?.Create).not.toEqual(terminology?.Properties?.Create);
  });

  it("scopes IAM to that terminology: import/delete for the provider, TranslateText for the Lambdas", () => {
    const statements = translateStatements(synth.resources as never);
    expect(statements.length).toBe(3);
    for (const statement of statements) expect(statement.resource).toEqual(TERMINOLOGY_ARN);
    // The translate stage and the replay function translate; only the provider imports.
    expect(statements.map((s) => s.actions).sort()).toEqual([
      ["translate:ImportTerminology", "translate:DeleteTerminology"],
      ["translate:TranslateText"],
      ["translate:TranslateText"],
    ]);
  });

  it("tells the translate Lambda the terminology and the glossary's name", () => {
    const fn = synth.resources[synth.logicalId(synth.stack.stages.translate.function)];
    expect(fn?.Properties?.Environment).toMatchObject({
      Variables: { TERMINOLOGY_NAME: "Depeche-terms", GLOSSARY_NAME: "terms" },
    });
    const clean = synth.resources[synth.logicalId(synth.stack.stages.clean.function)];
    expect(JSON.stringify(clean?.Properties?.Environment)).not.toContain("TERMINOLOGY_NAME");
  });

  it("passes cdk-nag with no unsuppressed finding", () => {
    const errors = Annotations.fromStack(synth.stack).findError("*", Match.stringLikeRegexp(".*"));
    expect(errors).toEqual([]);
  });
});

describe("without -c glossary", () => {
  it("has no terminology, and TranslateText stays a '*' grant of the translate stage and the replay", () => {
    const synth = synthPipeline();
    synth.template.resourceCountIs("Custom::TranslateTerminology", 0);
    const statements = translateStatements(synth.resources as never);
    expect(statements).toEqual([
      expect.objectContaining({ actions: ["translate:TranslateText"], resource: "*" }),
      expect.objectContaining({ actions: ["translate:TranslateText"], resource: "*" }),
    ]);
  });
});

describe("a bad glossary fails synth with one line naming file and line", () => {
  it.each([
    [
      "dup.csv",
      "fr,en\nSotchi,Sochi\nSotchi,Sotchi\n",
      /^context glossary: .*dup\.csv:3: duplicate source term "Sotchi"/,
    ],
    ["head.csv", "en,de\nx,y\n", /^context glossary: .*head\.csv:1: the header row must name/],
  ])("%s", (name, text, message) => {
    const path = file(name, text);
    let error: unknown;
    try {
      pipelineApp({ glossary: path });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidSettingsError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("refuses a context value that is not a .csv or .tmx path", () => {
    expect(() => pipelineApp({ glossary: "terms.xlsx" })).toThrow(
      /context glossary must be the path of a \.csv or \.tmx glossary/,
    );
  });
});

describe("the bundled glossary", () => {
  it("is written next to index.mjs, so the Lambda reads the same terms", () => {
    const out = mkdtempSync(join(tmpdir(), "depeche-bundle-"));
    const entry = new URL("../../functions/lambda/translate.ts", import.meta.url).pathname;
    new LocalEsbuildBundling(entry, { "glossary.csv": "fr,en\nSotchi,Sochi" }).tryBundle(out);
    expect(readFileSync(join(out, "glossary.csv"), "utf8")).toBe("fr,en\nSotchi,Sochi");
    expect(readFileSync(join(out, "index.mjs"), "utf8")).toContain("glossary.csv");
  });
});
