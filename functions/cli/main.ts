import { defineCommand, renderUsage, runCommand } from "citty";
import { PRODUCER } from "../core/version.js";
import { forStream, resolveCommand, resolveValue, unknownOption } from "./command-line.js";
import { CliError, EXIT, userFacingMessage } from "./exit-codes.js";

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
    serve: () => import("./serve-cli.js").then((m) => m.serve),
    replay: () => import("./replay-cli.js").then((m) => m.replay),
    diff: () => import("./diff-cli.js").then((m) => m.diff),
    report: () => import("./report-cli.js").then((m) => m.report),
  },
});

/**
 * Runs the CLI on `argv`. Before citty parses anything, the named command's options are
 * checked against its declaration (citty ignores unknown ones); `--help` prints that command's
 * usage. A usage error is one line on stderr and exit 1; colours only on a terminal. This is
 * the one place that happens: sub-commands throw (`CliError`, invalid settings, a missing file)
 * and leave the exit status to it.
 */
export async function cli(argv: string[]): Promise<void> {
  const out = (text: string) => process.stdout.write(forStream(text, process.stdout, process.env));
  try {
    const { command, parent, args } = await resolveCommand(main, argv);
    if (args.includes("--help") || args.includes("-h")) {
      out(`${await renderUsage(command, parent)}\n`);
      return;
    }
    if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
      out(`${PRODUCER.version}\n`);
      return;
    }
    if (command === main) {
      const name = args.find((arg) => !arg.startsWith("-"));
      if (name !== undefined) throw new CliError(`unknown command ${name}; see --help`);
      out(`${await renderUsage(main)}\n`);
      process.exitCode = EXIT.error;
      return;
    }
    const unknown = unknownOption(args, await resolveValue(command.args ?? {}));
    if (unknown !== undefined) throw new CliError(`unknown option ${unknown}; see --help`);
    await runCommand(main, { rawArgs: argv });
  } catch (error) {
    const message = userFacingMessage(error);
    if (message === undefined) throw error;
    process.stderr.write(forStream(`depeche: ${message}\n`, process.stderr, process.env));
    process.exitCode = EXIT.error;
  }
}
