import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { highlight } from "../../functions/cli/report/highlight.js";
import { writeReport } from "../../functions/cli/report/report-command.js";
import { collectReport, type ResultSource } from "../../functions/cli/report/report-data.js";
import { renderReport } from "../../functions/cli/report/report-page.js";
import { runTotals } from "../../functions/cli/report/report-summary.js";
import type { EnrichedDocument, FailureRecord } from "../../functions/core/document.js";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const SCRIPT = "<script>alert('x')</script>";

function enriched(overrides: Partial<EnrichedDocument> = {}): EnrichedDocument {
  return {
    schemaVersion: "1.0",
    source: { bucket: "b", key: "incoming/a.txt", bytes: 120, sha256: "0".repeat(64), etag: "e" },
    title: "NATO meets in Paris",
    clean: {
      language: "fr",
      encoding: "utf-8",
      format: "text",
      title: "L'OTAN se réunit à Paris",
      author: null,
      published: null,
      paragraphs: ["L'OTAN se réunit à Paris mardi.", "Les ministres parlent."],
    },
    english: {
      title: "NATO meets in Paris",
      paragraphs: ["NATO meets in Paris on Tuesday.", "The ministers talk."],
    },
    keyPhrases: [{ text: "the ministers", score: 1 }],
    sentiment: {
      label: "NEUTRAL",
      scores: { positive: 0.1, negative: 0.1, neutral: 0.8, mixed: 0 },
    },
    entities: [
      { text: "NATO", type: "ORGANIZATION", score: 0.9 },
      { text: "Paris", type: "LOCATION", score: 0.9 },
    ],
    summary: ["NATO meets in Paris on Tuesday."],
    usage: {
      translate: { engine: "apertium", billedCharacters: 0, cachedCharacters: 0, requests: 1 },
      analyze: { engine: "builtin", billedCharacters: 0, requests: 0, units: 0 },
    },
    producer: { name: "depeche", version: "0.1.0" },
    ...overrides,
  };
}

function failure(code: string, reason: string): FailureRecord {
  return {
    schemaVersion: "1.0",
    status: "failed",
    source: { bucket: "b", key: "incoming/bad.bin", bytes: 9, etag: null },
    stage: "clean",
    code,
    reason,
    attempts: 1,
    producer: { name: "depeche", version: "0.1.0" },
  };
}

function source(
  results: { name: string; status: "enriched" | "failed"; json: unknown }[],
  sources: Record<string, string> = {},
  reads: Map<string, number> = new Map(),
): ResultSource {
  return {
    results: async () =>
      results.map((r) => ({
        name: r.name,
        status: r.status,
        read: async () => {
          reads.set(r.name, (reads.get(r.name) ?? 0) + 1);
          return new TextEncoder().encode(JSON.stringify(r.json));
        },
      })),
    source: async (name) => {
      const text = sources[name];
      return text === undefined ? undefined : new TextEncoder().encode(text);
    },
  };
}

describe("report page", () => {
  it("escapes every text from an article: titles, paragraphs, entities, names, reasons", async () => {
    const data = await collectReport(
      source([
        {
          name: `${SCRIPT}.txt`,
          status: "enriched",
          json: enriched({
            title: SCRIPT,
            clean: { ...enriched().clean, title: SCRIPT, paragraphs: [`${SCRIPT} un`] },
            english: { title: SCRIPT, paragraphs: [`${SCRIPT} one`] },
            entities: [{ text: "<b>NATO</b>", type: "ORGANIZATION", score: 1 }],
            summary: [SCRIPT],
          }),
        },
        { name: "bad.bin", status: "failed", json: failure("BINARY_INPUT", `${SCRIPT} bytes`) },
      ]),
      "out",
      1.5,
    );
    const html = renderReport(data);

    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>NATO");
    expect(html).toContain("&lt;script>alert('x')&lt;/script>");
    // Exactly one script element: the page's own.
    expect(html.match(/<script/g)).toHaveLength(1);
    // Nothing fetched from anywhere: no external URL in src/href.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("marks entities and key phrases where the document recorded them (1.1), aliases included", async () => {
    const page = async (document: EnrichedDocument) =>
      renderReport(
        await collectReport(
          source([{ name: "a.txt", status: "enriched", json: document }]),
          "out",
          1,
        ),
      );
    const marked = (html: string) =>
      [...html.matchAll(/<mark[^>]*>([^<]*)<\/mark>/g)].map((match) => match[1]);
    const english = {
      title: "Lavrov in Sochi",
      paragraphs: ["Sergei Lavrov met the press.", "Lavrov left early."],
    };

    // With mentions: "Lavrov" in the second paragraph is Sergei Lavrov, where the analysis said
    const withMentions = await page(
      enriched({
        schemaVersion: "1.1",
        english,
        keyPhrases: [
          { text: "the press", score: 1, mentions: [{ paragraph: 0, start: 18, end: 27 }] },
        ],
        entities: [
          {
            text: "Sergei Lavrov",
            type: "PERSON",
            score: 0.9,
            mentions: [
              { paragraph: 0, start: 0, end: 13 },
              { paragraph: 1, start: 0, end: 6 },
            ],
          },
        ],
      }),
    );
    expect(marked(withMentions)).toEqual(["Sergei Lavrov", "the press", "Lavrov"]);

    // A 1.0 document has no mentions: the whole name is matched as text, the alias is not
    const withoutMentions = await page(
      enriched({
        english,
        keyPhrases: [{ text: "the press", score: 1 }],
        entities: [{ text: "Sergei Lavrov", type: "PERSON", score: 0.9 }],
      }),
    );
    expect(marked(withoutMentions)).toEqual(["Sergei Lavrov", "the press"]);
  });

  it("counts enriched and failed by code, and what AWS would bill for offline work", async () => {
    const data = await collectReport(
      source([
        { name: "a.txt", status: "enriched", json: enriched() },
        { name: "x", status: "failed", json: failure("TOO_LARGE", "big") },
        { name: "y", status: "failed", json: failure("TOO_LARGE", "big") },
        { name: "z", status: "failed", json: failure("EMPTY_INPUT", "empty") },
        { name: "junk", status: "enriched", json: { not: "a document" } },
      ]),
      "out",
      null,
    );
    const totals = runTotals(data.articles);

    expect(totals).toMatchObject({ articles: 4, enriched: 1, failed: 3 });
    expect(totals.failuresByCode).toEqual([
      { code: "TOO_LARGE", count: 2 },
      { code: "EMPTY_INPUT", count: 1 },
    ]);
    // Title + paragraphs, in code points: 24 + 31 + 22.
    expect(totals.onAws.translateCharacters).toBe(77);
    // Three features, each at Comprehend's 3-unit minimum.
    expect(totals.onAws.comprehendUnits).toBe(9);
    expect(data.unreadable).toEqual([{ name: "junk", problem: "not a v1 enriched document" }]);
  });
});

describe("the report written one article at a time", () => {
  it("has the bytes of the whole page rendered at once, reading each result at most twice", async () => {
    const results = [
      {
        name: "b.txt",
        status: "enriched" as const,
        json: enriched({ title: "Second by name" }),
      },
      { name: "junk", status: "enriched" as const, json: { not: "a document" } },
      { name: "c.bin", status: "failed" as const, json: failure("BINARY_INPUT", "bytes") },
      {
        name: "a.txt",
        status: "enriched" as const,
        json: enriched({
          sentiment: {
            label: "POSITIVE",
            scores: { positive: 0.7, negative: 0.1, neutral: 0.2, mixed: 0 },
          },
        }),
      },
      { name: "broken", status: "failed" as const, json: "not a record" },
    ];
    // a.txt's source holds a share line the cleaner dropped: the template lists it.
    const sources = {
      "a.txt":
        "L'OTAN se réunit à Paris\n\nL'OTAN se réunit à Paris mardi.\n\nPartager sur Facebook\n\nLes ministres parlent.\n",
    };
    const expected = renderReport(await collectReport(source(results, sources), "out", 2.5));
    const reads = new Map<string, number>();
    const work = await mkdtemp(join(tmpdir(), "depeche-report-stream-"));
    try {
      const path = join(work, "report.html");
      const shown = await writeReport(source(results, sources, reads), "out", 2.5, path);
      expect(shown).toBe(3);
      const html = await readFile(path, "utf8");
      expect(html).toBe(expected);
      // The templates follow the list's order (by name), not the order results were found in.
      expect(html.indexOf('id="template-0"')).toBeLessThan(html.indexOf("Partager sur Facebook"));
      expect(html.indexOf("Partager sur Facebook")).toBeLessThan(html.indexOf('id="template-1"'));
      expect(html).toContain("junk</code>: not a v1 enriched document");
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    expect(Math.max(...reads.values())).toBeLessThanOrEqual(2);
    expect(reads.get("junk")).toBe(1);
  });
});

describe("highlight", () => {
  const terms = [
    { text: "NATO", kind: "entity" as const, type: "ORGANIZATION" },
    { text: "Nice", kind: "entity" as const, type: "LOCATION" },
    { text: "nice weather", kind: "phrase" as const, type: "KEY_PHRASE" },
    { text: "NATO summit", kind: "phrase" as const, type: "KEY_PHRASE" },
  ];
  it.each([
    ["whole words only", "NATOs and NATO.", ["NATOs and ", "[NATO]", "."]],
    ["entities case-sensitively", "a nice day in Nice", ["a nice day in ", "[Nice]"]],
    ["key phrases in any case", "Nice Weather today", ["[Nice Weather]", " today"]],
    ["the longer of overlapping terms", "the NATO summit", ["the ", "[NATO summit]"]],
  ])("marks %s", (_, paragraph, expected) => {
    const segments = highlight(paragraph, terms).map((s) => (s.mark ? `[${s.text}]` : s.text));
    expect(segments).toEqual(expected);
    expect(segments.join("").replace(/[[\]]/g, "")).toBe(paragraph);
  });
});

describe("highlight's quick check before each term's pattern", () => {
  it("still finds a key phrase written with characters that only case folding equates", () => {
    // ſ (long s) and the Kelvin sign match s and k case-insensitively, though lower-casing
    // leaves them alone: the substring check must not rule these paragraphs out.
    const terms = [
      { text: "stock market", kind: "phrase" as const, type: "KEY_PHRASE" },
      { text: "Élysée", kind: "phrase" as const, type: "KEY_PHRASE" },
    ];
    const marked = (paragraph: string) =>
      highlight(paragraph, terms)
        .filter((s) => s.mark)
        .map((s) => s.text);
    expect(marked("The ſtoc\u212a market fell.")).toEqual(["ſtoc\u212a market"]);
    expect(marked("The STOCK MARKET fell; the élysée spoke.")).toEqual(["STOCK MARKET", "élysée"]);
    expect(marked("Stock markets fell.")).toEqual([]);
  });
});

describe("highlight with mentions (schema 1.1)", () => {
  it("marks the recorded spans of the paragraph at hand, not text matches", () => {
    const term = {
      text: "Sergueï Lavrov",
      kind: "entity" as const,
      type: "PERSON",
      mentions: [
        { paragraph: 1, start: 3, end: 9 },
        { paragraph: 0, start: 0, end: 6 },
      ],
    };
    const segments = highlight("Mr Lavrov said so.", [term], 1);
    expect(segments.map((s) => (s.mark ? `[${s.text}]` : s.text))).toEqual([
      "Mr ",
      "[Lavrov]",
      " said so.",
    ]);
  });
});

describe("depeche report", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "depeche-report-cli-"));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const depeche = (...args: string[]) =>
    exec(process.execPath, [join(ROOT, "bin/depeche.mjs"), ...args], { cwd: ROOT }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it("writes report.html next to the results of an out folder", async () => {
    const out = join(work, "out");
    await mkdir(join(out, "enriched"), { recursive: true });
    await writeFile(join(out, "enriched", "a.txt.json"), JSON.stringify(enriched()));
    const { code, stdout } = await depeche("report", out);
    expect(code).toBe(0);
    expect(stdout).toContain("1 articles");
    const html = await readFile(join(out, "report.html"), "utf8");
    expect(html).toContain("NATO meets in Paris");
  });

  it("says in one line when a folder holds no results", async () => {
    const empty = join(work, "empty");
    await mkdir(empty);
    const { code, stderr } = await depeche("report", empty);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^depeche: .*holds no results/),
    ]);
  });
});
