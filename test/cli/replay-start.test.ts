import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { estimateCommand } from "../../functions/cli/estimate-command.js";
import { LOCAL_BUCKET, type LocalStore, openLocalStore } from "../../functions/cli/local-store.js";
import { type StartReplayOptions, startReplay } from "../../functions/cli/replay-start.js";
import { keysFor } from "../../functions/core/keys.js";
import { LIST_PRICES } from "../../functions/core/pricing.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";

const SEEDS = new URL("../../seeds/", import.meta.url).pathname;
const STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:DepecheReplay";
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

const sfn = mockClient(SFNClient);
let work: string;
let local: LocalStore;

function start(overrides: Partial<StartReplayOptions> = {}) {
  return startReplay({
    location: `s3://${LOCAL_BUCKET}/incoming/`,
    executionName: "backfill-2024",
    stateMachineArn: STATE_MACHINE,
    force: false,
    settings: DEFAULT_SETTINGS,
    prices: LIST_PRICES,
    s3Client: local.client,
    sfnClient: new SFNClient({}),
    stderr: quiet,
    ...overrides,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "depeche-replay-start-"));
  local = await openLocalStore(work);
  for (const name of await readdir(SEEDS)) {
    await local.store.put(keysFor(name).incoming, await readFile(join(SEEDS, name)));
  }
});
afterAll(async () => {
  await local.close();
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({
    executionArn: `${STATE_MACHINE.replace(":stateMachine:", ":execution:")}:backfill-2024`,
    startDate: new Date(0),
  });
});

describe("depeche replay s3://…", () => {
  it("starts the state machine with the bucket, prefix and force flag it reads", async () => {
    const started = await start({ force: true });

    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINE,
      name: "backfill-2024",
      input: JSON.stringify({ bucket: LOCAL_BUCKET, prefix: "incoming/", force: true }),
    });
    expect(started.executionArn).toMatch(/:execution:DepecheReplay:backfill-2024$/);
  });

  it("--estimate-first prices the prefix, and above --max-usd starts nothing", async () => {
    await expect(start({ maxUsd: 0.01 })).rejects.toThrow(
      /above --max-usd 0.01; nothing was started/,
    );
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 0);

    const started = await start({ maxUsd: 1 });
    expect(started.estimate?.totals.objects).toBe(5);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it("prices an S3 prefix exactly as the same files in a folder", async () => {
    const fromS3 = await estimateCommand({
      location: `s3://${LOCAL_BUCKET}/incoming/`,
      settings: DEFAULT_SETTINGS,
      prices: LIST_PRICES,
      s3Client: local.client,
      stderr: quiet,
    });
    const fromFolder = await estimateCommand({
      location: SEEDS,
      settings: DEFAULT_SETTINGS,
      prices: LIST_PRICES,
      stderr: quiet,
    });
    expect(fromS3.totals).toEqual(fromFolder.totals);
    expect(fromS3.articles.map((a) => a.name)).toEqual(fromFolder.articles.map((a) => a.name));
  });

  it.each([
    [{ location: "s3://no-such-bucket/incoming/" }, /no such bucket: s3:\/\/no-such-bucket/],
    [{ location: `s3://${LOCAL_BUCKET}/incoming/nothing/` }, /no objects under/],
    [{ location: `s3://${LOCAL_BUCKET}` }, /name a prefix/],
    [{ location: "s3://Not_A_Bucket/x" }, /does not name an S3 bucket/],
    [{ executionName: "two words" }, /--execution-name/],
    [{ stateMachineArn: "DepecheReplay" }, /--state-machine/],
  ])("refuses %j in one line and starts nothing", async (overrides, message) => {
    await expect(start(overrides)).rejects.toThrow(message);
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 0);
  });
});
