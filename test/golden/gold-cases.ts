import { readdirSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A cleaning fixture: the raw bytes and the article a person extracted from them by hand. */
export interface GoldCase {
  /** Stable name, e.g. "seeds/001_51d2232ddbd615fb.txt". */
  readonly name: string;
  readonly group: "seed" | "html" | "text";
  readonly bytes: Uint8Array;
  readonly gold: Gold;
}

export interface Gold {
  readonly file: string;
  readonly title: string | null;
  readonly paragraphs: readonly string[];
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SEEDS = join(ROOT, "seeds");
const SEED_GOLD = join(ROOT, "test/fixtures/gold");
/** Hand-made fixtures: `<name>.html|txt` next to `<name>.json` ({file,title,paragraphs}). */
const OWN = join(ROOT, "test/fixtures/clean");

function readGold(path: string): Gold {
  const gold = JSON.parse(readFileSync(path, "utf8")) as Gold;
  if (typeof gold.file !== "string" || !Array.isArray(gold.paragraphs)) {
    throw new Error(`${path} is not a gold file ({file, title, paragraphs})`);
  }
  return gold;
}

/** Every gold fixture: the seeds, then the hand-made HTML and text fixtures, sorted by name. */
export function loadGoldCases(): GoldCase[] {
  const seeds = readdirSync(SEED_GOLD)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file): GoldCase => {
      const gold = readGold(join(SEED_GOLD, file));
      return {
        name: `seeds/${gold.file}`,
        group: "seed",
        bytes: readFileSync(join(SEEDS, gold.file)),
        gold,
      };
    });
  const own = readdirSync(OWN)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file): GoldCase => {
      const gold = readGold(join(OWN, file));
      if (basename(gold.file, extname(gold.file)) !== basename(file, ".json")) {
        throw new Error(`${file} names ${gold.file}; a gold file must be named after its input`);
      }
      return {
        name: `clean/${gold.file}`,
        group: extname(gold.file) === ".html" ? "html" : "text",
        bytes: readFileSync(join(OWN, gold.file)),
        gold,
      };
    });
  return [...seeds, ...own];
}

/** The text scored against gold: the body paragraphs, one per line (the title is checked apart). */
export function articleBody(paragraphs: readonly string[]): string {
  return paragraphs.join("\n");
}
