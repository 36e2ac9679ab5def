import { defineCommand } from "citty";
import { diffCommand } from "./diff-command.js";
import { formatDiff } from "./diff-format.js";
import { EXIT } from "./exit-codes.js";

export const diff = defineCommand({
  meta: {
    name: "diff",
    description:
      "Say what a re-run changed: per article, which of title, paragraph count, key phrases, entities, sentiment label and summary differ between two sets of enriched documents (folders or s3:// prefixes), with totals.",
  },
  args: {
    old: {
      type: "positional",
      description: "Folder or s3://bucket/prefix of the old documents",
      required: true,
    },
    new: {
      type: "positional",
      description: "Folder or s3://bucket/prefix of the new documents",
      required: true,
    },
    json: { type: "boolean", description: "Print the report as JSON", default: false },
  },
  async run({ args }) {
    const result = await diffCommand({ old: args.old, new: args.new });
    process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatDiff(result));
    process.exitCode = EXIT.ok;
  },
});
