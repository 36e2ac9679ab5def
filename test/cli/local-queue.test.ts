import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { LocalQueue } from "../../functions/cli/local-queue.js";

/** A handler that records deliveries and how many were running at once. */
function recordingHandler(failFirst: ReadonlySet<string> = new Set()) {
  const delivered: string[][] = [];
  let running = 0;
  let maxRunning = 0;
  const attempts = new Map<string, number>();
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    delivered.push(event.Records.map((r) => r.body));
    await new Promise((resolve) => setTimeout(resolve, 5));
    running -= 1;
    const failures = event.Records.filter((r) => {
      const n = (attempts.get(r.body) ?? 0) + 1;
      attempts.set(r.body, n);
      return failFirst.has(r.body) && n === 1;
    }).map((r) => ({ itemIdentifier: r.messageId }));
    return { batchItemFailures: failures };
  };
  return { handler, delivered, maxRunning: () => maxRunning };
}

function queueWith(
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: { batchSize: number; concurrency: number },
) {
  let idle: () => void = () => {};
  const drained = new Promise<void>((resolve) => {
    idle = resolve;
  });
  const queue = new LocalQueue({
    name: "test",
    handler,
    maxReceiveCount: 3,
    retryDelayMs: 1,
    onIdle: () => {
      if (!queue.busy) idle();
    },
    ...options,
  });
  return { queue, drained };
}

const bodies = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);

describe("LocalQueue", () => {
  it("runs at most `concurrency` batches at once, starting them in the order sent", async () => {
    const recorder = recordingHandler();
    const { queue, drained } = queueWith(recorder.handler, { batchSize: 1, concurrency: 3 });
    for (const body of bodies(10)) queue.send(body);
    await drained;
    expect(recorder.maxRunning()).toBe(3);
    expect(recorder.delivered.flat()).toEqual(bodies(10));
  });

  it("delivers one batch after another with concurrency 1", async () => {
    const recorder = recordingHandler();
    const { queue, drained } = queueWith(recorder.handler, { batchSize: 2, concurrency: 1 });
    for (const body of bodies(5)) queue.send(body);
    await drained;
    expect(recorder.maxRunning()).toBe(1);
    expect(recorder.delivered.flat()).toEqual(bodies(5));
  });

  it("redelivers a reported failure and stays busy until it succeeded", async () => {
    const recorder = recordingHandler(new Set(["m1"]));
    const { queue, drained } = queueWith(recorder.handler, { batchSize: 1, concurrency: 2 });
    for (const body of bodies(3)) queue.send(body);
    await drained;
    expect(recorder.delivered.flat().filter((b) => b === "m1")).toHaveLength(2);
  });

  it("refuses a concurrency below 1", () => {
    expect(() => queueWith(recordingHandler().handler, { batchSize: 1, concurrency: 0 })).toThrow(
      /concurrency/,
    );
  });
});
