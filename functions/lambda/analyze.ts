import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { ComprehendAnalyzer } from "../adapters/aws/comprehend-analyzer.js";
import { SERVICE_RETRY, ServiceCallCounter } from "../adapters/aws/service-calls.js";
import { summarizerFor } from "../adapters/aws/summarizer-on-demand.js";
import { analyzeDefinition } from "../handlers/analyze-definition.js";
import { stageLambda } from "./stage-lambda.js";

// Composition root of the analyze Lambda: english/<name>.json → enriched/<name>.json.
const { env, tracer, store, handler: stageHandler } = stageLambda("analyze");
const calls = new ServiceCallCounter();
const analyzer = new ComprehendAnalyzer(
  // Throttling and 5xx are retried by the SDK's adaptive retry strategy; the adapter re-sends
  // only the documents of a batch's ErrorList.
  tracer.captureAWSv3Client(new ComprehendClient({ ...SERVICE_RETRY })),
  {
    requestConcurrency: env.settings.serviceRequestConcurrency,
    entities: env.settings.comprehendEntities,
    calls,
  },
);

// The Bedrock client is loaded only when the deployer chose the generative summariser.
const summarizer = await summarizerFor(env.settings);

export const handler = stageHandler(
  analyzeDefinition({ analyzer, stories: store, summarizer }, env.settings),
  calls,
);
