import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { EnrichedDocumentSchema } from "../../functions/core/document.js";
import { PRODUCER } from "../../functions/core/version.js";
import { enrichedJsonSchema, failureJsonSchema } from "../../scripts/json-schema.js";
import { validateEnriched } from "../support/validate-enriched.js";

const read = async (path: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(`../../${path}`, import.meta.url), "utf8"));

describe("published schemas", () => {
  it("schema/enriched-v1.schema.json is what the zod definition generates (run npm run schema)", async () => {
    expect(await read("schema/enriched-v1.schema.json")).toEqual(enrichedJsonSchema());
  });

  it("schema/failure-v1.schema.json is what the zod definition generates (run npm run schema)", async () => {
    expect(await read("schema/failure-v1.schema.json")).toEqual(failureJsonSchema());
  });

  it("stamps documents with the package version", async () => {
    const pkg = (await read("package.json")) as { name: string; version: string };
    expect(PRODUCER).toEqual({ name: pkg.name, version: pkg.version });
  });
});

describe("schema 1.1 is additive", () => {
  it("a document written by a 1.0 producer still validates", async () => {
    // Given a 1.0 document: no mentions, entity sentiment, summary spans, quotes or story
    const old = (await read("test/fixtures/enriched-v1.0.json")) as Record<string, unknown>;
    expect(old.schemaVersion).toBe("1.0");
    expect(old).not.toHaveProperty("quotes");
    expect(old).not.toHaveProperty("story");

    // Then both the zod definition and the published JSON Schema accept it
    expect(EnrichedDocumentSchema.safeParse(old).success).toBe(true);
    expect(validateEnriched(old)).toEqual([]);
  });
});
