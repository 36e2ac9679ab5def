import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Translator } from "../../functions/core/ports.js";
import { chrF } from "./metrics/chrf.js";
import { countLeftovers, type LeftoverCount, type Lexicons } from "./metrics/leftovers.js";

/**
 * The offline translation references: French articles of several sources and lengths, each
 * with an English reference translated by hand (provenance in each file). Read by
 * `npm run eval -- translate` and by the floors test, from the repository only.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REFERENCES = join(ROOT, "test/fixtures/translate/references");
const SEED_REFERENCES = join(ROOT, "test/fixtures/translate");

export interface Article {
  readonly title: string | null;
  readonly paragraphs: readonly string[];
}

export interface Reference {
  readonly name: string;
  readonly provenance: string;
  readonly french: Article;
  readonly english: Article;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const texts = (a: Article): string[] =>
  a.title === null ? [...a.paragraphs] : [a.title, ...a.paragraphs];

/** Every reference, by name: the hand-made ones and the two seed references (003, 004). */
export function loadReferences(): Reference[] {
  const made = readdirSync(REFERENCES)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".fr.json"))
    .sort()
    .map((f) => {
      const data = readJson<Article & { french: string; provenance: string }>(join(REFERENCES, f));
      return {
        name: f.replace(/\.json$/, ""),
        provenance: data.provenance,
        french: readJson<Article>(join(ROOT, data.french)),
        english: { title: data.title, paragraphs: data.paragraphs },
      };
    });
  const seeds = readdirSync(SEED_REFERENCES)
    .filter((f) => f.endsWith(".reference.en.json"))
    .sort()
    .map((f) => {
      const data = readJson<Article & { gold: string; note: string }>(join(SEED_REFERENCES, f));
      const french = readJson<Article>(join(ROOT, data.gold));
      return {
        name: f.replace(/\.reference\.en\.json$/, ""),
        provenance: `French: seed article (seeds/, real news). English: ${data.note}`,
        french,
        english: { title: data.title, paragraphs: data.paragraphs },
      };
    });
  return [...seeds, ...made];
}

export interface Measurement {
  readonly name: string;
  readonly words: number;
  readonly chrF: number;
  readonly leftovers: LeftoverCount;
}

/** Translates one reference's French with `translator`; chrF and leftovers of the result. */
export async function measure(
  reference: Reference,
  translator: Translator,
  lexicons: Lexicons,
): Promise<Measurement> {
  // Title and paragraphs both, when the reference translates a title.
  const french =
    reference.english.title === null ? [...reference.french.paragraphs] : texts(reference.french);
  const english = texts(reference.english);
  const output = await translator.translate(french, { source: "fr", target: "en" });
  const leftovers = countLeftovers(output.paragraphs.join("\n"), french.join("\n"), lexicons);
  return {
    name: reference.name,
    words: french.join(" ").split(/\s+/u).length,
    // Corpus chrF over the paragraphs, as the seed floors in apertium-translator.test.ts.
    chrF: chrF([...output.paragraphs], english),
    leftovers,
  };
}
