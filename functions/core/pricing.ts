import * as z from "zod/mini";

/**
 * The one price table of depeche: what each billed unit costs at AWS list prices, and how the
 * services count those units. `depeche estimate`, `depeche replay --estimate-first` and
 * `npm run bench` (bench/cost.ts) all price with it; a deployer with other prices passes a
 * partial table (`--prices prices.json`) that is merged over this one.
 *
 * Prices are USD list prices, first tier, no free tier (aws.amazon.com/translate/pricing and
 * /comprehend/pricing, as quoted in the project's AWS fact sheet §1.8 and §2.5: verify before
 * relying on a figure). Add a service as one more field with its unit in the name; every reader
 * of the table picks it up.
 */
/**
 * The schema of a price-table override, built on first use: the analyze Lambda imports this
 * module for `comprehendUnitsFor` and never parses a price table, and each zod schema built at
 * cold start costs it time (ADR 0007).
 */
function buildPartialPriceTableSchema() {
  const bedrockTokenPrice = z.strictObject({
    inputUsdPer1kTokens: z.number().check(z.nonnegative()),
    outputUsdPer1kTokens: z.number().check(z.nonnegative()),
  });
  return z.partial(
    z.strictObject({
      /** Amazon Translate, standard real-time text: $15.00 per million characters. */
      translateUsdPerCharacter: z.number().check(z.nonnegative()),
      /** Amazon Comprehend NLP APIs (key phrases, entities, sentiment): $0.0001 per unit, ≤ 10M units. */
      comprehendUsdPerUnit: z.number().check(z.nonnegative()),
      /** Amazon Bedrock on-demand text models, by base model id: USD per 1,000 tokens each way. */
      bedrockTokenPrices: z.record(z.string(), bedrockTokenPrice),
    }),
  );
}

let partialPriceTableSchema: ReturnType<typeof buildPartialPriceTableSchema> | undefined;

export type PriceTable = Required<z.infer<ReturnType<typeof buildPartialPriceTableSchema>>>;

export type BedrockTokenPrice = PriceTable["bedrockTokenPrices"][string];

/**
 * Bedrock on-demand (Standard tier) prices in us-east-1, USD per 1,000 tokens, for the text models
 * the summariser is documented with (ADR 0011). Bedrock's own pricing page
 * (aws.amazon.com/bedrock/pricing) renders its figures client-side and the project's fact sheet
 * has none, so these were read from third-party transcriptions of it and agree across them:
 * Nova Micro/Lite/Pro from the LiteLLM model table (gist.github.com/dinnouti/6aa006af5f1208f9fa9e92ddb0793b19)
 * and lava.so/docs/gateway/providers/bedrock (Nova Pro $0.80 / $3.20 per million); Claude 3.5
 * Haiku $0.80 / $4.00 and Claude 3 Haiku $0.25 / $1.25 per million, as Anthropic lists them and as
 * Bedrock matches (tokenmix.ai/blog/aws-bedrock-pricing). Other Regions can cost more (Canada's
 * Nova Lite output is quoted at $0.26 per million): verify, and pass `--prices` for another model.
 */
const BEDROCK_LIST_PRICES: Readonly<Record<string, BedrockTokenPrice>> = {
  "amazon.nova-micro-v1:0": { inputUsdPer1kTokens: 0.000035, outputUsdPer1kTokens: 0.00014 },
  "amazon.nova-lite-v1:0": { inputUsdPer1kTokens: 0.00006, outputUsdPer1kTokens: 0.00024 },
  "amazon.nova-pro-v1:0": { inputUsdPer1kTokens: 0.0008, outputUsdPer1kTokens: 0.0032 },
  "anthropic.claude-3-haiku-20240307-v1:0": {
    inputUsdPer1kTokens: 0.00025,
    outputUsdPer1kTokens: 0.00125,
  },
  "anthropic.claude-3-5-haiku-20241022-v1:0": {
    inputUsdPer1kTokens: 0.0008,
    outputUsdPer1kTokens: 0.004,
  },
};

/** Tokens per Bedrock price unit. */
const TOKENS_PER_PRICE_UNIT = 1_000;

/**
 * The base model a Bedrock model id names, the key of `bedrockTokenPrices`: a foundation-model or
 * inference-profile ARN loses everything up to its last `/`, and a cross-Region profile id
 * (`us.amazon.nova-lite-v1:0`, `eu.…`, `apac.…`, `global.…`) loses its geography prefix, since
 * cross-Region inference is billed at the source Region's price of the model. An application
 * inference profile ARN names no model: it stays as given (price it with `--prices`).
 */
export function bedrockBaseModelOf(modelId: string): string {
  const last = modelId.startsWith("arn:") ? (modelId.split("/").at(-1) ?? modelId) : modelId;
  return last.replace(CROSS_REGION_PREFIX, "");
}

/** The geography prefixes of Bedrock's cross-Region (system-defined) inference profile ids. */
const CROSS_REGION_PREFIX = /^(?:us|us-gov|eu|apac|ca|jp|au|global)\.(?=[a-z0-9-]+\.)/;

/** The price of `modelId`, or a RangeError in one line saying how to give one. */
export function bedrockTokenPriceFor(modelId: string, prices: PriceTable): BedrockTokenPrice {
  const base = bedrockBaseModelOf(modelId);
  const price = prices.bedrockTokenPrices[base];
  if (price === undefined) {
    throw new RangeError(
      `no Bedrock token price for ${base}: add it to a --prices file as {"bedrockTokenPrices": {"${base}": {"inputUsdPer1kTokens": …, "outputUsdPer1kTokens": …}}}`,
    );
  }
  return price;
}

export const LIST_PRICES: PriceTable = {
  translateUsdPerCharacter: 15 / 1_000_000,
  comprehendUsdPerUnit: 0.0001,
  bedrockTokenPrices: BEDROCK_LIST_PRICES,
};

/** Comprehend bills 100-character units… */
export const COMPREHEND_UNIT_CHARACTERS = 100;

/** …with a minimum of 3 units (300 characters) per document and feature. */
export const COMPREHEND_MIN_UNITS_PER_DOCUMENT = 3;

/** Comprehend's bill for one document of one feature request, from its character count. */
export function comprehendUnitsFor(characters: number): number {
  return Math.max(
    COMPREHEND_MIN_UNITS_PER_DOCUMENT,
    Math.ceil(characters / COMPREHEND_UNIT_CHARACTERS),
  );
}

/** What a batch uses of each billed unit. */
export interface BilledUsage {
  readonly translateCharacters: number;
  readonly comprehendUnits: number;
  /** Tokens a Bedrock summariser reads and writes; absent with the extractive engine. */
  readonly summary?: SummaryTokens | undefined;
}

export interface SummaryTokens {
  /** The model id as configured (`bedrockModelId`): priced as its base model. */
  readonly modelId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface Bill {
  readonly translateUsd: number;
  readonly comprehendUsd: number;
  /** Bedrock summary tokens (0 with the extractive engine). */
  readonly summaryUsd: number;
  readonly totalUsd: number;
}

/** What `tokens` cost at the table's price for their model (throws if it has none). */
export function summaryUsdFor(tokens: SummaryTokens, prices: PriceTable = LIST_PRICES): number {
  if (tokens.inputTokens === 0 && tokens.outputTokens === 0) return 0;
  const price = bedrockTokenPriceFor(tokens.modelId, prices);
  return (
    (tokens.inputTokens * price.inputUsdPer1kTokens +
      tokens.outputTokens * price.outputUsdPer1kTokens) /
    TOKENS_PER_PRICE_UNIT
  );
}

export function priceUsage(usage: BilledUsage, prices: PriceTable = LIST_PRICES): Bill {
  const translateUsd = usage.translateCharacters * prices.translateUsdPerCharacter;
  const comprehendUsd = usage.comprehendUnits * prices.comprehendUsdPerUnit;
  const summaryUsd = usage.summary === undefined ? 0 : summaryUsdFor(usage.summary, prices);
  return {
    translateUsd,
    comprehendUsd,
    summaryUsd,
    totalUsd: translateUsd + comprehendUsd + summaryUsd,
  };
}

/**
 * A partial price table (parsed JSON) merged over the list prices. Throws with one line naming
 * the first problem: an unknown field or a negative or non-numeric price.
 */
export function pricesWithOverrides(overrides: unknown): PriceTable {
  partialPriceTableSchema ??= buildPartialPriceTableSchema();
  const parsed = partialPriceTableSchema.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the price table";
    // zod/mini (no locale loaded) says only "Invalid input": name unknown fields ourselves.
    const message =
      issue?.code === "unrecognized_keys"
        ? `unknown field ${issue.keys.join(", ")}`
        : (issue?.message ?? "invalid");
    throw new RangeError(`${where}: ${message}`);
  }
  const { bedrockTokenPrices, ...flat } = parsed.data;
  return {
    ...LIST_PRICES,
    ...flat,
    // A file names the models it prices; the others keep their list prices.
    bedrockTokenPrices: { ...LIST_PRICES.bedrockTokenPrices, ...bedrockTokenPrices },
  };
}
