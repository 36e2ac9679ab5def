import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/**
 * A stand-in for one SQS queue and its event source mapping: messages are delivered to the
 * handler in batches, up to `concurrency` batches at once (the mapping's `maxConcurrency`),
 * in the order they were sent; reported failures come back with their receive count
 * increased, and a message received `maxReceiveCount` times is dropped, as SQS moves it to the
 * dead-letter queue. Local only; the deployed stack uses real SQS.
 */
export interface LocalQueueOptions {
  readonly name: string;
  readonly handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  readonly batchSize: number;
  /** Batches handled at the same time; 1 delivers strictly one batch after another. */
  readonly concurrency: number;
  readonly maxReceiveCount: number;
  /** Delay before a failed message is visible again (the visibility timeout, scaled down). */
  readonly retryDelayMs: number;
  /** Called when the queue goes from busy to idle, so the runner can notice the end. */
  readonly onIdle: () => void;
}

interface Message {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
}

export class LocalQueue {
  private readonly ready: Message[] = [];
  private waiting = 0;
  private running = 0;
  private sequence = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly delivering = new Set<Promise<void>>();

  constructor(private readonly options: LocalQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`${options.name}: concurrency must be a positive integer`);
    }
  }

  get busy(): boolean {
    return this.running > 0 || this.waiting > 0 || this.ready.length > 0;
  }

  /** Messages waiting, being retried or being delivered. */
  get pending(): number {
    return this.ready.length + this.waiting + this.running;
  }

  /**
   * Stops delivering: the batches in the handler finish, waiting and retried messages are
   * dropped (their objects stay in the bucket for a later run to pick up).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting = 0;
    this.ready.length = 0;
    await Promise.all(this.delivering);
  }

  send(body: string): void {
    if (this.stopped) return;
    this.sequence += 1;
    this.ready.push({ messageId: `${this.options.name}-${this.sequence}`, body, receiveCount: 0 });
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running < this.options.concurrency && this.ready.length > 0) {
      this.running += 1;
      const batch = this.ready.splice(0, this.options.batchSize);
      const delivery = this.deliver(batch).finally(() => {
        this.running -= 1;
        this.delivering.delete(delivery);
        this.pump();
      });
      this.delivering.add(delivery);
    }
    if (!this.busy) this.options.onIdle();
  }

  private async deliver(batch: Message[]): Promise<void> {
    for (const message of batch) message.receiveCount += 1;
    let failed: Set<string>;
    try {
      const response = await this.options.handler({ Records: batch.map(toRecord) });
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      // A thrown handler fails the whole batch, as with a real event source mapping.
      failed = new Set(batch.map((m) => m.messageId));
    }
    for (const message of batch) {
      if (!failed.has(message.messageId)) continue;
      if (message.receiveCount >= this.options.maxReceiveCount) {
        // Dead-lettered: the handler wrote the failure record on this last delivery.
        continue;
      }
      this.waiting += 1;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting -= 1;
        this.ready.push(message);
        this.pump();
      }, this.options.retryDelayMs * message.receiveCount);
      this.timers.add(timer);
    }
  }
}

function toRecord(message: Message): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `local-${message.messageId}-${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: "0",
      SenderId: "local",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:local:000000000000:depeche-local",
    awsRegion: "local",
  };
}
