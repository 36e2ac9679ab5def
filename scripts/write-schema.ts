import { writeFile } from "node:fs/promises";
import { enrichedJsonSchema, failureJsonSchema } from "./json-schema.js";

// Regenerates schema/*.schema.json from the zod definitions (the single source).
// A test fails when the committed files and the definitions disagree.
for (const [file, schema] of [
  ["enriched-v1.schema.json", enrichedJsonSchema()],
  ["failure-v1.schema.json", failureJsonSchema()],
] as const) {
  const target = new URL(`../schema/${file}`, import.meta.url);
  await writeFile(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${file}`);
}
