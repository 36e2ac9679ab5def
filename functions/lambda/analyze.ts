import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { S3Client } from "@aws-sdk/client-s3";
import { ComprehendAnalyzer } from "../adapters/aws/comprehend-analyzer.js";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { SERVICE_RETRY, ServiceCallCounter } from "../adapters/aws/service-calls.js";
import { summarizerFor } from "../adapters/aws/summarizer-on-demand.js";
import { analyzeDefinition } from "../handlers/analyze-definition.js";
import { createStageHandler } from "../handlers/stage-handler.js";
import { readEnvironment } from "./environment.js";
import { stageObservability } from "./observability.js";

// Composition root of the analyze Lambda: english/<name>.json → enriched/<name>.json.
const env = readEnvironment();
const { logger, tracer, metrics, instrument } = stageObservability("analyze");
const store = new S3ArticleStore(tracer.captureAWSv3Client(new S3Client({})), env.bucket);
const calls = new ServiceCallCounter();
const analyzer = new ComprehendAnalyzer(
  // Throttling and 5xx are retried by the SDK's adaptive retry strategy; the adapter re-sends
  // only the documents of a batch's ErrorList.
  tracer.captureAWSv3Client(new ComprehendClient({ ...SERVICE_RETRY })),
  { requestConcurrency: env.settings.serviceRequestConcurrency, calls },
);

// The Bedrock client is loaded only when the deployer chose the generative summariser.
const summarizer = await summarizerFor(env.settings);

export const handler = instrument(
  createStageHandler({
    bucket: env.bucket,
    store,
    maxReceiveCount: env.settings.maxReceiveCount,
    log: logger,
    metrics,
    serviceCalls: calls,
    definition: analyzeDefinition({ analyzer, stories: store, summarizer }, env.settings),
  }),
);
