import * as z from "zod/mini";
import { EnrichedDocumentSchema, FailureRecordSchema } from "../functions/core/document.js";

/** JSON Schema (draft 2020-12) of the v1 enriched document, derived from its zod definition. */
export function enrichedJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://depeche.example/schema/enriched-v1.schema.json",
    title: "depeche enriched article v1",
    ...z.toJSONSchema(EnrichedDocumentSchema, { target: "draft-2020-12" }),
  };
}

/** JSON Schema of the failure record written to `failed/<name>.json`. */
export function failureJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://depeche.example/schema/failure-v1.schema.json",
    title: "depeche failure record v1",
    ...z.toJSONSchema(FailureRecordSchema, { target: "draft-2020-12" }),
  };
}
