/**
 * The offline `Translator`: Apertium French → English through two pivots (Debian has no fr-en
 * pair) — French → Spanish → English, and optionally also French → Catalan → English — one
 * long-lived pipeline per pivot instead of two `apertium` processes per request. With several
 * pivots each sentence goes through all of them and the output with fewer words Apertium could
 * not translate wins (ties: the first).
 *
 * 1. Each paragraph is pre-edited (`protectText`): model codes, URLs and glossary terms become
 *    placeholders Apertium passes through unchanged.
 * 2. Paragraphs go to the pipeline as separate NUL-delimited requests, all in flight together:
 *    one reply per paragraph, so the English is aligned 1:1 with the French by construction.
 * 3. Each reply is turned back into text, placeholders restored, and post-edited
 *    (`restoreText`: French typography, sentence-start capitals Apertium gets wrong).
 * 4. A pipeline that dies is replaced on the next call; the call that saw it die fails with
 *    `TransientError`.
 */
import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import type { LanguagePair, TranslationOutput, Translator } from "../../core/ports.js";
import { sentenceSlices } from "../../core/text/sentences.js";
import type { Glossary } from "../../core/translate/glossary.js";
import { type CompiledTerm, compileGlossary } from "./apertium-glossary.js";
import {
  ApertiumPipeline,
  DEFAULT_APERTIUM_DATA_DIR,
  DEFAULT_REQUEST_TIMEOUT_MS,
  modeStages,
  type Stage,
} from "./apertium-pipeline.js";
import {
  BUILTIN_TERMS,
  englishTypography,
  protectText,
  restoreText,
} from "./apertium-post-edit.js";
import { decodeStream } from "./apertium-stream.js";

/** One way from French to English through a third language: two Debian pairs, in order. */
export interface Pivot {
  readonly name: string;
  readonly modes: readonly [string, string];
}

/** French → Spanish → English: the raw pipe of the quick start (and `raw: true`). */
export const SPANISH_PIVOT: Pivot = { name: "es", modes: ["fr-es", "spa-eng"] };
/** French → Catalan → English. */
export const CATALAN_PIVOT: Pivot = { name: "ca", modes: ["fra-cat", "cat-eng"] };

/**
 * Both pivots, Spanish first: each sentence goes through both and the output with fewer words
 * Apertium marked as not translated wins (ties: Spanish). Measured on the nine references
 * (`npm run eval -- translate`, ADR 0004): it halves the foreign leftovers (25.7 → 12.3 per
 * 1,000 words) at the same mean chrF, but costs 0.7 chrF on seed 004 (below its pinned floor):
 * opt-in until it no longer lowers a floor.
 */
export const SPANISH_THEN_CATALAN: readonly Pivot[] = [SPANISH_PIVOT, CATALAN_PIVOT];

/** The pivots the offline engine runs by default. */
export const DEFAULT_PIVOTS: readonly Pivot[] = [SPANISH_PIVOT];

/** The Debian packages of the pivots (also in scripts/ensure-apertium.sh and .ci/run). */
export const APERTIUM_PACKAGES = [
  "apertium",
  "apertium-fr-es",
  "apertium-eng-spa",
  "apertium-fra-cat",
  "apertium-eng-cat",
] as const;

/** The message a missing installation gets: what to run, not just what failed. */
export const APERTIUM_INSTALL_HINT = `Apertium is not installed. Install it with: apt-get install -y ${APERTIUM_PACKAGES.join(" ")}`;

/**
 * Apertium's marks in `-g` output: `*` unknown word (`**` unknown to both pairs), `@` a lemma
 * with no translation, `#` a form the generator could not build. A mark before a lowercase word
 * is a foreign word left in the English; before a capital it is usually a name, copied on purpose.
 */
const MARK = /(?<![\p{L}\p{N}\\])[*@#]+(?=[\p{L}\p{N}])/gu;
const FOREIGN_WORD = /(?<![\p{L}\p{N}\\])[*@#]+(?=\p{Ll})/gu;

/** Words Apertium left untranslated in one pivot's output (the per-sentence choice's score). */
export function untranslatedWords(marked: string): number {
  return marked.match(FOREIGN_WORD)?.length ?? 0;
}

/** The output without Apertium's marks. */
export const removeMarks = (marked: string): string => marked.replace(MARK, "");

/** Thrown by `ApertiumTranslator.start` when the programs or the language data are missing. */
export class ApertiumUnavailableError extends Error {
  override readonly name = "ApertiumUnavailableError";
}

export interface ApertiumTranslatorOptions {
  /** Directory holding `modes/*.mode` (Debian: /usr/share/apertium). */
  readonly dataDir?: string;
  /** Milliseconds one paragraph may take before the pipeline is declared stuck. */
  readonly requestTimeoutMs?: number;
  /** Skip the pre-/post-edits (placeholders, glossary, typography): the raw engine. */
  readonly raw?: boolean;
  /** The user's glossary, applied before the built-in one (its terms win). */
  readonly glossary?: Glossary | undefined;
  /** Default `DEFAULT_PIVOTS`; `raw: true` always uses `SPANISH_PIVOT` alone. */
  readonly pivots?: readonly Pivot[];
}

const execFileAsync = (file: string, args: readonly string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], (error) => (error ? reject(error) : resolve()));
  });

/** What is missing for the offline engine, or `undefined` when it can run. */
export async function apertiumProblem(
  dataDir: string = DEFAULT_APERTIUM_DATA_DIR,
  pivots: readonly Pivot[] = DEFAULT_PIVOTS,
): Promise<string | undefined> {
  for (const mode of pivots.flatMap((pivot) => pivot.modes)) {
    try {
      await access(join(dataDir, "modes", `${mode}.mode`));
    } catch {
      return `${APERTIUM_INSTALL_HINT} (no ${mode} mode in ${join(dataDir, "modes")})`;
    }
  }
  try {
    // lt-proc is the first program of every mode; `-v` prints its version and exits.
    await execFileAsync("lt-proc", ["-v"]);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      return `${APERTIUM_INSTALL_HINT} (lt-proc not found on PATH)`;
    }
  }
  return undefined;
}

/** True when the fr→en pipeline can be started on this machine. */
export async function apertiumAvailable(
  dataDir?: string,
  pivots?: readonly Pivot[],
): Promise<boolean> {
  return (await apertiumProblem(dataDir, pivots)) === undefined;
}

export class ApertiumTranslator implements Translator {
  readonly engine = "apertium";
  /** One long-lived pipeline per pivot, started once, replaced only when it dies. */
  private readonly pipelines: (ApertiumPipeline | undefined)[];
  private closed = false;
  /** Paragraphs whose placeholders Apertium lost, translated again unprotected (should stay 0). */
  placeholderFallbacks = 0;
  /** Sentences each pivot won (by name): what the per-sentence rule chose. */
  readonly choices: Record<string, number> = {};
  private readonly terms: readonly CompiledTerm[];

  private constructor(
    private readonly pivots: readonly Pivot[],
    private readonly stages: readonly (readonly Stage[])[],
    private readonly timeoutMs: number,
    private readonly raw: boolean,
    readonly glossary: Glossary | undefined,
  ) {
    this.terms =
      glossary === undefined ? BUILTIN_TERMS : [...compileGlossary(glossary), ...BUILTIN_TERMS];
    this.pipelines = pivots.map(() => undefined);
  }

  /** Starts the pipelines; `ApertiumUnavailableError` says what to install when it cannot. */
  static async start(options: ApertiumTranslatorOptions = {}): Promise<ApertiumTranslator> {
    const dataDir = options.dataDir ?? DEFAULT_APERTIUM_DATA_DIR;
    const raw = options.raw ?? false;
    const pivots = raw ? [SPANISH_PIVOT] : (options.pivots ?? DEFAULT_PIVOTS);
    const problem = await apertiumProblem(dataDir, pivots);
    if (problem !== undefined) throw new ApertiumUnavailableError(problem);
    const stages = await Promise.all(
      pivots.map((pivot) => modeStages(pivot.modes, dataDir, { marks: !raw })),
    );
    const translator = new ApertiumTranslator(
      pivots,
      stages,
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      raw,
      options.glossary,
    );
    await translator.livePipelines();
    return translator;
  }

  /** Process ids of the running pipelines (empty once closed). */
  get pids(): number[] {
    return this.pipelines.flatMap((pipeline) => pipeline?.pids ?? []);
  }

  /** The pipelines, a fresh one in place of any that died (its callers were told). */
  private async livePipelines(): Promise<ApertiumPipeline[]> {
    return Promise.all(
      this.pipelines.map(async (pipeline, i) => {
        if (pipeline?.alive) return pipeline;
        await pipeline?.close();
        const fresh = await ApertiumPipeline.start(this.stages[i] ?? [], this.timeoutMs);
        this.pipelines[i] = fresh;
        return fresh;
      }),
    );
  }

  async translate(paragraphs: readonly string[], pair: LanguagePair): Promise<TranslationOutput> {
    if (pair.source !== "fr" || pair.target !== "en") {
      throw new InputError(
        "UNSUPPORTED_LANGUAGE",
        `the offline engine translates fr→en only, not ${pair.source}→${pair.target}`,
      );
    }
    if (this.closed) throw new Error("ApertiumTranslator is closed");
    const pipelines = await this.livePipelines();
    const counter = { requests: 0 };
    const english = await Promise.all(
      paragraphs.map(async (paragraph) => {
        if (paragraph.trim() === "") return "";
        if (this.raw) {
          counter.requests += 1;
          return decodeStream(await (pipelines[0] as ApertiumPipeline).request(paragraph)).trim();
        }
        const { text, placeholders } = protectText(paragraph, this.terms);
        const reply = await this.bestOfPivots(text, pipelines, counter);
        const restored = restoreText(reply, placeholders, paragraph);
        if (restored !== undefined) return restored;
        // A placeholder got lost: the unprotected paragraph, post-edited, is the safe answer.
        this.placeholderFallbacks += 1;
        counter.requests += 1;
        const primary = pipelines[0] as ApertiumPipeline;
        return englishTypography(removeMarks(decodeStream(await primary.request(paragraph))));
      }),
    );
    return { paragraphs: english, billedCharacters: 0, requests: counter.requests };
  }

  /**
   * The paragraph sentence by sentence through every pivot; per sentence, the output with the
   * fewest untranslated words (ties: the first pivot), marks removed, sentences joined again.
   */
  private async bestOfPivots(
    text: string,
    pipelines: readonly ApertiumPipeline[],
    counter: { requests: number },
  ): Promise<string> {
    if (pipelines.length === 1) {
      // One pivot, nothing to choose: the paragraph in one request.
      counter.requests += 1;
      return removeMarks(decodeStream(await (pipelines[0] as ApertiumPipeline).request(text)));
    }
    const sentences = sentenceSlices(text, "fr")
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence !== "");
    const chosen = await Promise.all(
      sentences.map(async (sentence) => {
        counter.requests += pipelines.length;
        const outputs = await Promise.all(
          pipelines.map(async (pipeline) => decodeStream(await pipeline.request(sentence)).trim()),
        );
        let best = 0;
        const scores = outputs.map(untranslatedWords);
        scores.forEach((score, i) => {
          if (score < (scores[best] ?? 0)) best = i;
        });
        const name = this.pivots[best]?.name ?? "?";
        this.choices[name] = (this.choices[name] ?? 0) + 1;
        return removeMarks(outputs[best] ?? "");
      }),
    );
    return chosen.join(" ");
  }

  /** Stops every program of every pipeline. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.pipelines.map((pipeline) => pipeline?.close()));
  }
}
