import { resolve } from "node:path";
import { writeBadInputs } from "../test/reliability/bad-inputs.js";

/**
 * Writes the bad-input matrix (test/reliability/bad-inputs.ts) into a folder, to run it by hand:
 *
 *   npx tsx scripts/make-bad-inputs.ts /tmp/bad && npm run depeche -- run /tmp/bad --out /tmp/bad-out
 */
const directory = process.argv[2];
if (directory === undefined) {
  process.stderr.write("usage: tsx scripts/make-bad-inputs.ts <folder>\n");
  process.exit(1);
}
const cases = await writeBadInputs(resolve(directory));
for (const input of cases) {
  const expected =
    input.expected.outcome === "enriched" ? "enriched" : `failed ${input.expected.code}`;
  process.stdout.write(`${input.name}\t${input.bytes.length} bytes\t→ ${expected}\n`);
}
