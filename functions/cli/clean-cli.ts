import { readFile } from "node:fs/promises";
import { defineCommand } from "citty";
import { cleanArticle } from "../core/clean/index.js";
import { InputError } from "../core/errors.js";
import { EXIT } from "./exit-codes.js";

export const clean = defineCommand({
  meta: {
    name: "clean",
    description:
      "Print the cleaned article (title, paragraphs, language, encoding) of one file as JSON.",
  },
  args: {
    file: { type: "positional", description: "Article file (.txt or .html)", required: true },
  },
  async run({ args }) {
    const bytes = new Uint8Array(await readFile(args.file));
    try {
      const article = await cleanArticle(bytes);
      process.stdout.write(`${JSON.stringify(article, null, 2)}\n`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      process.stderr.write(`${args.file}: ${error.code}: ${error.message}\n`);
      process.exitCode = EXIT.someFailed;
    }
  },
});
