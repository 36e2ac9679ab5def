import { createPipelineApp } from "./pipeline-app.js";

// CDK entry point (`cdk.json` → `npx tsx infra/app.ts`); the CLI synthesizes on exit.
createPipelineApp();
