/**
 * The retry timing the Amazon adapters share. Which errors are worth retrying stays with each
 * adapter: the services name their exceptions differently.
 */

/** First backoff delay, doubled each attempt (AWS's exponential backoff recommendation). */
export const DEFAULT_BASE_DELAY_MS = 200;

/** Cap on one delay, so a long retry chain cannot eat the Lambda's timeout. */
export const DEFAULT_MAX_DELAY_MS = 5_000;

/** Capped exponential backoff: base × 2^(attempt−1), at most `maxDelayMs`. */
export function cappedBackoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

/** Real waiting; tests inject a recorder instead. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
