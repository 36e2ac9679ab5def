import { defineConfig } from "vitest/config";
import { PlainSummaryReporter } from "./test/plain-summary-reporter.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", new PlainSummaryReporter()],
  },
});
