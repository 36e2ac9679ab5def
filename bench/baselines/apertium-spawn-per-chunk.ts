/**
 * The naive offline translator the benchmark measures the long-lived engine against: what the
 * known samples do, `apertium -u fr-es | apertium -u spa-eng` spawned afresh for every chunk.
 * Real translation (same Apertium, same language data), none of the engine's pre-/post-edits:
 * each chunk pays the start-up of both pipelines (≈ twenty programs loading their transducers).
 */
import { spawn } from "node:child_process";
import type { LanguagePair, TranslationOutput, Translator } from "../../functions/core/ports.js";
import { DEFAULT_TRANSLATE_CHUNK_BYTES } from "../../functions/core/settings.js";
import {
  assembleParagraphs,
  chunkParagraphs,
  PARAGRAPH_SEPARATOR,
} from "../../functions/core/translate/chunk.js";

/** A blank line: `apertium-destxt` keeps it as a superblank, so it survives both pairs. */
const BLANK_LINE = /\n[^\S\n]*\n\s*/u;

/**
 * The shell pipeline the samples run. `cat` first: the `apertium` wrapper reads `/dev/stdin`,
 * which cannot be opened when stdin is the socket Node gives a child, only a real pipe.
 */
const PIPELINE = "cat | apertium -u fr-es | apertium -u spa-eng";

/** Runs the pipeline on `text` in a fresh shell and returns stdout. */
function apertiumPipe(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const shell = spawn("sh", ["-c", PIPELINE], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    shell.stdout.setEncoding("utf8").on("data", (data: string) => {
      out += data;
    });
    shell.stderr.setEncoding("utf8").on("data", (data: string) => {
      err += data;
    });
    shell.on("error", reject);
    shell.on("close", (code) => {
      if (code === 0 && err.trim() === "") resolve(out);
      else reject(new Error(`apertium failed (exit ${code}): ${err.trim()}`));
    });
    shell.stdin.end(text);
  });
}

export class SpawnPerChunkApertiumTranslator implements Translator {
  readonly engine = "apertium-spawn-per-chunk";

  constructor(private readonly chunkBytes: number = DEFAULT_TRANSLATE_CHUNK_BYTES) {}

  async translate(paragraphs: readonly string[], pair: LanguagePair): Promise<TranslationOutput> {
    if (pair.source !== "fr" || pair.target !== "en") {
      throw new Error(`apertium baseline translates fr→en only, not ${pair.source}→${pair.target}`);
    }
    const chunks = chunkParagraphs(paragraphs, this.chunkBytes, { separator: PARAGRAPH_SEPARATOR });
    const pieces: string[] = [];
    for (const chunk of chunks) {
      const english = (await apertiumPipe(chunk.text)).trim().split(BLANK_LINE);
      if (english.length !== chunk.pieces.length) {
        throw new Error(
          `apertium returned ${english.length} paragraphs for ${chunk.pieces.length} in a chunk`,
        );
      }
      pieces.push(...english);
    }
    return {
      paragraphs: assembleParagraphs(paragraphs.length, chunks, pieces),
      billedCharacters: 0,
      requests: chunks.length,
    };
  }
}
