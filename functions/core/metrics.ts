/**
 * The metric contract of the pipeline: what the stage Lambdas publish (as CloudWatch embedded
 * metric format lines, through Powertools Metrics) and what the stack's alarms and dashboard
 * read. Both sides import these names; nothing else spells them.
 *
 * Every metric is published in `METRIC_NAMESPACE`, unit Count, with exactly the dimension sets
 * listed in `METRICS`. Powertools adds its `service` dimension to every set it publishes (it
 * cannot be turned off), so the contract includes it instead of fighting it: the service is
 * always `SERVICE_NAME` (the stack sets `POWERTOOLS_SERVICE_NAME` from it) and
 * `metricDimensions` gives the exact map an alarm must name. A CloudWatch alarm matches a metric
 * only on its full dimension set, so always build alarm dimensions with `metricDimensions`.
 */
import type { Stage } from "./keys.js";

/** CloudWatch namespace of every pipeline metric. */
export const METRIC_NAMESPACE = "Depeche";

/** Powertools service name: one name for the three stages, so logs and metrics query together. */
export const SERVICE_NAME = "depeche";

/** Dimension names, as published. `service` is Powertools' own (lower case). */
export const DIMENSION = {
  service: "service",
  stage: "Stage",
  code: "Code",
} as const;

const BY_STAGE = [DIMENSION.service, DIMENSION.stage] as const;
const BY_STAGE_AND_CODE = [DIMENSION.service, DIMENSION.stage, DIMENSION.code] as const;

export interface MetricDefinition {
  /** Always a count (of articles, characters, units or requests): sum it over a period. */
  readonly unit: "Count";
  /** Each list is one dimension set the metric is published with. */
  readonly dimensionSets: readonly (readonly string[])[];
  readonly description: string;
}

/** Every metric the stages publish, by name. */
export const METRICS = {
  /** One per article a stage finished: its output document was written. */
  ArticlesSucceeded: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Articles the stage finished (output written)",
  },
  /**
   * One per failure record written: bad input (`Code` = the `FailureCode`, e.g. `NO_ARTICLE`) or
   * the last delivery failing (`RETRIES_EXHAUSTED`). Published per stage and per stage and code,
   * so a failure-rate alarm can use `Stage` alone and the dashboard can split by code.
   */
  ArticlesFailed: {
    unit: "Count",
    dimensionSets: [BY_STAGE, BY_STAGE_AND_CODE],
    description: "Articles that ended as failed/<name>.json in this stage",
  },
  /** One per fault that sent a message back to its queue for another delivery. */
  ArticlesRetried: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Articles returned to the queue after a transient fault",
  },
  /** Work not done because it was not needed: already done, stale event, object gone. */
  ArticlesSkipped: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Articles skipped (already done for this source, stale or gone)",
  },
  /** Characters sent to Amazon Translate (billed), translate stage only. */
  TranslateCharactersBilled: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Characters billed by Amazon Translate",
  },
  /** Characters served from the translation cache instead of Translate, translate stage only. */
  TranslateCharactersCached: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Characters taken from the translation cache (not billed)",
  },
  /** Characters sent to Amazon Comprehend, summed over the three features, analyze stage only. */
  ComprehendCharactersBilled: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Characters sent to Amazon Comprehend",
  },
  /** Comprehend's billing units (100 characters, 3 at least per document and feature). */
  ComprehendUnits: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Amazon Comprehend units billed",
  },
  /** HTTP requests to the stage's paid service (Translate or Comprehend), retries included. */
  ServiceRequests: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "Requests to Translate or Comprehend, retries included",
  },
  /** Of those, the SDK's retries (throttling, 5xx, timeouts): `$metadata.attempts − 1` summed. */
  ServiceRetries: {
    unit: "Count",
    dimensionSets: [BY_STAGE],
    description: "SDK retries of Translate or Comprehend requests",
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

/** What one article's run adds to the stage's metrics, by name; absent means 0. */
export type ArticleMeasures = Partial<Record<MetricName, number>>;

/**
 * The exact dimension map of a metric published by `stage` (and with `code`, the per-code set
 * of `ArticlesFailed`), `service` included: what a CloudWatch alarm or graph must name.
 */
export function metricDimensions(stage: Stage, code?: string): Record<string, string> {
  return {
    [DIMENSION.service]: SERVICE_NAME,
    [DIMENSION.stage]: stage,
    ...(code === undefined ? {} : { [DIMENSION.code]: code }),
  };
}
