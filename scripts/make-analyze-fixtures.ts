/**
 * Writes `test/fixtures/analyze/<seed>.en.json` ({ title, paragraphs }) from the gold French
 * cleanings in `test/fixtures/gold/`, translated by the real offline engine
 * (`apertium -u fr-es | apertium -u spa-eng`). The analyser golden tests read these files, so
 * they are real Apertium English, imperfections included.
 *
 * Usage: `npx tsx scripts/make-analyze-fixtures.ts` (needs the Debian apertium packages).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const GOLD_DIR = "test/fixtures/gold";
const OUT_DIR = "test/fixtures/analyze";

/** Apertium keeps blank lines as blank lines, so one call per article translates every paragraph. */
const PARAGRAPH_SEPARATOR = "\n\n";

interface Gold {
  readonly file: string;
  readonly title: string | null;
  readonly paragraphs: readonly string[];
}

function isGold(value: unknown): value is Gold {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.file === "string" &&
    (record.title === null || typeof record.title === "string") &&
    Array.isArray(record.paragraphs) &&
    record.paragraphs.every((p) => typeof p === "string")
  );
}

/**
 * Node hands a child a socket, not a pipe, as stdin; the `apertium` wrapper opens `/dev/stdin`,
 * which fails on a socket and yields empty output. `cat |` gives it a real pipe.
 */
const APERTIUM_PIPE = "cat | apertium -u fr-es | apertium -u spa-eng";

function apertium(text: string): string {
  const result = spawnSync("sh", ["-c", APERTIUM_PIPE], {
    input: text,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0 || (text.trim() !== "" && result.stdout.trim() === "")) {
    throw new Error(`apertium failed (${String(result.status)}): ${result.stderr}`);
  }
  return result.stdout;
}

function translateParagraphs(paragraphs: readonly string[]): string[] {
  const joined = apertium(paragraphs.join(PARAGRAPH_SEPARATOR));
  const split = joined
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (split.length === paragraphs.length) return split;
  // Separator lost: translate paragraph by paragraph (slower, same output).
  return paragraphs.map((p) => apertium(p).trim());
}

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const files = readdirSync(GOLD_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const file of files) {
    const parsed: unknown = JSON.parse(readFileSync(join(GOLD_DIR, file), "utf8"));
    if (!isGold(parsed)) throw new Error(`${file}: not a gold cleaning`);
    const title = parsed.title === null ? null : apertium(parsed.title).trim();
    const paragraphs = translateParagraphs(parsed.paragraphs);
    const seed = basename(file, ".json");
    const out = join(OUT_DIR, `${seed}.en.json`);
    writeFileSync(out, `${JSON.stringify({ title, paragraphs }, null, 2)}\n`);
    console.log(`${out}: ${paragraphs.length} paragraphs`);
  }
}

main();
