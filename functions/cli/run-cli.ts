import { defineCommand } from "citty";
import { DEFAULT_SETTINGS, TRANSLATE_REQUEST_LIMIT_BYTES } from "../core/settings.js";
import type { EngineName } from "./engines.js";
import { EXIT, userFacingMessage } from "./exit-codes.js";
import { runCommand } from "./run-command.js";

/** Deliveries before a message is dead-lettered; the stack uses the same default. */
const DEFAULT_MAX_RECEIVE_COUNT = 5;

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
    "chunk-bytes": {
      type: "string",
      description: `Amazon Translate request size in UTF-8 bytes (≤ ${TRANSLATE_REQUEST_LIMIT_BYTES})`,
      default: String(DEFAULT_SETTINGS.translateChunkBytes),
    },
    "summary-sentences": {
      type: "string",
      description: "Sentences in the summary (1–3)",
      default: String(DEFAULT_SETTINGS.summarySentences),
    },
  },
  async run({ args }) {
    const chunkBytes = positiveInt(args["chunk-bytes"], "--chunk-bytes");
    if (chunkBytes > TRANSLATE_REQUEST_LIMIT_BYTES)
      usage(`--chunk-bytes must be at most ${TRANSLATE_REQUEST_LIMIT_BYTES}`);
    const summarySentences = positiveInt(args["summary-sentences"], "--summary-sentences");
    if (summarySentences > 3) usage("--summary-sentences must be 1, 2 or 3");
    const summary = await runCommand({
      inputs: [args.inputs, ...args._.filter((a) => a !== args.inputs)],
      out: args.out,
      engine: args.engine as EngineName,
      settings: { ...DEFAULT_SETTINGS, translateChunkBytes: chunkBytes, summarySentences },
      maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
      storeDirectory: args.store,
      stdout: process.stdout,
      stderr: process.stderr,
    }).catch((error: unknown) => {
      const message = userFacingMessage(error);
      if (message === undefined) throw error;
      usage(message);
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

function positiveInt(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    usage(`${flag} must be a positive integer, got "${raw}"`);
  return value;
}

function usage(message: string): never {
  process.stderr.write(`depeche: ${message}\n`);
  process.exit(EXIT.error);
}
