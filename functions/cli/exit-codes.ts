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
  // citty's own usage errors (missing argument, bad enum value) and settings out of bounds.
  const userFacing = ["CliError", "CLIError", "InvalidSettingsError", "ApertiumUnavailableError"];
  if (userFacing.includes(error.name)) return error.message;
  const { code, path } = error as { code?: string; path?: string };
  if (code === "ENOENT") return `no such file or folder: ${path ?? error.message}`;
  if (code === "EACCES" || code === "EPERM") {
    return `cannot read ${path ?? error.message}: permission denied`;
  }
  if (code === "EISDIR") return `${path ?? error.message} is a folder, not a file`;
  return undefined;
}
