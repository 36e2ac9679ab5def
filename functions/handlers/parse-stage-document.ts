import { InputError } from "../core/errors.js";
import type { StoredObject } from "../core/ports.js";

/** Reads a stage document written by the previous stage, validated against its schema. */
export function parseStageDocument<T>(
  object: StoredObject,
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { message: string } };
  },
): T {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(object.bytes));
  } catch {
    throw new InputError("MALFORMED_STAGE_DOCUMENT", "The stage document is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      "MALFORMED_STAGE_DOCUMENT",
      `The stage document does not match its schema: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
