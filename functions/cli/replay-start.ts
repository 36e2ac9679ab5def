import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { asError } from "../core/errors.js";
import type { PriceTable } from "../core/pricing.js";
import type { PipelineSettings } from "../core/settings.js";
import type { Glossary } from "../core/translate/glossary.js";
import { type EstimateResult, estimateCommand } from "./estimate-command.js";
import { CliError } from "./exit-codes.js";
import { parseS3Location, s3ProblemOf } from "./object-source.js";

/** Step Functions execution names: 1–80 letters, digits, `-` and `_`. */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** A state machine ARN in any partition. */
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]+$/;

/** The input the replay state machine reads (infra/replay.ts): all three fields, always. */
export interface ReplayExecutionInput {
  readonly bucket: string;
  readonly prefix: string;
  readonly force: boolean;
}

export interface StartReplayOptions {
  readonly location: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly force: boolean;
  /** Price the prefix first and start only at or below this many dollars. */
  readonly maxUsd?: number | undefined;
  /** The pipeline bucket, whose translation cache the estimate applies. */
  readonly cacheBucket?: string | undefined;
  readonly settings: PipelineSettings;
  readonly prices: PriceTable;
  /** The glossary the deployed translator applies (for the estimate's cache keys). */
  readonly glossary?: Glossary | undefined;
  readonly s3Client?: S3Client | undefined;
  readonly sfnClient?: SFNClient | undefined;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface StartedReplay {
  readonly executionArn: string;
  readonly input: ReplayExecutionInput;
  readonly estimate?: EstimateResult | undefined;
}

/**
 * `depeche replay s3://bucket/prefix --execution-name …`: start the stack's replay state machine
 * on a prefix, after checking that it lists at least one object, and — with a dollar cap —
 * after pricing it with `depeche estimate`; above the cap nothing starts.
 */
export async function startReplay(options: StartReplayOptions): Promise<StartedReplay> {
  const s3 = parseS3Location(options.location);
  if (s3 === undefined) throw new CliError(`${options.location} is not an s3:// location`);
  if (s3.prefix === "") {
    throw new CliError(
      `name a prefix: s3://${s3.bucket}/incoming/… for the pipeline bucket, or your archive's prefix`,
    );
  }
  if (!EXECUTION_NAME.test(options.executionName)) {
    throw new CliError(
      `--execution-name must be 1–80 letters, digits, "-" or "_", got "${options.executionName}"`,
    );
  }
  if (!STATE_MACHINE_ARN.test(options.stateMachineArn)) {
    throw new CliError(
      `--state-machine must be the ReplayStateMachineArn stack output, got "${options.stateMachineArn}"`,
    );
  }
  const s3Client = options.s3Client ?? new S3Client({});
  try {
    let estimate: EstimateResult | undefined;
    if (options.maxUsd === undefined) {
      await assertListsSomething(
        new S3ArticleStore(s3Client, s3.bucket),
        s3.prefix,
        options.location,
      );
    } else {
      estimate = await estimateCommand({
        location: options.location,
        settings: options.settings,
        prices: options.prices,
        cacheBucket: options.cacheBucket,
        glossary: options.glossary,
        s3Client,
        stderr: options.stderr,
      });
      if (estimate.bill.totalUsd > options.maxUsd) {
        throw new CliError(
          `the estimate is $${estimate.bill.totalUsd.toFixed(2)} for ${estimate.totals.objects} objects, above --max-usd ${options.maxUsd}; nothing was started`,
        );
      }
    }
    const input: ReplayExecutionInput = {
      bucket: s3.bucket,
      prefix: s3.prefix,
      force: options.force,
    };
    const sfn = options.sfnClient ?? new SFNClient({});
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: options.stateMachineArn,
        name: options.executionName,
        input: JSON.stringify(input),
      }),
    );
    if (started.executionArn === undefined) throw new Error("StartExecution returned no ARN");
    return { executionArn: started.executionArn, input, estimate };
  } finally {
    if (options.s3Client === undefined) s3Client.destroy();
  }
}

async function assertListsSomething(
  store: S3ArticleStore,
  prefix: string,
  location: string,
): Promise<void> {
  try {
    for await (const _ of store.list(prefix)) return;
  } catch (error) {
    const problem = s3ProblemOf(error, location);
    throw problem === undefined ? asError(error) : new CliError(problem);
  }
  throw new CliError(`no objects under ${location}`);
}
