import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { bundleEntry, LAMBDA_ENTRIES, STAGES, type StageName } from "./bundles.js";
import { bundleBaseline, COLD_INIT_RUNS, measureColdInit } from "./cold-start.js";

/**
 * `npm run bench:cold -- [stage…] [--runs N]`: only the bundle and cold-init parts of
 * `npm run bench` (≈ 30 s instead of ≈ 3 min), with the same bundling and the same interleaved
 * probes, printed to stdout; nothing is written to bench/results.json. For trying a start-up
 * change; the published figures still come from the full run.
 */
async function main(argv: readonly string[]): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : COLD_INIT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs needs a positive integer");
  const named = argv.filter((arg, i) => !arg.startsWith("--") && argv[i - 1] !== "--runs");
  const unknown = named.filter((arg) => !(arg in LAMBDA_ENTRIES));
  if (unknown.length > 0)
    throw new Error(`unknown stage ${unknown.join(", ")}: ${STAGES.join(", ")}`);
  const stages = named.length > 0 ? (named as StageName[]) : STAGES;
  const outDir = await mkdtemp(join(tmpdir(), "depeche-cold-"));
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(" ");
  try {
    process.stdout.write(`load before: ${load()}\n`);
    for (const stage of stages) {
      const bundle = await bundleEntry(LAMBDA_ENTRIES[stage], join(outDir, stage));
      const baseline = await bundleBaseline(stage, outDir);
      const r = await measureColdInit(stage, bundle, baseline, () => {}, runs);
      const mb = (bytes: number) => (bytes / 1e6).toFixed(3);
      process.stdout.write(
        `${stage}: bundle ${mb(bundle.bytes)} MB (${mb(bundle.startupBytes)} MB at start, baseline ${mb(baseline.startupBytes)}); ` +
          `cold init ${r.handlerMs.toFixed(1)} vs ${r.baselineMs.toFixed(1)} ms wall (${r.ratio.toFixed(2)}×), ` +
          `${r.handlerCpuMs.toFixed(1)} vs ${r.baselineCpuMs.toFixed(1)} ms CPU (${r.cpuRatio.toFixed(2)}×), ${runs} runs\n`,
      );
    }
    process.stdout.write(`load after: ${load()}\n`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
