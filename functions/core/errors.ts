/**
 * Errors the pipeline raises on purpose. Each carries a stable `code` that lands in failure
 * records, so downstream tooling can group failures without parsing prose.
 *
 * - `InputError`: the object itself cannot be enriched (empty, binary, too large, not French…).
 *   Retrying cannot help: the handler writes a failure record and acknowledges the message.
 * - `TransientError`: a dependency failed in a way a later attempt may not (throttling, 5xx,
 *   timeouts). The handler reports the message for retry; after the last attempt it writes a
 *   failure record and lets SQS move the message to the dead-letter queue.
 */
export type FailureCode =
  | "EMPTY_INPUT"
  | "BINARY_INPUT"
  | "COMPRESSED_INPUT"
  | "TOO_LARGE"
  | "NO_ARTICLE"
  | "TOO_LONG_TO_TRANSLATE"
  | "UNSUPPORTED_LANGUAGE"
  | "MALFORMED_STAGE_DOCUMENT"
  | "SOURCE_MISSING"
  | "KEY_TOO_LONG"
  | "TRANSLATION_FAILED"
  | "ANALYSIS_FAILED"
  | "RETRIES_EXHAUSTED";

export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}

export class TransientError extends Error {
  override readonly name = "TransientError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A conditional write lost: the object changed (or appeared, or vanished) since it was read.
 * The writer re-reads and tries again; it is never a failure of the article.
 */
export class PreconditionFailedError extends Error {
  override readonly name = "PreconditionFailedError";
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`conditional write of ${key} lost: the object changed since it was read`, options);
  }
}

/** Narrows a caught value to an Error without losing non-Error throwables. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** Thrown by a summariser when the service gave no answer after its retries. */
export class CompletionUnavailableError extends Error {
  override readonly name: string = "CompletionUnavailableError";
  constructor(
    message: string,
    /** Requests made, retries included. */
    readonly requests: number,
  ) {
    super(message);
  }
}
