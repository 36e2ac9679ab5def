import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Stage } from "../core/keys.js";
import { DIMENSION, METRIC_NAMESPACE, type MetricName, SERVICE_NAME } from "../core/metrics.js";
import type { SqsHandler, StageMetrics } from "../handlers/stage-handler.js";
import { type XRayTracer, xrayTracerFromEnvironment } from "./xray-tracer.js";

/**
 * Observability of one stage Lambda: Powertools Logger, which adds the Lambda context (request
 * id, cold start) to every line; Powertools Metrics, which publish the contract of
 * `functions/core/metrics.ts` as embedded metric format; and X-Ray subsegments for the
 * invocation and for every command of the clients given to `tracer.captureAWSv3Client`
 * (`xray-tracer.ts`: what Powertools Tracer recorded, without the X-Ray SDK's cold start).
 * Built once per cold start by the composition roots.
 */
export interface StageObservability {
  readonly logger: Logger;
  readonly tracer: XRayTracer;
  readonly metrics: StageMetrics;
  /** The handler with the Lambda context in the logs and the invocation as a subsegment. */
  instrument(handler: SqsHandler): SqsHandler;
}

export function stageObservability(stage: Stage): StageObservability {
  const logger = new Logger({ serviceName: SERVICE_NAME, persistentKeys: { stage } });
  const tracer = xrayTracerFromEnvironment(SERVICE_NAME);
  const emf = new Metrics({
    namespace: METRIC_NAMESPACE,
    serviceName: SERVICE_NAME,
    defaultDimensions: { [DIMENSION.stage]: stage },
  });
  const metrics: StageMetrics = {
    publish(measures, failureCode) {
      // One EMF line per article, dimensions {service, Stage}.
      for (const [name, value] of Object.entries(measures)) {
        if (value !== undefined) emf.addMetric(name as MetricName, MetricUnit.Count, value);
      }
      emf.publishStoredMetrics();
      if (failureCode !== undefined) {
        // The per-code set of ArticlesFailed, {service, Stage, Code}: a line of its own.
        const byCode = emf.singleMetric();
        byCode.addDimension(DIMENSION.code, failureCode);
        byCode.addMetric("ArticlesFailed" satisfies MetricName, MetricUnit.Count, 1);
      }
    },
  };
  return {
    logger,
    tracer,
    metrics,
    instrument: (handler) => async (event, context) => {
      if (context !== undefined) logger.addContext(context);
      return tracer.traceInvocation(`## ${stage}`, () => handler(event, context));
    },
  };
}
