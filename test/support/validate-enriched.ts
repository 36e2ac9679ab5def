import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";

// Validates against the published JSON Schema file itself (not the zod source), as a
// downstream consumer would.
const schema = JSON.parse(
  readFileSync(new URL("../../schema/enriched-v1.schema.json", import.meta.url), "utf8"),
);
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** The schema violations of a document: an empty list means it is a valid v1 enriched document. */
export function validateEnriched(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
  );
}
