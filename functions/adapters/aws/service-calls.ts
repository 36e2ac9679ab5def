/**
 * Retries are the AWS SDK's own (its retry strategy: exponential backoff with jitter, a retry
 * quota, and in adaptive mode a client-side rate limiter that slows down after throttling).
 * The adapters only count what the SDK did: every command's `$metadata.attempts`, on its output
 * or on the error it finally threw, is the number of HTTP requests it took.
 */

/**
 * The client settings of the billed services. Adaptive mode: Translate and Comprehend throttle
 * per account, and a Lambda that was throttled should send its next requests more slowly, not
 * just retry them. Five attempts (four retries) ride out a burst: at the SDK's 500 ms base for
 * throttling, doubling with jitter, that is at most ~7.5 s of waiting per request, well inside
 * the stage timeouts; past that the message goes back to its queue (`TransientError`).
 */
export const SERVICE_RETRY = { retryMode: "adaptive", maxAttempts: 5 } as const;

/** How many requests a command took: `$metadata.attempts` of its output or error (1 if absent). */
export function attemptsOf(outputOrError: unknown): number {
  if (typeof outputOrError !== "object" || outputOrError === null) return 1;
  const metadata: unknown = Reflect.get(outputOrError, "$metadata");
  const attempts: unknown =
    typeof metadata === "object" && metadata !== null
      ? Reflect.get(metadata, "attempts")
      : undefined;
  return typeof attempts === "number" && Number.isInteger(attempts) && attempts >= 1 ? attempts : 1;
}

/** A running count of requests and retries, shared by an adapter and the stage's metrics. */
export class ServiceCallCounter {
  requests = 0;
  retries = 0;

  /** Records one command that took `attempts` requests. */
  record(attempts: number): void {
    this.requests += attempts;
    this.retries += attempts - 1;
  }
}
