import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../../functions/core/clean/index.js";

const SEEDS = new URL("../../../seeds/", import.meta.url);
const seedLines = readdirSync(SEEDS)
  .filter((name) => name.endsWith(".txt"))
  .flatMap((name) => readFileSync(new URL(name, SEEDS), "utf8").split("\n"));

/**
 * A scraped-looking text of about `bytes` bytes: seed lines, each made unique with a counter so
 * that duplicate removal cannot make the work smaller than the input.
 */
function scrapedText(bytes: number): Uint8Array {
  const lines: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const line = `${seedLines[index % seedLines.length] ?? ""} (${index})`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return new TextEncoder().encode(lines.join("\n"));
}

const GOLD = JSON.parse(
  readFileSync(new URL("../../fixtures/gold/004_c0c2a675c781d31b.json", import.meta.url), "utf8"),
) as { paragraphs: string[] };

/** An HTML page of about `bytes` bytes: an article of numbered paragraphs with some link blocks. */
function htmlPage(bytes: number): Uint8Array {
  const blocks: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const paragraph = `<p>${GOLD.paragraphs[index % GOLD.paragraphs.length] ?? ""} (${index})</p>`;
    blocks.push(
      index % 7 === 0 ? `<div><a href="/a${index}">Lien ${index}</a>${paragraph}</div>` : paragraph,
    );
    size += paragraph.length;
  }
  const body = `<nav><a href="/">Accueil</a></nav><article><h1>Un titre</h1>${blocks.join("\n")}</article>`;
  return new TextEncoder().encode(
    `<!doctype html><html><head><title>Un titre</title></head><body>${body}</body></html>`,
  );
}

function medianMs(act: () => void, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    act();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Doubling the input may at most double the time; 3× leaves room for GC and a busy machine. */
const MAX_DOUBLING_RATIO = 3;

/** A 1 MB hostile input must not stall the Lambda: well under its timeout, and under 1 s here. */
const PATHOLOGICAL_BUDGET_MS = 1000;

describe("cleanArticle performance", () => {
  it("grows linearly: a 1 MB text takes less than three times a 0.5 MB one", () => {
    // Given two scraped texts, one twice the size of the other
    const half = scrapedText(512 * 1024);
    const full = scrapedText(1024 * 1024);
    cleanArticle(half); // warm up the JIT

    // When each is cleaned a few times
    const halfMs = medianMs(() => cleanArticle(half), 3);
    const fullMs = medianMs(() => cleanArticle(full), 3);

    // Then the time grows in proportion
    expect(fullMs / halfMs).toBeLessThan(MAX_DOUBLING_RATIO);
  });

  it("grows linearly on HTML: a 512 KB page takes less than three times a 256 KB one", () => {
    const half = htmlPage(256 * 1024);
    const full = htmlPage(512 * 1024);
    cleanArticle(half);

    const halfMs = medianMs(() => cleanArticle(half), 3);
    const fullMs = medianMs(() => cleanArticle(full), 3);

    expect(fullMs / halfMs).toBeLessThan(MAX_DOUBLING_RATIO);
  });

  it("cleans a 1 MB pathological input in under a second", () => {
    // Given a 200 KB line without punctuation, runs of punctuation and of spaces, a 100 KB word
    const words = Array.from({ length: 30_000 }, (_, index) => `mot${index % 977}`).join(" ");
    const parts = [
      "Un titre comme un autre pour commencer",
      "Le conseil municipal a adopté le budget de la ville mardi soir après trois heures de débat.",
      words.slice(0, 200 * 1024),
      "!".repeat(150 * 1024),
      `${" ".repeat(100 * 1024)}x`,
      "«".repeat(50 * 1024),
      ".,;:".repeat(40 * 1024),
      "a".repeat(100 * 1024),
      "<".repeat(50 * 1024),
      "\n".repeat(50 * 1024),
      `${"Par ".repeat(20 * 1024)}`,
      "- ".repeat(40 * 1024),
    ];
    const input = new TextEncoder().encode(parts.join("\n"));
    expect(input.length).toBeGreaterThan(1_000_000);

    // When it is cleaned
    const start = performance.now();
    const article = cleanArticle(input);
    const elapsed = performance.now() - start;

    // Then it finishes in time and still finds the sentence
    expect(elapsed).toBeLessThan(PATHOLOGICAL_BUDGET_MS);
    expect(article.paragraphs).toContain(
      "Le conseil municipal a adopté le budget de la ville mardi soir après trois heures de débat.",
    );
  });
});
