import { readFile } from "node:fs/promises";
import type { LanguagePair } from "../core/ports.js";
import type { PipelineSettings } from "../core/settings.js";
import { type Glossary, GlossaryError, parseGlossary } from "../core/translate/glossary.js";
import { CliError } from "./exit-codes.js";

/**
 * Reads and checks `--glossary <file>` (Amazon Translate's CSV with a `fr,en` header, or TMX).
 * A file that cannot be read or does not pass the checks is a `CliError`: one line naming the
 * file and the line, exit 1, before any article is touched.
 */
export async function readGlossaryFile(path: string, pair: LanguagePair): Promise<Glossary> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(`--glossary ${path}: ${code === "ENOENT" ? "no such file" : String(error)}`);
  }
  try {
    return parseGlossary(text, {
      file: path,
      sourceLanguage: pair.source,
      targetLanguage: pair.target,
    });
  } catch (error) {
    if (error instanceof GlossaryError) throw new CliError(`glossary ${error.message}`);
    throw error;
  }
}

/** `--glossary` as the commands take it: absent → no glossary; else read for the settings' pair. */
export async function glossaryFromFlag(
  path: string | undefined,
  settings: Pick<PipelineSettings, "sourceLanguage" | "targetLanguage">,
): Promise<Glossary | undefined> {
  if (path === undefined) return undefined;
  return readGlossaryFile(path, {
    source: settings.sourceLanguage,
    target: settings.targetLanguage,
  });
}
