import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { cleanDefinition } from "../handlers/clean-definition.js";
import { createStageHandler } from "../handlers/stage-handler.js";
import { readEnvironment } from "./environment.js";

// Composition root of the clean Lambda: incoming/<name> → clean/<name>.json.
const env = readEnvironment();
const store = new S3ArticleStore(new S3Client({}), env.bucket);

export const handler = createStageHandler({
  bucket: env.bucket,
  store,
  maxReceiveCount: env.settings.maxReceiveCount,
  log: new Logger(),
  definition: cleanDefinition(env.bucket, env.settings),
});
