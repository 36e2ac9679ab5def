import { defineCommand } from "citty";
import { settingFlags, settingsFromFlags } from "./command-line.js";
import type { EngineName } from "./engines.js";
import { readPrices } from "./estimate-cli.js";
import { formatEstimate } from "./estimate-format.js";
import { CliError, EXIT } from "./exit-codes.js";
import { glossaryFromFlag } from "./glossary-file.js";
import { replayLocal } from "./replay-command.js";
import { startReplay } from "./replay-start.js";

export const replay = defineCommand({
  meta: {
    name: "replay",
    description:
      "Re-run articles. On AWS: start the stack's replay state machine on s3://bucket/prefix (--execution-name, --state-machine; --estimate-first --max-usd refuses to start above a bill). Locally: --store <dir> re-runs the uploads of a local store whose enriched document is from an older producer version or another settings/glossary fingerprint (all with --force), and writes <out>/before and <out>/after for depeche diff.",
  },
  args: {
    location: {
      type: "positional",
      description: "s3://bucket/prefix to replay on AWS (omit with --store)",
      required: false,
    },
    store: { type: "string", description: "Replay a local store (depeche run --store <dir>)" },
    force: {
      type: "boolean",
      description: "Re-run every article, even those already enriched by this version and settings",
      default: false,
    },
    engine: {
      type: "enum",
      options: ["offline", "amazon"],
      description: "--store only: offline (Apertium + builtin analyser) or amazon",
      default: "offline",
    },
    out: {
      type: "string",
      description: "--store only: folder for before/ and after/ of every re-run article",
      default: "replay-out",
    },
    json: { type: "boolean", description: "Print the summary as JSON", default: false },
    "execution-name": {
      type: "string",
      description: "s3:// only: the Step Functions execution name",
    },
    "state-machine": {
      type: "string",
      description: "s3:// only: the ReplayStateMachineArn stack output",
    },
    "estimate-first": {
      type: "boolean",
      description: "s3:// only: price the prefix first (needs --max-usd)",
      default: false,
    },
    "max-usd": {
      type: "string",
      description: "s3:// only, with --estimate-first: refuse to start above this many dollars",
    },
    "cache-bucket": {
      type: "string",
      description: "s3:// only: the pipeline bucket whose translation cache the estimate applies",
    },
    prices: {
      type: "string",
      description: "JSON file overriding list prices (see depeche estimate)",
    },
    glossary: {
      type: "string",
      description:
        "The glossary to translate with (CSV or TMX); documents made with another one are re-run",
    },
    ...settingFlags(),
  },
  async run({ args }) {
    const settings = settingsFromFlags(args);
    const glossary = await glossaryFromFlag(args.glossary, settings);
    if (args.store !== undefined) {
      if (args.location !== undefined)
        throw new CliError("give either s3://… or --store, not both");
      const summary = await replayLocal({
        storeDirectory: args.store,
        force: args.force,
        engine: args.engine as EngineName,
        settings,
        glossary,
        out: args.out,
        execution: `local-${new Date().toISOString().replace(/[:.]/g, "-")}`,
        stderr: process.stderr,
      });
      const rerun = Object.values(summary.rerun).reduce((a, b) => a + b, 0);
      const reasons = (counts: Record<string, number>) =>
        Object.entries(counts)
          .map(([reason, n]) => `${reason} ${n}`)
          .join(", ");
      process.stdout.write(
        args.json
          ? `${JSON.stringify(summary, null, 2)}\n`
          : `${summary.uploads} uploads: ${rerun} re-run${rerun ? ` (${reasons(summary.rerun)})` : ""}, ${summary.uploads - rerun} left alone${summary.uploads - rerun ? ` (${reasons(summary.skipped)})` : ""}${rerun ? `\ncompare: depeche diff ${summary.out}/before ${summary.out}/after` : ""}\n`,
      );
      process.exitCode = summary.results.some((r) => r.status === "failed")
        ? EXIT.someFailed
        : EXIT.ok;
      return;
    }
    if (args.location === undefined) {
      throw new CliError("name what to replay: s3://bucket/prefix, or --store <dir>");
    }
    if (args["execution-name"] === undefined)
      throw new CliError("s3:// replays need --execution-name");
    if (args["state-machine"] === undefined) {
      throw new CliError(
        "s3:// replays need --state-machine (the ReplayStateMachineArn stack output)",
      );
    }
    const maxUsd = args["max-usd"] === undefined ? undefined : Number(args["max-usd"]);
    if (maxUsd !== undefined && !(Number.isFinite(maxUsd) && maxUsd >= 0)) {
      throw new CliError(`--max-usd must be a number of dollars, got "${args["max-usd"]}"`);
    }
    if (args["estimate-first"] !== (maxUsd !== undefined)) {
      throw new CliError("--estimate-first and --max-usd go together");
    }
    const started = await startReplay({
      location: args.location,
      executionName: args["execution-name"],
      stateMachineArn: args["state-machine"],
      force: args.force,
      maxUsd,
      cacheBucket: args["cache-bucket"],
      settings,
      glossary,
      prices: await readPrices(args.prices),
      stderr: process.stderr,
    });
    if (args.json) {
      process.stdout.write(`${JSON.stringify(started, null, 2)}\n`);
    } else {
      if (started.estimate) process.stdout.write(formatEstimate(started.estimate));
      process.stdout.write(
        `started ${started.executionArn}\nwatch:   aws stepfunctions describe-execution --execution-arn ${started.executionArn}\nresults: replay/${args["execution-name"]}/ in the pipeline bucket\n`,
      );
    }
    process.exitCode = EXIT.ok;
  },
});
