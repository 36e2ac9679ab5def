import {
  COMPREHEND_FEATURES,
  COMPREHEND_OPERATIONS,
} from "../functions/core/analyze/comprehend-requests.js";

/**
 * The IAM actions of the Comprehend requests the analyze stage (and the replay) sends: one per
 * feature of `COMPREHEND_FEATURES`, so a feature the code stops calling also leaves the policy.
 */
export const COMPREHEND_ACTIONS: string[] = COMPREHEND_FEATURES.map(
  (feature) => `comprehend:${COMPREHEND_OPERATIONS[feature]}`,
);
