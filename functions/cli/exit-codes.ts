/** Exit codes of the CLI: all enriched, some failed (failure records written), or an error. */
export const EXIT = { ok: 0, error: 1, someFailed: 2 } as const;

/** A problem the user can fix (configuration, missing input): printed as one line, exit 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}

/**
 * The one-line explanation of an error the user caused or can fix, or `undefined` for a bug
 * (which keeps its stack trace).
 */
export function userFacingMessage(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error instanceof CliError || error.name === "ApertiumUnavailableError") return error.message;
  const { code, path } = error as { code?: string; path?: string };
  if (code === "ENOENT") return `no such file or folder: ${path ?? error.message}`;
  return undefined;
}
