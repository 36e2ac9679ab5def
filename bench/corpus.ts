import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { type SentenceSpan, sentenceSpans } from "../functions/core/text/sentences.js";

/** An article as uploaded: its name, bytes and the text they decode to. */
export interface RawArticle {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly text: string;
}

/** Fixed seed: the same corpus on every run and machine, so runs compare. */
export const CORPUS_SEED = 20_240_805;

/** The issue asks for at least 100 articles; more would only lengthen the naive baseline. */
export const CORPUS_SIZE = 100;

/**
 * The pipeline's scaling corpus, generated the same way: ten times the main one shows whether
 * time and memory grow linearly, and is long enough (≈ 1 min) for start-up to stop mattering.
 */
export const LARGE_CORPUS_SIZE = 1_000;

const UTF8_DECODER = new TextDecoder("utf-8", { fatal: true });
const UTF8_ENCODER = new TextEncoder();

/** Reads `seeds/*.txt` in name order. */
export async function loadSeeds(directory: string): Promise<RawArticle[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith(".txt")).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = new Uint8Array(await readFile(join(directory, name)));
      return { name, bytes, text: UTF8_DECODER.decode(bytes) };
    }),
  );
}

/**
 * Builds a deterministic corpus from the seeds. Each generated article keeps the line layout of
 * one seed (its "host": title, bylines, share buttons, comment prompts — what the cleaner has to
 * remove), but every line of running text is rebuilt from as many sentences drawn at random
 * from all the seeds. The result reads like the seeds and cleans like them, yet its
 * paragraphs are new combinations, so a paragraph-level translation cache cannot answer them
 * from an earlier article.
 */
export function generateCorpus(
  seeds: readonly RawArticle[],
  size: number = CORPUS_SIZE,
  seed: number = CORPUS_SEED,
): RawArticle[] {
  const hosts = seeds.map((article) => article.text.split("\n"));
  const pool = hosts.flatMap((lines) => lines.flatMap(prose)).map((s) => s.text);
  const maxDraws = Math.max(...hosts.map((lines) => lines.flatMap(prose).length));
  if (pool.length === 0) throw new Error("The seeds hold no running text to recombine");

  // fast-check as a seeded PRNG: one sample of a whole plan. `noBias` keeps the draws uniform
  // (fast-check otherwise favours small values, which would repeat the first seed's sentences).
  const plan = fc.noBias(
    fc.array(
      fc.record({
        host: fc.nat({ max: seeds.length - 1 }),
        draws: fc.array(fc.nat({ max: pool.length - 1 }), {
          minLength: maxDraws,
          maxLength: maxDraws,
        }),
      }),
      { minLength: size, maxLength: size },
    ),
  );
  const [articles] = fc.sample(plan, { seed, numRuns: 1 });
  if (articles === undefined) throw new Error("fast-check returned no sample");

  return articles.map(({ host, draws }, index) => {
    let next = 0;
    const draw = (): string => pool[draws[next++] ?? 0] ?? "";
    const lines = (hosts[host] ?? []).map((line) => {
      const sentences = prose(line);
      return sentences.length === 0 ? line : sentences.map(draw).join(" ");
    });
    const text = lines.join("\n");
    const name = `corpus-${String(index).padStart(3, "0")}.txt`;
    return { name, bytes: UTF8_ENCODER.encode(text), text };
  });
}

/**
 * A line shorter than this that holds one sentence is a title, byline or button label: kept as
 * is. 80 characters is about a dozen French words, longer than the seeds' titles and prompts.
 */
export const PROSE_MIN_CHARS = 80;

/** A closing sentence mark, optionally followed by closing quotes: the end of running text. */
const ENDS_LIKE_PROSE = /[.!?…][»”"’)\s]*$/;

/** The sentences of a line that reads as running text; none for titles and page chrome. */
function prose(line: string): SentenceSpan[] {
  // The corpus is built from the French seeds.
  const sentences = sentenceSpans(line, "fr");
  if (sentences.length >= 2) return sentences;
  const isProse = line.length >= PROSE_MIN_CHARS && ENDS_LIKE_PROSE.test(line.trimEnd());
  return isProse ? sentences : [];
}
