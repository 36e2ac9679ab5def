import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../../functions/core/clean/index.js";
import { InputError } from "../../../functions/core/errors.js";

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

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Median times of cleaning `small` and `large`, measured in alternation so that a burst of load
 * on the machine (other test files run in parallel) hits both sizes alike.
 */
async function pairedMedianMs(
  small: Uint8Array,
  large: Uint8Array,
  runs: number,
): Promise<[number, number]> {
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    let start = performance.now();
    await cleanArticle(small);
    smallTimes.push(performance.now() - start);
    start = performance.now();
    await cleanArticle(large);
    largeTimes.push(performance.now() - start);
  }
  return [median(smallTimes), median(largeTimes)];
}

/** Doubling the input may at most double the time; 3× leaves room for GC and a busy machine. */
const MAX_DOUBLING_RATIO = 3;

/** A 1 MB hostile input must not stall the Lambda: well under its timeout, and under 1 s here. */
const PATHOLOGICAL_BUDGET_MS = 1000;

/**
 * HTML goes through linkedom and Readability, which read ordinary HTML at about 2 MB/s here;
 * 5 s for 1 MB of hostile markup leaves room for a loaded CI machine and stays far below the
 * clean Lambda's timeout.
 */
const PATHOLOGICAL_HTML_BUDGET_MS = 5000;

describe("cleanArticle performance", () => {
  it("grows linearly: a 1 MB text takes less than three times a 0.5 MB one", async () => {
    // Given two scraped texts, one twice the size of the other
    const half = scrapedText(512 * 1024);
    const full = scrapedText(1024 * 1024);
    await cleanArticle(half); // warm up the JIT

    // When each is cleaned a few times
    const [halfMs, fullMs] = await pairedMedianMs(half, full, 5);

    // Then the time grows in proportion
    expect(fullMs / halfMs).toBeLessThan(MAX_DOUBLING_RATIO);
  });

  it("grows linearly on HTML: a 512 KB page takes less than three times a 256 KB one", async () => {
    const half = htmlPage(256 * 1024);
    const full = htmlPage(512 * 1024);
    await cleanArticle(half);

    const [halfMs, fullMs] = await pairedMedianMs(half, full, 3);

    expect(fullMs / halfMs).toBeLessThan(MAX_DOUBLING_RATIO);
  });

  it("skips Readability on a page nested 1,000 levels deep and still finds the article in time", async () => {
    const sentence =
      "Le conseil municipal a adopté le budget de la ville mardi soir après trois heures de débat.";
    const html = `<!doctype html><html><body>${"<div>".repeat(1000)}<p>${sentence}</p>${"</div>".repeat(1000)}</body></html>`;

    const start = performance.now();
    const article = await cleanArticle(new TextEncoder().encode(html));

    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_BUDGET_MS);
    expect(article.paragraphs).toEqual([sentence]);
  });

  it("refuses a page nested 50,000 levels deep at once instead of parsing it for seconds", async () => {
    const html = `<html><body>${"<div>".repeat(50_000)}texte${"</div>".repeat(50_000)}</body></html>`;

    const start = performance.now();
    let code: string | undefined;
    try {
      await cleanArticle(new TextEncoder().encode(html));
    } catch (error: unknown) {
      if (!(error instanceof InputError)) throw error;
      code = error.code;
    }

    expect(code).toBe("NO_ARTICLE");
    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_BUDGET_MS);
  });

  it("cleans a 1 MB pathological HTML page well within a Lambda timeout", async () => {
    const sentence =
      "Le conseil municipal a adopté le budget de la ville mardi soir après trois heures de débat.";
    const junk = [
      "<div".repeat(60 * 1024),
      "<".repeat(100 * 1024),
      "&amp;".repeat(40 * 1024),
      `<p>${"mot ".repeat(50 * 1024)}</p>`,
      "<span>x</span>".repeat(20 * 1024),
    ];
    const html = `<!doctype html><html><body><article><p>${sentence}</p>${junk.join("")}</article></body></html>`;
    expect(html.length).toBeGreaterThan(1_000_000);

    const start = performance.now();
    await cleanArticle(new TextEncoder().encode(html));

    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_HTML_BUDGET_MS);
  });

  it("cleans a 1 MB pathological input in under a second", async () => {
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
      "<div".repeat(20 * 1024),
    ];
    const input = new TextEncoder().encode(parts.join("\n"));
    expect(input.length).toBeGreaterThan(1_000_000);

    // When it is cleaned
    const start = performance.now();
    const article = await cleanArticle(input);
    const elapsed = performance.now() - start;
    console.info(`1 MB pathological input cleaned in ${elapsed.toFixed(0)} ms`);

    // Then it finishes in time and still finds the sentence
    expect(elapsed).toBeLessThan(PATHOLOGICAL_BUDGET_MS);
    expect(article.paragraphs).toContain(
      "Le conseil municipal a adopté le budget de la ville mardi soir après trois heures de débat.",
    );
  });
});
