/**
 * The schema version and serialisation every document shares. Kept apart from the zod schemas
 * in `document.ts` so that code which only writes documents (the clean Lambda, failure records)
 * does not bundle the validator.
 */
export const SCHEMA_VERSION = "1.2";

/** Stable JSON: two-space indent and a trailing newline, so identical documents are identical bytes. */
export function serialize(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
