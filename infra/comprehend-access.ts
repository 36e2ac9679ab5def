import {
  COMPREHEND_OPERATIONS,
  comprehendFeatures,
} from "../functions/core/analyze/comprehend-requests.js";
import type { PipelineSettings } from "../functions/core/settings.js";

/**
 * The IAM actions of the Comprehend requests the analyze stage (and the replay) sends under
 * these settings: one per feature of `comprehendFeatures`, so a feature the code does not call
 * (BatchDetectEntities for English by default) is not granted either.
 */
export function comprehendActions(
  settings: Pick<PipelineSettings, "targetLanguage" | "comprehendEntities">,
): string[] {
  return comprehendFeatures(settings).map(
    (feature) => `comprehend:${COMPREHEND_OPERATIONS[feature]}`,
  );
}
