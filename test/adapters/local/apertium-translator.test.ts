import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpawnPerChunkApertiumTranslator } from "../../../bench/baselines/apertium-spawn-per-chunk.js";
import {
  ApertiumTranslator,
  ApertiumUnavailableError,
  apertiumAvailable,
} from "../../../functions/adapters/local/apertium-translator.js";
import { InputError, TransientError } from "../../../functions/core/errors.js";
import { chrF } from "../../../scripts/eval/metrics/chrf.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));
const FR_EN = { source: "fr", target: "en" } as const;

interface Article {
  readonly file: string;
  readonly title: string | null;
  readonly paragraphs: string[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const textsOf = (a: Article): string[] =>
  a.title === null ? a.paragraphs : [a.title, ...a.paragraphs];

const gold: Article[] = readdirSync(join(FIXTURES, "gold"))
  .sort()
  .map((f) => readJson<Article>(join(FIXTURES, "gold", f)));

/** Model names and codes: letters and digits in one token (Su-57, S-400, TB2, F-35). */
const MODEL_CODE =
  /(?<![\p{L}\p{N}])(?=[\p{L}\p{N}-]*\p{N})(?=[\p{L}\p{N}-]*\p{L})[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
/** Digit runs: "2018", "19", "8"… as a multiset, whatever separators English uses around them. */
const digitRuns = (text: string): string[] => (text.match(/\d+/g) ?? []).sort();

/**
 * Pinned quality floors against the human references (chrF, sacrebleu's default), and the gain
 * over the raw `apertium -u fr-es | apertium -u spa-eng` pipe. 004's reference guided the
 * post-edits; 003's was written after them, as a held-out check. Measured with the per-word
 * fallback (session 4): 004 raw 57.4 → engine 62.8; 003 raw 60.8 → engine 64.2. Raise the
 * floors when the engine improves; never lower them to make a change pass.
 */
const CHRF_FLOORS = [
  { seed: "004_c0c2a675c781d31b", floor: 62.8, minGain: 5.4 },
  { seed: "003_8626bd346835ccc0", floor: 64.2, minGain: 3.4 },
];

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("ApertiumTranslator (long-lived pipeline, real Apertium)", () => {
  let engine: ApertiumTranslator | undefined;
  const outputs = new Map<string, string[]>();
  /** `apertium -u fr-es | apertium -u spa-eng`, spawned per article: the raw pipe. */
  const rawPipe = new Map<string, string[]>();
  const running = (): ApertiumTranslator => {
    if (engine === undefined) throw new Error("the Apertium engine did not start");
    return engine;
  };

  beforeAll(async () => {
    expect(
      await apertiumAvailable(),
      "Apertium must be installed (scripts/ensure-apertium.sh)",
    ).toBe(true);
    const started = await ApertiumTranslator.start();
    engine = started;
    const baseline = new SpawnPerChunkApertiumTranslator();
    for (const article of gold) {
      outputs.set(article.file, [...(await started.translate(textsOf(article), FR_EN)).paragraphs]);
      rawPipe.set(article.file, [
        ...(await baseline.translate(textsOf(article), FR_EN)).paragraphs,
      ]);
    }
  });

  afterAll(async () => {
    const pids = engine?.pids ?? [];
    await engine?.close();
    // Every program of the pipeline has ended.
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it.each(gold.map((a) => [a.file, a] as const))(
    "keeps %s aligned 1:1 with the French and really translated",
    (file, article) => {
      const english = outputs.get(file) ?? [];
      expect(english).toHaveLength(textsOf(article).length);
      english.forEach((text, i) => {
        expect(text.trim()).not.toBe("");
        expect(text).not.toBe(textsOf(article)[i]);
      });
    },
  );

  it.each(gold.map((a) => [a.file, a] as const))(
    "keeps every model code and every number of %s intact",
    (file, article) => {
      const english = outputs.get(file) ?? [];
      textsOf(article).forEach((french, i) => {
        const out = english[i] ?? "";
        for (const code of french.match(MODEL_CODE) ?? []) {
          if (/^\d+(?:er|e|ème)$/u.test(code)) continue; // ordinals are translated (1er → 1st)
          expect(out, `${code} in ${file}[${i}]`).toContain(code);
        }
        expect(digitRuns(out), `numbers of ${file}[${i}]`).toEqual(digitRuns(french));
      });
    },
  );

  it("no longer mangles the names the raw pipe mangles", () => {
    const english = (outputs.get("003_8626bd346835ccc0.txt") ?? []).join("\n");
    expect(english).toContain("Su-57");
    expect(english).not.toMatch(/Known/);
    const english004 = (outputs.get("004_c0c2a675c781d31b.txt") ?? []).join("\n");
    expect(english004).toContain("mid-December");
    expect(english004).toContain("NATO");
    expect(english004).not.toMatch(/my-December|Otan/);
  });

  it("restores codes, URLs and handles wherever they stand in the sentence", async () => {
    const french = [
      "Su-57 et F-35 : le duel. Le S-500, la S-400 et les TB2 volent.",
      "« A400M » écrit @AFP sur https://exemple.fr/article?id=57 à 12h30.",
    ];
    const { paragraphs } = await running().translate(french, FR_EN);
    for (const token of [
      "Su-57",
      "F-35",
      "S-500",
      "S-400",
      "TB2",
      "A400M",
      "@AFP",
      "https://exemple.fr/article?id=57",
      "12h30",
    ]) {
      expect(paragraphs.join(" ")).toContain(token);
    }
  });

  it("serves concurrent callers with the right answers", async () => {
    const [a, b, c] = gold;
    if (!a || !b || !c) throw new Error("gold fixtures missing");
    const results = await Promise.all(
      [a, b, c, a].map((article) => running().translate(textsOf(article), FR_EN)),
    );
    expect(results.map((r) => r.paragraphs)).toEqual(
      [a, b, c, a].map((article) => outputs.get(article.file)),
    );
  });

  it("bills nothing and counts one request per non-blank paragraph", async () => {
    const result = await running().translate(["Bonjour.", " ", "Merci."], FR_EN);
    expect(result).toMatchObject({ billedCharacters: 0, requests: 2 });
    expect(result.paragraphs[1]).toBe("");
  });

  it("translates French to English only", async () => {
    await expect(
      running().translate(["Hola."], { source: "es", target: "en" }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it("gives, without its edits, exactly what the apertium command gives (same stream format)", async () => {
    const raw = await ApertiumTranslator.start({ raw: true });
    try {
      for (const article of gold) {
        const { paragraphs } = await raw.translate(textsOf(article), FR_EN);
        expect(paragraphs).toEqual(rawPipe.get(article.file));
      }
    } finally {
      await raw.close();
    }
  });

  it("looks up alone each word the Spanish pivot leaves foreign, and keeps names and numbers", async () => {
    const french = [
      "Les grévistes et les donateurs de Bordeaux ont reçu 12 000 euros.",
      "Une trentaine de viticulteurs à Burdeos.",
    ];
    const plain = await ApertiumTranslator.start({ wordLookups: [] });
    try {
      const without = (await plain.translate(french, FR_EN)).paragraphs;
      // Without the fallback: French left in (grévistes), a name in Spanish (Burdeos).
      expect(without[0]).toBe("The grévistes and the donateurs of Burdeos received 12,000 euros.");
    } finally {
      await plain.close();
    }
    const { paragraphs } = await running().translate(french, FR_EN);
    expect(paragraphs).toHaveLength(2);
    // French words through Esperanto / Catalan; the Spanish "Burdeos" back to the source's name.
    expect(paragraphs[0]).toBe("The strikers and the donors of Bordeaux received 12,000 euros.");
    // A word all pairs miss comes from the dictionaries (French → German → English, a regular
    // plural); a name the French wrote in Spanish stays as written.
    expect(paragraphs[1]).toContain("wine-growers");
    expect(paragraphs[1]).toContain("Burdeos");
    expect(running().wordFallbacks.name ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("takes from the dictionaries what no pair knows, and leaves English words alone", async () => {
    const french = [
      "La commande mark ouvre le tutoriel entre guillemets.",
      "La séance plénière et le micro du studio.",
    ];
    const noDictionaries = await ApertiumTranslator.start({ dictionaries: [] });
    try {
      const without = (await noDictionaries.translate(french, FR_EN)).paragraphs;
      expect(without[0]).toContain("tutoriel");
      expect(without[1]).toMatch(/plenaria.*micro/u);
    } finally {
      await noDictionaries.close();
    }
    const { paragraphs } = await running().translate(french, FR_EN);
    // "mark" is English as written: not looked up ("mark" is also a rare French word, "pulp").
    expect(paragraphs[0]).toContain("mark");
    expect(paragraphs[0]).toContain("tutorial");
    expect(paragraphs[0]).toContain("quotation marks");
    // The Spanish "plenaria" by its English twin; "micro", which es-fr gives back unchanged, as
    // the French word it is.
    expect(paragraphs[1]).toContain("plenary");
    expect(paragraphs[1]).toContain("microphone");
    expect(running().wordFallbacks.dictionary ?? 0).toBeGreaterThanOrEqual(3);
    expect(running().wordFallbacks.cognate ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("never has to fall back to the unprotected text on the seeds", () => {
    expect(running().placeholderFallbacks).toBe(0);
  });

  it.each(CHRF_FLOORS)(
    "scores chrF ≥ $floor on seed $seed, $minGain points above the raw pipe",
    ({ seed, floor, minGain }) => {
      // Prepare
      const article = readJson<Article>(join(FIXTURES, "gold", `${seed}.json`));
      const reference = readJson<Article>(join(FIXTURES, "translate", `${seed}.reference.en.json`));
      // Act
      const engineScore = chrF(outputs.get(article.file) ?? [], textsOf(reference));
      const rawScore = chrF(rawPipe.get(article.file) ?? [], textsOf(reference));
      // Assess
      expect(engineScore).toBeGreaterThanOrEqual(floor);
      expect(engineScore - rawScore).toBeGreaterThanOrEqual(minGain);
    },
  );
});

describe("ApertiumTranslator lifecycle", () => {
  it("gives the install command when Apertium's data is missing", async () => {
    const start = ApertiumTranslator.start({ dataDir: "/nonexistent/apertium" });
    await expect(start).rejects.toBeInstanceOf(ApertiumUnavailableError);
    await expect(start).rejects.toThrow(
      /apt-get install -y apertium apertium-fr-es apertium-eng-spa/,
    );
    expect(await apertiumAvailable("/nonexistent/apertium")).toBe(false);
  });

  it("names the FreeDict packages when the dictionaries are missing, and runs without them", async () => {
    const start = ApertiumTranslator.start({ dictdDir: "/nonexistent/dictd" });
    await expect(start).rejects.toBeInstanceOf(ApertiumUnavailableError);
    await expect(start).rejects.toThrow(/dict-freedict-fra-deu .*\/nonexistent\/dictd\/freedict-/u);
    // Turned off, they are not needed.
    const engine = await ApertiumTranslator.start({
      dictdDir: "/nonexistent/dictd",
      dictionaries: [],
    });
    await engine.close();
  });

  it("fails the calls in flight when a program dies, then starts a fresh pipeline", async () => {
    // Prepare
    const engine = await ApertiumTranslator.start();
    // The Spanish pivot's programs (the word-lookup pipelines run beside it).
    const first = engine.pidsOf("es");
    try {
      // Act: a long request in flight, then one program of the pipeline is killed
      const inFlight = engine.translate(textsOf(gold[0] as Article), FR_EN);
      process.kill(first[5] as number, "SIGKILL");
      // Assess
      await expect(inFlight).rejects.toBeInstanceOf(TransientError);
      // The other programs are stopped too (SIGTERM; they take a moment to exit).
      await expect.poll(() => first.filter(isRunning), { timeout: 5_000 }).toEqual([]);
      const again = await engine.translate(["Le chat noir."], FR_EN);
      expect(again.paragraphs).toEqual(["The black cat."]);
      expect(engine.pidsOf("es").some((pid) => first.includes(pid))).toBe(false);
    } finally {
      const last = engine.pids;
      await engine.close();
      expect(last.filter(isRunning)).toEqual([]);
    }
  });
});
