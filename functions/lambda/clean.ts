import { cleanDefinition } from "../handlers/clean-definition.js";
import { stageLambda } from "./stage-lambda.js";

// Composition root of the clean Lambda: incoming/<name> → clean/<name>.json.
const { env, handler: stageHandler } = stageLambda("clean");

export const handler = stageHandler(cleanDefinition(env.bucket, env.settings));
