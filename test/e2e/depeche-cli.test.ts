import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fold } from "../../functions/core/analyze/words.js";
import type { Story } from "../../functions/core/document.js";
import { EnrichedDocumentSchema, FailureRecordSchema } from "../../functions/core/document.js";
import { validateEnriched } from "../support/validate-enriched.js";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/depeche.mjs");
const SEEDS = join(ROOT, "seeds");

/** Runs the real CLI in a child process, as a user would; resolves with its exit code. */
async function depeche(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return depecheWithEnv(process.env, ...args);
}

async function depecheWithEnv(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "depeche-e2e-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("depeche run (embedded S3, real handlers, Apertium, builtin analyser)", () => {
  it("enriches the five seeds into valid v1 documents and exits 0", async () => {
    const out = join(work, "seeds-out");
    const { code, stdout, stderr } = await depeche("run", SEEDS, "--out", out);

    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stdout).toMatch(/5 articles: 5 enriched, 0 failed/);
    const files = (await readdir(join(out, "enriched"))).sort();
    const stories = new Map<string, Story | undefined>();
    expect(files).toEqual((await readdir(SEEDS)).sort().map((f) => `${f}.json`));
    for (const file of files) {
      const document = JSON.parse(await readFile(join(out, "enriched", file), "utf8"));
      expect(validateEnriched(document)).toEqual([]);
      const parsed = EnrichedDocumentSchema.parse(document);
      expect(parsed.source.key).toBe(`incoming/${file.replace(/\.json$/, "")}`);
      expect(parsed.english.paragraphs).toHaveLength(parsed.clean.paragraphs.length);
      expect(parsed.usage.translate.engine).toBe("apertium");
      expect(parsed.keyPhrases.length).toBeGreaterThanOrEqual(3);
      expect(parsed.entities.length).toBeGreaterThan(0);
      // Really English: common English function words, and the French ones gone.
      const english = parsed.english.paragraphs.join(" ");
      expect(english).toMatch(/\b(the|and|of)\b/);
      expect(english.match(/\b(le|la|les|des|et)\b/g)?.length ?? 0).toBeLessThan(5);
      // 1.1: every entity has a sentiment and mentions that cut its name out of the English
      for (const entity of parsed.entities) {
        expect(entity.sentiment).toBeDefined();
        for (const m of entity.mentions ?? []) {
          const slice = parsed.english.paragraphs[m.paragraph]?.slice(m.start, m.end) ?? "";
          expect(` ${fold(entity.text)} `).toContain(` ${fold(slice)} `);
        }
      }
      // Quotation speakers are entities of the same document
      const names = new Set(parsed.entities.map((e) => e.text));
      for (const quote of parsed.quotes ?? []) {
        if (quote.speaker !== null) expect(names).toContain(quote.speaker);
      }
      stories.set(file.slice(0, 3), parsed.story);
    }
    // Same story: 000 and 001 (one wire story, two outlets); 003 and 004 are not 000's
    const first = stories.get("000");
    expect(stories.get("001")?.id).toBe(first?.id);
    expect(stories.get("001")?.duplicateOf).toBe("incoming/000_26c99712ce6ead19.txt");
    expect(stories.get("003")?.id).not.toBe(first?.id);
    expect(stories.get("004")?.id).not.toBe(first?.id);
  });

  it("writes a failure record for bad input and exits 2", async () => {
    const inputs = join(work, "mixed");
    await mkdir(inputs, { recursive: true });
    await writeFile(join(inputs, "vide.txt"), "");
    await writeFile(
      join(inputs, "article.txt"),
      await readFile(join(SEEDS, "003_8626bd346835ccc0.txt")),
    );
    const out = join(work, "mixed-out");

    const { code, stdout, stderr } = await depeche("run", inputs, "--out", out);

    expect(code).toBe(2);
    expect(stdout).toMatch(/2 articles: 1 enriched, 1 failed/);
    expect(stderr).toMatch(/vide\.txt: EMPTY_INPUT/);
    const failure = FailureRecordSchema.parse(
      JSON.parse(await readFile(join(out, "failed", "vide.txt.json"), "utf8")),
    );
    expect(failure.reason.length).toBeGreaterThan(10);
  });

  it("prints the cleaned article of one file as JSON", async () => {
    const { code, stdout } = await depeche("clean", join(SEEDS, "004_c0c2a675c781d31b.txt"));
    expect(code).toBe(0);
    const article = JSON.parse(stdout);
    expect(article.title).toBe(
      "La coopération militaire russo-turque va continuer malgré les sanctions américaines",
    );
    expect(article.language).toBe("fr");
    expect(article.paragraphs.join("\n")).not.toMatch(/PUBLICITÉ|Partager cet article/);
  });

  it("explains itself with --help and exits 1 on a usage error", async () => {
    const help = await depeche("run", "--help");
    expect(help.stdout).toMatch(/--out/);
    expect(help.stdout).toMatch(/--engine/);
    const bad = await depeche("run", SEEDS, "--translate-chunk-bytes", "20000");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'depeche: --translate-chunk-bytes must be an integer in [4, 10000], got "20000"\n',
    );
  });

  it("refuses an unknown option and an out-of-range setting in one line, exit 1, before any work", async () => {
    const typo = await depeche("run", SEEDS, "--glosary", "x", "--out", join(work, "typo"));
    expect(typo).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "depeche: unknown option --glosary; see --help\n",
    });
    const summary = await depeche("run", SEEDS, "--summary-sentences=5");
    expect(summary).toMatchObject({
      code: 1,
      stderr: 'depeche: --summary-sentences must be an integer in [1, 3], got "5"\n',
    });
    const unknownCommand = await depeche("frob");
    expect(unknownCommand).toMatchObject({
      code: 1,
      stderr: "depeche: unknown command frob; see --help\n",
    });
  });

  it("prints no colour codes when stdout is not a terminal, even with FORCE_COLOR", async () => {
    const help = await depecheWithEnv({ ...process.env, FORCE_COLOR: "1" }, "run", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /--summary-sentences=<summary_sentences> +Sentences in the extractive summary: an integer in \[1, 3\]/,
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(help.stdout).not.toMatch(/\u001b\[/);
  });

  it("says in one line what is wrong with a missing input or missing AWS configuration, and exits 1", async () => {
    const missing = await depeche("run", join(work, "no-such-folder"), "--out", join(work, "x"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^depeche: no such file or folder: .*no-such-folder\n$/);

    const { AWS_REGION: _region, AWS_DEFAULT_REGION: _default, ...withoutRegion } = process.env;
    const amazon = await depecheWithEnv(
      { ...withoutRegion, AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: "/dev/null" },
      "run",
      SEEDS,
      "--engine",
      "amazon",
      "--out",
      join(work, "y"),
    );
    expect(amazon.code).toBe(1);
    expect(amazon.stderr).toMatch(/--engine amazon needs an AWS region and credentials/);
  });
});

describe("depeche run --glossary", () => {
  const TERMS = [
    ["Bayraktar TB2", "Bayraktar TB2"],
    ["Sotchi", "Sochi"],
    ["Kremlin", "Kremlin"],
  ] as const;

  it("puts every glossary target in the English wherever its source is in the French", async () => {
    const glossary = join(work, "terms.csv");
    await writeFile(glossary, `fr,en\n${TERMS.map((t) => t.join(",")).join("\n")}\n`);
    const out = join(work, "glossary-out");
    const { code, stderr } = await depeche("run", SEEDS, "--out", out, "--glossary", glossary);
    expect({ code, stderr }).toMatchObject({ code: 0 });
    let occurrences = 0;
    for (const file of await readdir(join(out, "enriched"))) {
      const document = EnrichedDocumentSchema.parse(
        JSON.parse(await readFile(join(out, "enriched", file), "utf8")),
      );
      expect(document.usage.translate.glossary).toMatchObject({ name: "terms" });
      const french = [document.clean.title ?? "", ...document.clean.paragraphs];
      const english = [document.english.title ?? "", ...document.english.paragraphs];
      french.forEach((paragraph, i) => {
        for (const [source, target] of TERMS) {
          const count = paragraph.split(source).length - 1;
          occurrences += count;
          expect((english[i] ?? "").split(target).length - 1).toBeGreaterThanOrEqual(count);
        }
      });
    }
    // The seeds do mention all three (the check above is not vacuous).
    expect(occurrences).toBeGreaterThan(5);
  });

  it.each([
    [
      "fr,en\nSotchi,Sochi\nSotchi,Sotchi\n",
      /dup\.csv:3: duplicate source term "Sotchi" \(first on line 2\)/,
    ],
    ["fr;en\nSotchi;Sochi\n", /dup\.csv:1: the header row must name the languages/],
    ["fr,en\nSotchi,\n", /dup\.csv:2: empty target for "Sotchi"/],
  ])("refuses a bad glossary with one line naming file and line, exit 1", async (text, message) => {
    const glossary = join(work, "dup.csv");
    await writeFile(glossary, text);
    const { code, stderr } = await depeche(
      "run",
      SEEDS,
      "--out",
      join(work, "x"),
      "--glossary",
      glossary,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("says so when the glossary file does not exist", async () => {
    const { code, stderr } = await depeche("run", SEEDS, "--glossary", join(work, "none.csv"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/--glossary .*none\.csv: no such file/);
  });
});
