import { InvalidSettingsError } from "../functions/core/settings.js";
import { createPipelineApp } from "./pipeline-app.js";

// CDK entry point (`cdk.json` → `npx tsx infra/app.ts`); the CLI synthesizes on exit. A setting
// out of its bounds is the deployer's to fix: one line naming it and its range, exit 1.
try {
  createPipelineApp();
} catch (error) {
  if (!(error instanceof InvalidSettingsError)) throw error;
  process.stderr.write(`depeche: ${error.message}\n`);
  process.exit(1);
}
