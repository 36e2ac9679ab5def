import type { EnrichedDocument } from "./document.js";
import type { StoredObject } from "./ports.js";
import type { PipelineSettings } from "./settings.js";
import { type AnalyzeDeps, analyzeStage } from "./stages/analyze-stage.js";
import { cleanStage, type ObjectRef } from "./stages/clean-stage.js";
import { type TranslateDeps, translateStage } from "./stages/translate-stage.js";

export type { AnalyzeDeps, ObjectRef, TranslateDeps };
export { analyzeStage, cleanStage, translateStage };

/**
 * The depeche recipe. Each Lambda runs one stage and hands its document to the next through
 * the store; `runPipeline` runs all of them in one process (benchmark, tests).
 *
 *   1. decode + clean        bytes → title and paragraphs (boilerplate, duplicates, HTML chrome removed)
 *   2. detect language       French goes on; English passes through unbilled; anything else fails
 *   3. bound the bill        clean text over `maxTranslateBytes` fails before any call is made
 *   4. translate FR → EN     paragraph-aligned, cached per paragraph
 *   5. analyse               key phrases, entities, sentiment of the English text
 *   6. summarise             1–3 sentences copied from the English text
 *   7. assemble              the v1 enriched document (no clock: same input, same bytes)
 *
 * `runPipeline` runs all stages in one process: the same functions the Lambdas call, without
 * the store between them.
 */
export async function runPipeline(
  object: StoredObject,
  ref: ObjectRef,
  deps: TranslateDeps & AnalyzeDeps,
  settings: PipelineSettings,
): Promise<EnrichedDocument> {
  const clean = await cleanStage(object, ref, settings);
  const english = await translateStage(clean, deps, settings);
  return analyzeStage(english, deps, settings);
}
