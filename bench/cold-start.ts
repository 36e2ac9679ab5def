import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { type BuiltBundle, bundleEntry, LAMBDA_ENTRIES, type StageName } from "./bundles.js";
import { median } from "./stats.js";

const execFileAsync = promisify(execFile);

/** The issue asks for the median of at least 10 fresh processes per side; 21 steadies it. */
export const COLD_INIT_RUNS = 21;

/** Unmeasured first launch per side: fills the OS page cache so run 1 is not a disk read. */
const COLD_INIT_WARMUP_RUNS = 1;

/** A probe that hangs is a bug (a socket opened at import); fail instead of waiting forever. */
const PROBE_TIMEOUT_MS = 30_000;

/** Baseline entries: the same AWS SDK clients each Lambda builds, and nothing of ours. */
export const SDK_BASELINE_ENTRIES: Record<StageName, string> = {
  clean: "bench/cold-start/sdk-clients-clean.ts",
  translate: "bench/cold-start/sdk-clients-translate.ts",
  analyze: "bench/cold-start/sdk-clients-analyze.ts",
};

/**
 * What the deployed functions find in their environment (values as the stack sets them, with a
 * made-up bucket), so the handler modules initialise. The metadata endpoint is disabled: no
 * client may touch the network at import, and a probe that tried would fail, not wait.
 */
const LAMBDA_LIKE_ENV: Readonly<Record<string, string>> = {
  BUCKET_NAME: "depeche-bench-bucket",
  SOURCE_LANGUAGE: "fr",
  TARGET_LANGUAGE: "en",
  TRANSLATE_CHUNK_BYTES: "9000",
  MAX_OBJECT_BYTES: String(5 * 1024 * 1024),
  MAX_TRANSLATE_BYTES: "100000",
  SUMMARY_SENTENCES: "3",
  MAX_RECEIVE_COUNT: "5",
  POWERTOOLS_SERVICE_NAME: "depeche",
  POWERTOOLS_LOG_LEVEL: "INFO",
  AWS_REGION: "eu-west-3",
  AWS_DEFAULT_REGION: "eu-west-3",
  AWS_EC2_METADATA_DISABLED: "true",
  NODE_ENV: "production",
};

/**
 * Runs in a fresh `node`: times the dynamic import of the bundle (module evaluation, which in
 * our entries builds the clients at module scope), as wall time and as CPU time of the process
 * (user + system; steadier than wall time when other jobs share the cores), and checks the
 * module exported what a Lambda entry or a baseline exports, so a broken bundle cannot pass as a
 * fast one.
 */
const PROBE = `
const url = process.argv[1];
const cpu = process.cpuUsage();
const started = performance.now();
const mod = await import(url);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
if (typeof mod.handler !== "function" && !Array.isArray(mod.clients)) {
  console.error("bundle exports neither handler nor clients: " + url);
  process.exit(2);
}
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000 }));
`;

export interface ColdInitResult {
  readonly stage: StageName;
  /** Median import-and-build time of the Lambda bundle, ms. */
  readonly handlerMs: number;
  /** Median import-and-build time of the SDK-clients-only bundle, ms. */
  readonly baselineMs: number;
  /** handlerMs / baselineMs: what our own code adds on top of the SDK clients. */
  readonly ratio: number;
  /** Median CPU time (user + system) of the same imports, ms, and their ratio. */
  readonly handlerCpuMs: number;
  readonly baselineCpuMs: number;
  readonly cpuRatio: number;
  readonly runs: number;
  readonly baselineBytes: number;
}

/**
 * Bundles the stage's SDK-only baseline exactly as the Lambdas are bundled (same options, split
 * too: the SDK's own lazy imports become chunks on both sides, so the ratio is our code alone).
 */
export async function bundleBaseline(stage: StageName, outDir: string): Promise<BuiltBundle> {
  await assertSameClients(stage);
  return bundleEntry(SDK_BASELINE_ENTRIES[stage], join(outDir, `baseline-${stage}`));
}

/**
 * Fresh processes, interleaved (handler, baseline, baseline, handler, …) so that a burst of
 * load on a shared machine hits both sides alike; medians of `runs` each.
 */
export async function measureColdInit(
  stage: StageName,
  handler: BuiltBundle,
  baseline: BuiltBundle,
  onRun: () => void,
  runs: number = COLD_INIT_RUNS,
): Promise<ColdInitResult> {
  for (let i = 0; i < COLD_INIT_WARMUP_RUNS; i++) {
    await probe(handler.file);
    await probe(baseline.file);
  }
  const handlerTimes: ProbeTiming[] = [];
  const baselineTimes: ProbeTiming[] = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (["h", "b"] as const) : (["b", "h"] as const);
    for (const side of order) {
      if (side === "h") handlerTimes.push(await probe(handler.file));
      else baselineTimes.push(await probe(baseline.file));
      onRun();
    }
  }
  const h = median(handlerTimes.map((t) => t.ms));
  const b = median(baselineTimes.map((t) => t.ms));
  const hCpu = median(handlerTimes.map((t) => t.cpuMs));
  const bCpu = median(baselineTimes.map((t) => t.cpuMs));
  return {
    stage,
    handlerMs: h,
    baselineMs: b,
    ratio: h / b,
    handlerCpuMs: hCpu,
    baselineCpuMs: bCpu,
    cpuRatio: hCpu / bCpu,
    runs,
    baselineBytes: baseline.bytes,
  };
}

/** Lines of a failed probe's stderr worth showing: the error, not a screen of minified code. */
const PROBE_ERROR_LINES = 3;

interface ProbeTiming {
  readonly ms: number;
  readonly cpuMs: number;
}

async function probe(file: string): Promise<ProbeTiming> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(
      process.execPath,
      ["--input-type=module", "-e", PROBE, pathToFileURL(file).href],
      { env: { PATH: process.env.PATH ?? "", ...LAMBDA_LIKE_ENV }, timeout: PROBE_TIMEOUT_MS },
    ));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    const lines = stderr.split("\n").filter((line) => /^\w*Error\b|^\s+at /.test(line));
    throw new Error(`Importing ${file} failed: ${lines.slice(0, PROBE_ERROR_LINES).join(" | ")}`);
  }
  return JSON.parse(stdout) as ProbeTiming;
}

const SDK_CLIENT_IMPORT = /from\s+["'](@aws-sdk\/client-[a-z0-9-]+)["']/g;

/** `from "./amazon-translator.js"`: a module in the entry's own folder. */
const SIBLING_IMPORT = /from\s+["']\.\/([a-z0-9-]+)\.js["']/g;

/**
 * The baseline is only fair if it builds the clients the Lambda builds: compare the SDK client
 * packages each entry imports, and refuse to measure if a Lambda gained or lost one.
 */
async function assertSameClients(stage: StageName): Promise<void> {
  // An entry's own helpers beside it (`./amazon-translator.js` in functions/lambda/) are part of
  // its composition root: the clients they build count as the entry's.
  const clientsOf = async (file: string): Promise<string> => {
    const source = await readFile(file, "utf8");
    const helpers = [...source.matchAll(SIBLING_IMPORT)].map((m) =>
      join(dirname(file), `${m[1]}.ts`),
    );
    const sources = [source, ...(await Promise.all(helpers.map((h) => readFile(h, "utf8"))))];
    const clients = sources.flatMap((text) =>
      [...text.matchAll(SDK_CLIENT_IMPORT)].map((m) => m[1]),
    );
    return [...new Set(clients)].sort().join();
  };
  const lambda = await clientsOf(LAMBDA_ENTRIES[stage]);
  const baseline = await clientsOf(SDK_BASELINE_ENTRIES[stage]);
  if (lambda !== baseline) {
    throw new Error(
      `${SDK_BASELINE_ENTRIES[stage]} builds [${baseline}] but ${LAMBDA_ENTRIES[stage]} builds [${lambda}]: update the baseline`,
    );
  }
}
