import { defineCommand, parseArgs, renderUsage } from "citty";
import { unknownOption } from "../functions/cli/command-line.js";
import {
  DEFAULTS,
  overrideNumbers,
  parsePairs,
  parseSweep,
  runSimulation,
  SimulateUsageError,
} from "./simulate/cli.js";

// `npm run simulate`: the scale model of the deployed pipeline (scripts/simulate/model.ts).
// Bad arguments: one line on stderr, exit 1.

/** Enough for any archive someone would drop at once; more is a typo. */
const MAX_UPLOADS = 10_000_000;

const args = {
  uploads: { type: "string", description: "uploads to simulate (default 100000)" },
  seed: {
    type: "string",
    description: "random seed; the same seed gives the same figures (default 1)",
  },
  sweep: {
    type: "string",
    description:
      "run once per value: name=a..b or name=a,b,c (a CDK context key, or maxConcurrency for every stage)",
  },
  context: {
    type: "string",
    description: "CDK context overrides, checked like cdk synth: key=value[,key=value]",
  },
  workload: {
    type: "string",
    description: `workload and fault overrides: key=value[,…] of ${Object.keys(DEFAULTS.workload).join(", ")}`,
  },
  times: {
    type: "string",
    description: `service-time overrides (ms): key=value[,…] of ${Object.keys(DEFAULTS.times).join(", ")}`,
  },
} as const;

const command = defineCommand({
  meta: { name: "simulate", description: "Discrete-event scale model of the deployed pipeline" },
  args,
});

function positiveInteger(
  text: string | undefined,
  flag: string,
  fallback: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new SimulateUsageError(`${flag} must be an integer in [1, ${max}], got "${text}"`);
  }
  return Number(text);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${await renderUsage(command)}\n`);
    return;
  }
  const unknown = unknownOption(argv, args);
  if (unknown !== undefined) throw new SimulateUsageError(`unknown option ${unknown}; see --help`);
  const positional = argv.filter(
    (arg, i) => !arg.startsWith("-") && !(argv[i - 1] ?? "").startsWith("--"),
  );
  if (positional.length > 0)
    throw new SimulateUsageError(`unexpected argument "${positional[0]}"; see --help`);
  const parsed = parseArgs(argv, args);
  const workload = overrideNumbers(
    DEFAULTS.workload,
    parsePairs(parsed.workload, "--workload"),
    "--workload",
  );
  const options = {
    context: parsePairs(parsed.context, "--context"),
    workload: {
      ...workload,
      uploads: positiveInteger(parsed.uploads, "--uploads", workload.uploads, MAX_UPLOADS),
    },
    times: overrideNumbers(DEFAULTS.times, parsePairs(parsed.times, "--times"), "--times"),
    seed: positiveInteger(parsed.seed, "--seed", 1, 2 ** 32 - 1),
    sweep: parsed.sweep === undefined ? undefined : parseSweep(parsed.sweep),
  };
  process.stdout.write(`${runSimulation(options)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof SimulateUsageError) {
    process.stderr.write(`simulate: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
