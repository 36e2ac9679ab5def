import { defineCommand, runMain } from "citty";
import { PRODUCER } from "../core/version.js";

export const main = defineCommand({
  meta: {
    name: "depeche",
    version: PRODUCER.version,
    description:
      "French news articles in, enriched English JSON out. Offline twin of the AWS pipeline.",
  },
  // Loaded on demand: `depeche clean` and `--help` never load the pipeline, S3 server or engines.
  subCommands: {
    run: () => import("./run-cli.js").then((m) => m.run),
    clean: () => import("./clean-cli.js").then((m) => m.clean),
    estimate: () => import("./estimate-cli.js").then((m) => m.estimate),
  },
});

export async function cli(argv: string[]): Promise<void> {
  await runMain(main, { rawArgs: argv });
}
