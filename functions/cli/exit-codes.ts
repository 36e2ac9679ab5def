/** Exit codes of the CLI: all enriched, some failed (failure records written), or an error. */
export const EXIT = { ok: 0, error: 1, someFailed: 2 } as const;
