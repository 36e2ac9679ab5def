import { Logger } from "@aws-lambda-powertools/logger";
import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { S3Client } from "@aws-sdk/client-s3";
import { ComprehendAnalyzer } from "../adapters/aws/comprehend-analyzer.js";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { summarizerFor } from "../adapters/aws/summarizer-on-demand.js";
import { analyzeDefinition } from "../handlers/analyze-definition.js";
import { createStageHandler } from "../handlers/stage-handler.js";
import { readEnvironment } from "./environment.js";

// Composition root of the analyze Lambda: english/<name>.json → enriched/<name>.json.
const env = readEnvironment();
const store = new S3ArticleStore(new S3Client({}), env.bucket);
const analyzer = new ComprehendAnalyzer(
  // The adapter retries throttling and ErrorList entries itself, with bounded backoff.
  new ComprehendClient({ maxAttempts: 1 }),
  { requestConcurrency: env.settings.serviceRequestConcurrency },
);

// The Bedrock client is loaded only when the deployer chose the generative summariser.
const summarizer = await summarizerFor(env.settings);

export const handler = createStageHandler({
  bucket: env.bucket,
  store,
  maxReceiveCount: env.settings.maxReceiveCount,
  log: new Logger(),
  definition: analyzeDefinition({ analyzer, stories: store, summarizer }, env.settings),
});
