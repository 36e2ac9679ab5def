import { defineCommand } from "citty";
import { reportCommand } from "./report/report-command.js";

export const report = defineCommand({
  meta: {
    name: "report",
    description:
      "Write one self-contained HTML page about a run: the --out folder of depeche run, or a --store folder. Works from file://, no network.",
  },
  args: {
    path: {
      type: "positional",
      description: "The out folder (enriched/, failed/) or a store folder",
      required: true,
    },
    output: {
      type: "string",
      description: "Where to write the page (default: <path>/report.html)",
    },
    open: {
      type: "boolean",
      description: "Open the page in the desktop's browser",
      default: false,
    },
  },
  async run({ args }) {
    const written = await reportCommand({
      path: args.path,
      output: args.output,
      open: args.open,
    });
    process.stdout.write(`${written.articles} articles → ${written.path}\n`);
  },
});
