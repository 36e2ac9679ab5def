import { readFile } from "node:fs/promises";
import { defineCommand } from "citty";
import { asError } from "../core/errors.js";
import { LIST_PRICES, type PriceTable, pricesWithOverrides } from "../core/pricing.js";
import { settingFlags, settingsFromFlags } from "./command-line.js";
import { estimateCommand } from "./estimate-command.js";
import { formatEstimate } from "./estimate-format.js";
import { CliError, EXIT } from "./exit-codes.js";
import { glossaryFromFlag } from "./glossary-file.js";

export const estimate = defineCommand({
  meta: {
    name: "estimate",
    description:
      "Price a batch before paying for it: read and clean every object (locally or in S3 with your credentials), apply the translation cache, count the Translate characters and Comprehend units the pipeline would bill, and predict failures. Sends nothing to Translate or Comprehend and writes nothing.",
  },
  args: {
    location: {
      type: "positional",
      description: "A folder of articles, or s3://bucket/prefix",
      required: true,
    },
    json: { type: "boolean", description: "Print the report as JSON", default: false },
    prices: {
      type: "string",
      description:
        'JSON file overriding list prices, e.g. {"translateUsdPerCharacter": 0.000015, "comprehendUsdPerUnit": 0.0001, "bedrockTokenPrices": {"amazon.nova-lite-v1:0": {"inputUsdPer1kTokens": 0.00006, "outputUsdPer1kTokens": 0.00024}}}',
    },
    store: {
      type: "string",
      description:
        "For a folder: apply the translation cache of this local store (depeche run --store)",
    },
    glossary: {
      type: "string",
      description:
        "The glossary the pipeline applies (CSV or TMX): its terms are part of the cache keys",
    },
    ...settingFlags(),
    "cache-bucket": {
      type: "string",
      description:
        "For s3://: the pipeline bucket whose cache/translate/ applies (default: the source bucket)",
    },
  },
  async run({ args }) {
    const settings = settingsFromFlags(args);
    const prices = await readPrices(args.prices);
    const glossary = await glossaryFromFlag(args.glossary, settings);
    const result = await estimateCommand({
      location: args.location,
      settings,
      prices,
      glossary,
      storeDirectory: args.store,
      cacheBucket: args["cache-bucket"],
      stderr: process.stderr,
    });
    process.stdout.write(
      args.json ? `${JSON.stringify(result, null, 2)}\n` : formatEstimate(result),
    );
    process.exitCode = EXIT.ok;
  },
});

/** The list prices, or a partial table from a JSON file merged over them. */
export async function readPrices(path: string | undefined): Promise<PriceTable> {
  if (path === undefined) return LIST_PRICES;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CliError(`--prices ${path}: ${asError(error).message}`);
  }
  try {
    return pricesWithOverrides(json);
  } catch (error) {
    throw new CliError(`--prices ${path}: ${asError(error).message}`);
  }
}
