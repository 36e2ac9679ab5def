/**
 * The offline `Translator`: Apertium French → Spanish → English (Debian has no fr-en pair), one
 * long-lived pipeline per process instead of two `apertium` processes per request.
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

/** French → English through Spanish: the two Debian pairs, in order. */
export const FR_EN_MODES = ["fr-es", "spa-eng"] as const;

/** The message a missing installation gets: what to run, not just what failed. */
export const APERTIUM_INSTALL_HINT =
  "Apertium is not installed. Install it with: apt-get install -y apertium apertium-fr-es apertium-eng-spa";

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
}

const execFileAsync = (file: string, args: readonly string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], (error) => (error ? reject(error) : resolve()));
  });

/** What is missing for the offline engine, or `undefined` when it can run. */
export async function apertiumProblem(
  dataDir: string = DEFAULT_APERTIUM_DATA_DIR,
): Promise<string | undefined> {
  for (const mode of FR_EN_MODES) {
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
export async function apertiumAvailable(dataDir?: string): Promise<boolean> {
  return (await apertiumProblem(dataDir)) === undefined;
}

export class ApertiumTranslator implements Translator {
  readonly engine = "apertium";
  private pipeline: ApertiumPipeline | undefined;
  private closed = false;
  /** Paragraphs whose placeholders Apertium lost, translated again unprotected (should stay 0). */
  placeholderFallbacks = 0;

  private readonly terms: readonly CompiledTerm[];

  private constructor(
    private readonly stages: readonly Stage[],
    private readonly timeoutMs: number,
    private readonly raw: boolean,
    readonly glossary: Glossary | undefined,
  ) {
    this.terms =
      glossary === undefined ? BUILTIN_TERMS : [...compileGlossary(glossary), ...BUILTIN_TERMS];
  }

  /** Starts the pipeline; `ApertiumUnavailableError` says what to install when it cannot. */
  static async start(options: ApertiumTranslatorOptions = {}): Promise<ApertiumTranslator> {
    const dataDir = options.dataDir ?? DEFAULT_APERTIUM_DATA_DIR;
    const problem = await apertiumProblem(dataDir);
    if (problem !== undefined) throw new ApertiumUnavailableError(problem);
    const translator = new ApertiumTranslator(
      await modeStages(FR_EN_MODES, dataDir),
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      options.raw ?? false,
      options.glossary,
    );
    translator.pipeline = await ApertiumPipeline.start(translator.stages, translator.timeoutMs);
    return translator;
  }

  /** Process ids of the running pipeline (empty once closed). */
  get pids(): number[] {
    return this.pipeline?.pids ?? [];
  }

  async translate(paragraphs: readonly string[], pair: LanguagePair): Promise<TranslationOutput> {
    if (pair.source !== "fr" || pair.target !== "en") {
      throw new InputError(
        "UNSUPPORTED_LANGUAGE",
        `the offline engine translates fr→en only, not ${pair.source}→${pair.target}`,
      );
    }
    if (this.closed) throw new Error("ApertiumTranslator is closed");
    if (this.pipeline === undefined || !this.pipeline.alive) {
      // The previous pipeline died (its callers were told); this call gets a fresh one.
      await this.pipeline?.close();
      this.pipeline = await ApertiumPipeline.start(this.stages, this.timeoutMs);
    }
    const pipeline = this.pipeline;
    let requests = 0;
    const english = await Promise.all(
      paragraphs.map(async (paragraph) => {
        if (paragraph.trim() === "") return "";
        requests += 1;
        if (this.raw) return decodeStream(await pipeline.request(paragraph)).trim();
        const { text, placeholders } = protectText(paragraph, this.terms);
        const reply = decodeStream(await pipeline.request(text));
        const restored = restoreText(reply, placeholders, paragraph);
        if (restored !== undefined) return restored;
        // A placeholder got lost: the unprotected paragraph, post-edited, is the safe answer.
        this.placeholderFallbacks += 1;
        requests += 1;
        return englishTypography(decodeStream(await pipeline.request(paragraph)));
      }),
    );
    return { paragraphs: english, billedCharacters: 0, requests };
  }

  /** Stops every program of the pipeline. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pipeline?.close();
  }
}
