import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { COMPREHEND_MAX_BATCH_DOCUMENTS } from "../../functions/core/analyze/comprehend-requests.js";
import { PREFIX, STAGE_TRIGGERS, STAGES, type Stage } from "../../functions/core/keys.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";
import { TRANSLATION_CACHE_PREFIX } from "../../functions/core/translate/translation-cache.js";
import { lambdaBuildOptions } from "../../infra/bundling.js";
import { DEFAULT_PIPELINE_CONFIG, InvalidPipelineConfigError } from "../../infra/config.js";
import { PIPELINE_RUNTIME } from "../../infra/pipeline-function.js";
import { VISIBILITY_TIMEOUT_FACTOR } from "../../infra/pipeline-stage.js";
import { type CfnResourceJson, pipelineApp, synthPipeline } from "./pipeline-fixture.js";

// One synthesis for the whole file (bundling skipped); every test reads this template.
const pipeline = synthPipeline();
const { template, resources, stack } = pipeline;

type Json = Record<string, unknown>;
interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Json;
}

const ofType = (type: string): Array<[string, CfnResourceJson]> =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);
const props = (id: string): Json => resources[id]?.Properties ?? {};
const propsOf = (resource: CfnResourceJson | undefined): Json => resource?.Properties ?? {};
const statementsIn = (policy: CfnResourceJson): Statement[] =>
  (propsOf(policy).PolicyDocument as { Statement: Statement[] }).Statement;
/** The logical id behind `{ Ref: id }` or `{ "Fn::GetAtt": [id, attr] }`. */
const refId = (value: unknown): string | undefined => {
  const json = value as { Ref?: string; "Fn::GetAtt"?: [string, string] } | undefined;
  return json?.Ref ?? json?.["Fn::GetAtt"]?.[0];
};
const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const resourcesOf = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

const bucketId = pipeline.logicalId(stack.bucket);
const ids = (stage: Stage) => {
  const construct = stack.stages[stage];
  return {
    function: pipeline.logicalId(construct.function),
    role: pipeline.logicalId(construct.function.role as never),
    queue: pipeline.logicalId(construct.queue),
    deadLetterQueue: pipeline.logicalId(construct.deadLetterQueue),
  };
};

/** Every policy statement granted to a role, whichever AWS::IAM::Policy holds it. */
const statementsOf = (roleId: string): Statement[] =>
  ofType("AWS::IAM::Policy")
    .filter(([, policy]) =>
      (propsOf(policy).Roles as unknown[]).some((role) => refId(role) === roleId),
    )
    .flatMap(([, policy]) => statementsIn(policy));

/** `incoming/` for `{ "Fn::Join": ["", [<bucket ARN>, "/incoming/*"]] }`, undefined otherwise. */
const objectPrefix = (resource: unknown): string | undefined => {
  const parts = (resource as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"]?.[1];
  if (parts?.length !== 2 || refId(parts[0]) !== bucketId) return undefined;
  const suffix = parts[1];
  return typeof suffix === "string" && suffix.startsWith("/") && suffix.endsWith("*")
    ? suffix.slice(1, -1)
    : undefined;
};

/** The `s3:prefix` values a ListBucket statement is conditioned on, without the `*`. */
const listedPrefixes = (statement: Statement): string[] => {
  const stringLike = (statement.Condition?.StringLike ?? {}) as Json;
  return ((stringLike["s3:prefix"] ?? []) as string[]).map((prefix) => prefix.replace(/\*$/, ""));
};

/** What a stage's role may do in the bucket: action → key prefixes. */
const s3AccessOf = (stage: Stage): Record<string, string[]> => {
  const access: Record<string, string[]> = {};
  for (const statement of statementsOf(ids(stage).role)) {
    for (const action of actionsOf(statement).filter((a) => a.startsWith("s3:"))) {
      const prefixes =
        action === "s3:ListBucket"
          ? listedPrefixes(statement)
          : resourcesOf(statement).map((resource) => objectPrefix(resource) ?? "<not a prefix>");
      access[action] = [...(access[action] ?? []), ...prefixes].sort();
    }
  }
  return access;
};

interface Trigger {
  readonly queue: string | undefined;
  readonly events: string[];
  readonly prefix: string;
  readonly suffix: string;
}
const triggers: Trigger[] = ofType("Custom::S3BucketNotifications").flatMap(([, resource]) =>
  (
    (propsOf(resource).NotificationConfiguration as Json).QueueConfigurations as Array<{
      Events: string[];
      QueueArn: unknown;
      Filter?: { Key: { FilterRules: Array<{ Name: string; Value: string }> } };
    }>
  ).map((configuration) => {
    const rule = (name: string) =>
      configuration.Filter?.Key.FilterRules.find((r) => r.Name.toLowerCase() === name)?.Value ?? "";
    return {
      queue: refId(configuration.QueueArn),
      events: configuration.Events,
      prefix: rule("prefix"),
      suffix: rule("suffix"),
    };
  }),
);

/** Can some key written under `writePrefix` match the trigger? (Any suffix can be written.) */
const canTrigger = (writePrefix: string, trigger: Trigger): boolean =>
  writePrefix.startsWith(trigger.prefix) || trigger.prefix.startsWith(writePrefix);

describe("PipelineStack: functions", () => {
  it("runs each stage on Node.js 24 / arm64 with its explicit timeout and memory, JSON logs", () => {
    for (const stage of STAGES) {
      const { timeoutSeconds, memoryMb } = DEFAULT_PIPELINE_CONFIG.stages[stage];
      expect(props(ids(stage).function)).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        Timeout: timeoutSeconds,
        MemorySize: memoryMb,
        LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "INFO" },
      });
    }
  });

  it("bundles for the runtime it deploys: esbuild's target is the function's Node.js version", () => {
    const runtimeMajor = /^nodejs(\d+)/.exec(PIPELINE_RUNTIME.name)?.[1];
    expect(lambdaBuildOptions("functions/lambda/clean.ts", "out").target).toBe(
      `node${runtimeMajor}`,
    );
  });

  it("gives each function its own log group with a retention period", () => {
    for (const stage of STAGES) {
      const logGroup = refId((props(ids(stage).function).LoggingConfig as Json).LogGroup);
      expect(resources[logGroup ?? ""]).toMatchObject({
        Type: "AWS::Logs::LogGroup",
        Properties: { RetentionInDays: 30 },
      });
    }
  });

  it("passes the typed configuration to every function as environment variables", () => {
    for (const stage of STAGES) {
      expect(props(ids(stage).function).Environment).toEqual({
        Variables: {
          BUCKET_NAME: { Ref: bucketId },
          MAX_RECEIVE_COUNT: String(DEFAULT_PIPELINE_CONFIG.maxReceiveCount),
          SOURCE_LANGUAGE: DEFAULT_SETTINGS.sourceLanguage,
          TARGET_LANGUAGE: DEFAULT_SETTINGS.targetLanguage,
          TRANSLATE_CHUNK_BYTES: String(DEFAULT_SETTINGS.translateChunkBytes),
          MAX_OBJECT_BYTES: String(DEFAULT_SETTINGS.maxObjectBytes),
          MAX_TRANSLATE_BYTES: String(DEFAULT_SETTINGS.maxTranslateBytes),
          SUMMARY_SENTENCES: String(DEFAULT_SETTINGS.summarySentences),
          TRANSLATE_PROFANITY: "off",
          TRANSLATE_BREVITY: "off",
          TRANSLATE_FORMALITY: "default",
          COMPREHEND_ENTITIES: "targeted-sentiment",
          SERVICE_REQUEST_CONCURRENCY: String(DEFAULT_SETTINGS.serviceRequestConcurrency),
          SUMMARIZER: "extractive",
          SUMMARY_INPUT_TOKENS: String(DEFAULT_SETTINGS.summaryInputTokens),
          SUMMARY_OUTPUT_TOKENS: String(DEFAULT_SETTINGS.summaryOutputTokens),
          POWERTOOLS_SERVICE_NAME: "depeche",
          POWERTOOLS_LOG_LEVEL: "INFO",
        },
      });
    }
  });

  it("holds the three stage functions, the spend breaker, the replay function and CDK's bucket-notification handler", () => {
    template.resourceCountIs("AWS::Lambda::Function", STAGES.length + 3);
  });
});

describe("PipelineStack: buckets", () => {
  const buckets = ofType("AWS::S3::Bucket");

  it("encrypts every bucket and blocks all public access", () => {
    expect(buckets).toHaveLength(2);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
    }
  });

  it("denies non-TLS requests to every bucket", () => {
    for (const [id] of buckets) {
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Action: "s3:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
    }
  });

  it("retains buckets on stack deletion by default", () => {
    for (const [, bucket] of buckets) expect(bucket.DeletionPolicy).toBe("Retain");
    template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
  });

  it("versions the pipeline bucket and logs its access to the other bucket", () => {
    const [logBucketId] = buckets.map(([id]) => id).filter((id) => id !== bucketId);
    expect(props(bucketId)).toMatchObject({
      VersioningConfiguration: { Status: "Enabled" },
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId } },
    });
  });

  it("expires the cache and intermediate documents, never inputs or results", () => {
    const rules = (props(bucketId).LifecycleConfiguration as { Rules: Json[] }).Rules;
    const expiring = rules.filter((rule) => rule.ExpirationInDays !== undefined);
    expect(expiring.map((rule) => rule.Prefix).sort()).toEqual(
      [PREFIX.cache, PREFIX.clean, PREFIX.english].sort(),
    );
  });
});

describe("PipelineStack: queues", () => {
  const queues = ofType("AWS::SQS::Queue");

  it("encrypts every queue with SSE-SQS (S3 cannot publish to the AWS-managed KMS key)", () => {
    expect(queues).toHaveLength(2 * STAGES.length);
    for (const [, queue] of queues) {
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      expect(queue.Properties).not.toHaveProperty("KmsMasterKeyId");
    }
  });

  it("denies non-TLS requests to every queue", () => {
    for (const [id] of queues) {
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
    }
  });

  it("redrives each stage queue to its own dead-letter queue after maxReceiveCount ≥ 5", () => {
    for (const stage of STAGES) {
      const { queue, deadLetterQueue } = ids(stage);
      const redrive = props(queue).RedrivePolicy as Json;
      expect(refId(redrive.deadLetterTargetArn)).toBe(deadLetterQueue);
      expect(redrive.maxReceiveCount).toBe(DEFAULT_PIPELINE_CONFIG.maxReceiveCount);
      expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(5);
    }
  });

  it("keeps dead letters longer than the source queue keeps messages (both explicit)", () => {
    for (const stage of STAGES) {
      const source = props(ids(stage).queue).MessageRetentionPeriod as number;
      const deadLetters = props(ids(stage).deadLetterQueue).MessageRetentionPeriod as number;
      expect(source).toEqual(expect.any(Number));
      expect(source).toBeLessThan(deadLetters);
    }
  });
});

describe("PipelineStack: event sources", () => {
  const mappings = ofType("AWS::Lambda::EventSourceMapping");

  it("feeds each function from its queue with partial batch failures and bounded concurrency", () => {
    expect(mappings).toHaveLength(STAGES.length);
    for (const stage of STAGES) {
      const { batchSize, batchWindowSeconds, maxConcurrency } =
        DEFAULT_PIPELINE_CONFIG.stages[stage];
      template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionName: { Ref: ids(stage).function },
        EventSourceArn: { "Fn::GetAtt": [ids(stage).queue, "Arn"] },
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BatchSize: batchSize,
        MaximumBatchingWindowInSeconds:
          batchWindowSeconds > 0 ? batchWindowSeconds : Match.absent(),
        ScalingConfig: { MaximumConcurrency: maxConcurrency },
      });
      expect(maxConcurrency).toBeGreaterThanOrEqual(2);
      expect(maxConcurrency).toBeLessThanOrEqual(5);
    }
  });

  it("delivers analyze batches that fill one Comprehend batch request (25 articles, with a window)", () => {
    const analyze = DEFAULT_PIPELINE_CONFIG.stages.analyze;
    expect(analyze.batchSize).toBe(COMPREHEND_MAX_BATCH_DOCUMENTS);
    // Lambda refuses a batch above 10 without a window
    expect(analyze.batchWindowSeconds).toBeGreaterThanOrEqual(1);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: ids("analyze").function },
      BatchSize: COMPREHEND_MAX_BATCH_DOCUMENTS,
      MaximumBatchingWindowInSeconds: analyze.batchWindowSeconds,
    });
  });

  it("sets every queue's visibility timeout to at least 6× its function's timeout", () => {
    for (const [, mapping] of mappings) {
      const queue = props(refId(propsOf(mapping).EventSourceArn) ?? "");
      const fn = props(refId(propsOf(mapping).FunctionName) ?? "");
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(
        VISIBILITY_TIMEOUT_FACTOR * (fn.Timeout as number),
      );
    }
  });
});

describe("PipelineStack: S3 notifications", () => {
  it("sends each stage's input (prefix, suffix) on object creation to that stage's queue", () => {
    expect(triggers).toHaveLength(STAGES.length);
    for (const stage of STAGES) {
      expect(triggers).toContainEqual({
        queue: ids(stage).queue,
        events: ["s3:ObjectCreated:*"],
        ...STAGE_TRIGGERS[stage],
      });
    }
    expect(STAGE_TRIGGERS.translate.suffix).toBe(".json");
    expect(STAGE_TRIGGERS.analyze.suffix).toBe(".json");
  });

  it("lets no output prefix trigger anything: results, failures and the cache are inert", () => {
    for (const prefix of [PREFIX.enriched, PREFIX.failed, PREFIX.cache, TRANSLATION_CACHE_PREFIX]) {
      expect(triggers.filter((trigger) => canTrigger(prefix, trigger))).toEqual([]);
    }
  });

  it("chains the stages without a cycle: what a stage may write triggers only the next one", () => {
    const stageOfQueue = new Map(STAGES.map((stage) => [ids(stage).queue, stage]));
    const next = (stage: Stage): Stage[] => {
      const writes = s3AccessOf(stage)["s3:PutObject"] ?? [];
      return triggers
        .filter((trigger) => writes.some((prefix) => canTrigger(prefix, trigger)))
        .map((trigger) => stageOfQueue.get(trigger.queue ?? "") as Stage);
    };
    expect(next("clean")).toEqual(["translate"]);
    expect(next("translate")).toEqual(["analyze"]);
    expect(next("analyze")).toEqual([]);
  });
});

describe("PipelineStack: IAM", () => {
  const policies = ofType("AWS::IAM::Policy");

  it("writes no policy statement with a wildcard action", () => {
    expect(policies.length).toBeGreaterThan(0);
    for (const [id, policy] of policies) {
      for (const statement of statementsIn(policy)) {
        for (const action of actionsOf(statement)) {
          expect(action, `${id} grants ${action}`).not.toContain("*");
        }
      }
    }
  });

  it.each([
    [
      "clean" as const,
      {
        "s3:GetObject": [PREFIX.incoming, PREFIX.clean, PREFIX.failed],
        "s3:ListBucket": [PREFIX.incoming, PREFIX.clean, PREFIX.failed],
        "s3:PutObject": [PREFIX.clean, PREFIX.failed],
        "s3:DeleteObject": [PREFIX.failed],
      },
    ],
    [
      "translate" as const,
      {
        "s3:GetObject": [
          PREFIX.incoming,
          PREFIX.clean,
          PREFIX.english,
          PREFIX.failed,
          TRANSLATION_CACHE_PREFIX,
        ],
        "s3:ListBucket": [
          PREFIX.incoming,
          PREFIX.clean,
          PREFIX.english,
          PREFIX.failed,
          TRANSLATION_CACHE_PREFIX,
        ],
        "s3:PutObject": [PREFIX.english, TRANSLATION_CACHE_PREFIX, PREFIX.failed],
        "s3:DeleteObject": [PREFIX.failed],
      },
    ],
    [
      "analyze" as const,
      {
        "s3:GetObject": [
          PREFIX.incoming,
          PREFIX.english,
          PREFIX.enriched,
          PREFIX.stories,
          PREFIX.failed,
        ],
        "s3:ListBucket": [
          PREFIX.incoming,
          PREFIX.english,
          PREFIX.enriched,
          PREFIX.stories,
          PREFIX.failed,
        ],
        "s3:PutObject": [PREFIX.enriched, PREFIX.stories, PREFIX.failed],
        "s3:DeleteObject": [PREFIX.failed],
      },
    ],
  ])(
    "grants %s exactly its S3 prefixes: input, own output, failed/, cache, the upload (HEAD)",
    (stage, expected) => {
      const sorted = Object.fromEntries(
        Object.entries(expected).map(([action, prefixes]) => [action, [...prefixes].sort()]),
      );
      expect(s3AccessOf(stage)).toEqual(sorted);
    },
  );

  it("limits s3:ListBucket to the bucket itself, by prefix", () => {
    for (const stage of STAGES) {
      const list = statementsOf(ids(stage).role).filter((s) =>
        actionsOf(s).includes("s3:ListBucket"),
      );
      expect(list).toHaveLength(1);
      expect(list[0]?.Resource).toEqual({ "Fn::GetAtt": [bucketId, "Arn"] });
    }
  });

  it("grants translate:TranslateText to the translate function only", () => {
    for (const stage of STAGES) {
      const actions = statementsOf(ids(stage).role).flatMap(actionsOf);
      expect(actions.includes("translate:TranslateText")).toBe(stage === "translate");
      expect(actions.filter((a) => a.startsWith("translate:"))).toHaveLength(
        stage === "translate" ? 1 : 0,
      );
    }
  });

  it("grants the three Comprehend batch detect actions it calls to the analyze function only", () => {
    // English entities come from targeted sentiment: BatchDetectEntities is not granted
    const comprehend = [
      "comprehend:BatchDetectKeyPhrases",
      "comprehend:BatchDetectSentiment",
      "comprehend:BatchDetectTargetedSentiment",
    ];
    for (const stage of STAGES) {
      const actions = statementsOf(ids(stage).role)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith("comprehend:"));
      expect(actions.sort()).toEqual(stage === "analyze" ? comprehend : []);
    }
  });

  it("grants nothing outside the bucket, the stage's own queue and log group, and '*' only for Translate/Comprehend/X-Ray", () => {
    for (const stage of STAGES) {
      const own = ids(stage);
      const logGroup = refId((props(own.function).LoggingConfig as Json).LogGroup);
      for (const statement of statementsOf(own.role)) {
        for (const resource of resourcesOf(statement)) {
          if (resource === "*") {
            expect(actionsOf(statement).every((a) => /^(translate|comprehend|xray):/.test(a))).toBe(
              true,
            );
          } else if (objectPrefix(resource) === undefined) {
            expect([bucketId, own.queue, logGroup]).toContain(refId(resource));
          }
        }
      }
    }
  });

  it("uses no AWS managed policy on the stage roles", () => {
    for (const stage of STAGES) {
      expect(props(ids(stage).role).ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe("PipelineStack: outputs", () => {
  it("prints the bucket name and ready-to-paste commands to upload a seed and read results", () => {
    template.hasOutput("BucketName", { Value: { Ref: bucketId } });
    template.hasOutput("UploadCommand", {
      Value: {
        "Fn::Join": [
          "",
          ["aws s3 cp seeds/000_26c99712ce6ead19.txt s3://", { Ref: bucketId }, "/incoming/"],
        ],
      },
    });
    template.hasOutput("ReadEnrichedCommand", {
      Value: {
        "Fn::Join": [
          "",
          ["aws s3 cp s3://", { Ref: bucketId }, "/enriched/000_26c99712ce6ead19.txt.json -"],
        ],
      },
    });
  });
});

describe("PipelineStack: configuration from CDK context", () => {
  const overridden = synthPipeline({
    translateChunkBytes: "8000",
    translateMaxConcurrency: "2",
    analyzeTimeoutSeconds: "90",
    maxReceiveCount: "7",
    destroyable: "true",
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:ops-alerts",
    comprehendEntities: "detect-entities",
  });
  const fn = (stage: Stage) =>
    overridden.resources[overridden.logicalId(overridden.stack.stages[stage].function)];

  it("reaches the function environment, the event source, the timeout and the redrive policy", () => {
    for (const stage of STAGES) {
      expect(propsOf(fn(stage)).Environment).toMatchObject({
        Variables: { TRANSLATE_CHUNK_BYTES: "8000", MAX_RECEIVE_COUNT: "7" },
      });
    }
    expect(propsOf(fn("analyze")).Timeout).toBe(90);
    overridden.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: overridden.logicalId(overridden.stack.stages.translate.function) },
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    overridden.template.hasResourceProperties("AWS::SQS::Queue", {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 7 }),
      VisibilityTimeout: 90 * VISIBILITY_TIMEOUT_FACTOR,
    });
  });

  it("grants BatchDetectEntities only when comprehendEntities asks for it", () => {
    const comprehendActionsIn = (all: Record<string, CfnResourceJson>): string[] =>
      Object.values(all)
        .filter((resource) => resource.Type === "AWS::IAM::Policy")
        .flatMap(statementsIn)
        .flatMap(actionsOf)
        .filter((action) => action.startsWith("comprehend:"));
    expect(comprehendActionsIn(overridden.resources)).toContain("comprehend:BatchDetectEntities");
    expect(comprehendActionsIn(resources)).not.toContain("comprehend:BatchDetectEntities");
    expect(comprehendActionsIn(resources)).toContain("comprehend:BatchDetectTargetedSentiment");
    expect(propsOf(fn("analyze")).Environment).toMatchObject({
      Variables: { COMPREHEND_ENTITIES: "detect-entities" },
    });
  });

  it("makes a destroyable dev stack that empties and deletes its buckets", () => {
    for (const [, bucket] of Object.entries(overridden.resources).filter(
      ([, r]) => r.Type === "AWS::S3::Bucket",
    )) {
      expect(bucket.DeletionPolicy).toBe("Delete");
    }
    overridden.template.resourceCountIs("Custom::S3AutoDeleteObjects", 2);
  });

  it("sends every alarm, ALARM and OK, to the given SNS topic instead of its own", () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:ops-alerts";
    overridden.template.resourceCountIs("AWS::SNS::Topic", 0);
    for (const [id, alarm] of Object.entries(overridden.resources).filter(
      ([, r]) => r.Type === "AWS::CloudWatch::Alarm",
    )) {
      expect(propsOf(alarm).AlarmActions, id).toContain(topic);
      expect(propsOf(alarm).OKActions, id).toEqual([topic]);
    }
  });

  it("refuses a chunk size above Amazon Translate's 10,000-byte request limit", () => {
    expect(() => pipelineApp({ translateChunkBytes: "12000" })).toThrow(InvalidPipelineConfigError);
  });
});
