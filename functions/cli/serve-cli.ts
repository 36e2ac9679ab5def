import { defineCommand } from "citty";
import { settingFlags, settingsFromFlags } from "./command-line.js";
import type { EngineName } from "./engines.js";
import { CliError, EXIT } from "./exit-codes.js";
import { DEFAULT_SERVE_PORT } from "./local-s3-server.js";
import { serveCommand } from "./serve-command.js";

/** Exit status after a second Ctrl-C: 128 + SIGINT, as shells report an interrupted program. */
const EXIT_INTERRUPTED = 130;

export const serve = defineCommand({
  meta: {
    name: "serve",
    description:
      "Run a local S3 endpoint (127.0.0.1, bucket depeche-local) with the pipeline behind it: any S3 client writes to incoming/ and reads enriched/ and failed/. Ctrl-C stops.",
  },
  args: {
    port: {
      type: "string",
      description: "Port on 127.0.0.1 (0 picks a free one)",
      default: String(DEFAULT_SERVE_PORT),
    },
    store: {
      type: "string",
      description: "Keep the bucket in this folder between runs (a temporary one otherwise)",
    },
    engine: {
      type: "enum",
      options: ["offline", "amazon"],
      description:
        "offline: Apertium + builtin analyser; amazon: Amazon Translate + Comprehend (needs AWS credentials)",
      default: "offline",
    },
    ...settingFlags(),
    glossary: {
      type: "string",
      description:
        "Terms that must come out one way: Amazon Translate's CSV (header row fr,en) or TMX; applied by both engines",
    },
  },
  async run({ args }) {
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new CliError(`--port must be a port number (0–65535), got "${args.port}"`);
    }
    const settings = settingsFromFlags(args);
    let interrupted = false;
    const stopSignal = new Promise<void>((resolve) => {
      process.on("SIGINT", () => {
        if (interrupted) process.exit(EXIT_INTERRUPTED);
        interrupted = true;
        resolve();
      });
      process.once("SIGTERM", () => resolve());
    });
    await serveCommand({
      port,
      engine: args.engine as EngineName,
      settings,
      storeDirectory: args.store,
      glossaryFile: args.glossary,
      stdout: process.stdout,
      stderr: process.stderr,
      stopSignal,
    });
    process.exitCode = EXIT.ok;
  },
});
