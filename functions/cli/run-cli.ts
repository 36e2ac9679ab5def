import { defineCommand } from "citty";
import { settingFlags, settingsFromFlags } from "./command-line.js";
import type { EngineName } from "./engines.js";
import { EXIT } from "./exit-codes.js";
import { runCommand } from "./run-command.js";

export const run = defineCommand({
  meta: {
    name: "run",
    description:
      "Run the whole pipeline offline on files or folders: embedded S3, the Lambda handlers, Apertium and the builtin analyser. Exit 0 when all were enriched, 2 when some ended as failure records, 1 on error.",
  },
  args: {
    inputs: {
      type: "positional",
      description: "Files or folders of articles (.txt, .html…)",
      required: true,
    },
    out: {
      type: "string",
      description: "Folder for enriched/ and failed/ results",
      default: "out",
    },
    engine: {
      type: "enum",
      options: ["offline", "amazon"],
      description:
        "offline: Apertium + builtin analyser; amazon: Amazon Translate + Comprehend (needs AWS credentials)",
      default: "offline",
    },
    store: {
      type: "string",
      description: "Keep the embedded bucket in this folder (translation cache survives runs)",
    },
    ...settingFlags(),
    glossary: {
      type: "string",
      description:
        "Terms that must come out one way: Amazon Translate's CSV (header row fr,en) or TMX; applied by both engines",
    },
  },
  async run({ args }) {
    const settings = settingsFromFlags(args);
    const summary = await runCommand({
      inputs: [args.inputs, ...args._.filter((a) => a !== args.inputs)],
      out: args.out,
      engine: args.engine as EngineName,
      settings,
      glossaryFile: args.glossary,
      storeDirectory: args.store,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    for (const failure of summary.failed) {
      process.stderr.write(`  ${failure.name}: ${failure.code}: ${failure.reason}\n`);
    }
    if (summary.missing.length > 0) {
      process.stderr.write(`No result for: ${summary.missing.join(", ")}\n`);
      process.exitCode = EXIT.error;
    } else {
      process.exitCode = summary.failed.length > 0 ? EXIT.someFailed : EXIT.ok;
    }
  },
});
