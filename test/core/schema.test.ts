import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { PRODUCER } from "../../functions/core/version.js";
import { enrichedJsonSchema, failureJsonSchema } from "../../scripts/json-schema.js";

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
