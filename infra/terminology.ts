import { readFileSync } from "node:fs";
import { Arn, ArnFormat, Stack } from "aws-cdk-lib";
import { Effect, type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from "aws-cdk-lib/custom-resources";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { InvalidSettingsError } from "../functions/core/settings.js";
import {
  type Glossary,
  GlossaryError,
  glossaryCsv,
  parseGlossary,
} from "../functions/core/translate/glossary.js";
import { acknowledgeGuardRule } from "./guard-acknowledgement.js";

/**
 * The glossary travels inline in the template (the custom resource's parameters). CloudFormation
 * accepts templates up to 1 MB from S3; 256 KB of terms (~10,000 of them) leaves the rest of the
 * stack room. A larger glossary is refused at synth rather than at deploy.
 */
export const TERMINOLOGY_TEMPLATE_MAX_BYTES = 256 * 1024;

export {
  BUNDLED_GLOSSARY_FILE,
  GLOSSARY_NAME_VARIABLE,
  TERMINOLOGY_NAME_VARIABLE,
} from "../functions/lambda/environment.js";

export interface TranslateTerminologyProps {
  /** The glossary file (`-c glossary=path/terms.csv`), CSV with a `fr,en` header or TMX. */
  readonly file: string;
  readonly sourceLanguage: string;
  readonly targetLanguage: string;
}

/** Reads and checks a glossary for synth: a bad file is one line naming file and line. */
export function readGlossaryForSynth(props: TranslateTerminologyProps): Glossary {
  let text: string;
  try {
    text = readFileSync(props.file, "utf8");
  } catch (error) {
    throw new InvalidSettingsError([`context glossary: cannot read ${props.file}: ${error}`]);
  }
  try {
    const glossary = parseGlossary(text, {
      file: props.file,
      sourceLanguage: props.sourceLanguage,
      targetLanguage: props.targetLanguage,
    });
    const size = new TextEncoder().encode(glossaryCsv(glossary)).length;
    if (size > TERMINOLOGY_TEMPLATE_MAX_BYTES) {
      throw new GlossaryError(
        props.file,
        undefined,
        `${size} bytes of terms, over the ${TERMINOLOGY_TEMPLATE_MAX_BYTES} a stack template carries`,
      );
    }
    return glossary;
  } catch (error) {
    if (error instanceof GlossaryError) {
      throw new InvalidSettingsError([`context glossary: ${error.message}`]);
    }
    throw error;
  }
}

/**
 * The user's glossary as an Amazon Translate custom terminology, owned by the stack: a custom
 * resource calls ImportTerminology on create and on every change of the terms (the CSV is a
 * parameter, so new terms are a new resource state; MergeStrategy OVERWRITE replaces the old
 * ones) and DeleteTerminology when the stack (or the glossary) goes. Its policy, and the grant
 * it gives the translate Lambda, name only this terminology.
 */
export class TranslateTerminology extends Construct {
  readonly glossary: Glossary;
  /** `<stack>-<glossary name>`: terminologies are per account and Region, stacks are not. */
  readonly terminologyName: string;
  readonly terminologyArn: string;
  /** The terms, as Amazon Translate's CSV: imported, and bundled with the translate Lambda. */
  readonly csv: string;

  constructor(scope: Construct, id: string, props: TranslateTerminologyProps) {
    super(scope, id);
    this.glossary = readGlossaryForSynth(props);
    this.csv = glossaryCsv(this.glossary);
    const stack = Stack.of(this);
    this.terminologyName = `${stack.stackName}-${this.glossary.name}`.slice(0, 256);
    this.terminologyArn = Arn.format(
      {
        service: "translate",
        resource: "terminology",
        resourceName: this.terminologyName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      stack,
    );
    const importCall = {
      service: "Translate",
      action: "ImportTerminology",
      parameters: {
        Name: this.terminologyName,
        MergeStrategy: "OVERWRITE",
        Description: `depeche glossary ${this.glossary.name} (sha256 ${this.glossary.sha256})`,
        TerminologyData: { File: this.csv, Format: "CSV", Directionality: "UNI" },
      },
      physicalResourceId: PhysicalResourceId.of(this.terminologyName),
    };
    const resource = new AwsCustomResource(this, "Import", {
      resourceType: "Custom::TranslateTerminology",
      onCreate: importCall,
      onUpdate: importCall,
      onDelete: {
        service: "Translate",
        action: "DeleteTerminology",
        parameters: { Name: this.terminologyName },
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ["translate:ImportTerminology", "translate:DeleteTerminology"],
          resources: [this.terminologyArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    // The provider is one function per stack that CDK owns; it runs only during deployments.
    const provider = stack.node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, "")}`,
    );
    NagSuppressions.addResourceSuppressions(
      [resource, ...(provider === undefined ? [] : [provider])],
      [
        {
          id: "AwsSolutions-L1",
          reason: "CDK's AwsCustomResource provider picks its own runtime (deployments only).",
        },
        {
          id: "AwsSolutions-IAM4",
          reason:
            "CDK's AwsCustomResource provider writes its logs with AWSLambdaBasicExecutionRole; " +
            "its only other permissions are Import/DeleteTerminology on this one terminology.",
          appliesTo: [
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
          ],
        },
        {
          id: "Serverless-LambdaDLQ",
          reason:
            "CloudFormation invokes the provider synchronously and reports its failure as the stack event; there is no asynchronous event to dead-letter.",
        },
        {
          id: "Serverless-LambdaTracing",
          reason: "A single ImportTerminology call per deployment: nothing to trace.",
        },
        {
          id: "Serverless-LambdaDefaultMemorySize",
          reason:
            "One ImportTerminology call per deployment; CDK's provider default memory is ample.",
        },
      ],
      true,
    );
    if (provider !== undefined) {
      acknowledgeGuardRule(
        provider,
        "lambda_inside_vpc_check",
        "CDK's AwsCustomResource provider runs only during deployments and calls only the public " +
          "Translate API (Import/DeleteTerminology); there is nothing private to reach.",
      );
    }
  }

  /** TranslateText naming this terminology, and nothing else. */
  grantTranslate(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["translate:TranslateText"],
        resources: [this.terminologyArn],
      }),
    );
  }
}
