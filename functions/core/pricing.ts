import { z } from "zod";

/**
 * The one price table of depeche: what each billed unit costs at AWS list prices, and how the
 * services count those units. `depeche estimate`, `depeche replay --estimate-first` and
 * `npm run bench` (bench/cost.ts) all price with it; a deployer with other prices passes a
 * partial table (`--prices prices.json`) that is merged over this one.
 *
 * Prices are USD list prices, first tier, no free tier (aws.amazon.com/translate/pricing and
 * /comprehend/pricing, as quoted in the project's AWS fact sheet §1.8 and §2.5: verify before
 * relying on a figure). Add a service (Bedrock tokens, say) as one more field with its unit in
 * the name; every reader of the table picks it up.
 */
export const PriceTableSchema = z
  .object({
    /** Amazon Translate, standard real-time text: $15.00 per million characters. */
    translateUsdPerCharacter: z.number().check(z.nonnegative()),
    /** Amazon Comprehend NLP APIs (key phrases, entities, sentiment): $0.0001 per unit, ≤ 10M units. */
    comprehendUsdPerUnit: z.number().check(z.nonnegative()),
  })
  .strict();

export type PriceTable = z.infer<typeof PriceTableSchema>;

export const LIST_PRICES: PriceTable = {
  translateUsdPerCharacter: 15 / 1_000_000,
  comprehendUsdPerUnit: 0.0001,
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
}

export interface Bill {
  readonly translateUsd: number;
  readonly comprehendUsd: number;
  readonly totalUsd: number;
}

export function priceUsage(usage: BilledUsage, prices: PriceTable = LIST_PRICES): Bill {
  const translateUsd = usage.translateCharacters * prices.translateUsdPerCharacter;
  const comprehendUsd = usage.comprehendUnits * prices.comprehendUsdPerUnit;
  return { translateUsd, comprehendUsd, totalUsd: translateUsd + comprehendUsd };
}

/**
 * A partial price table (parsed JSON) merged over the list prices. Throws with one line naming
 * the first problem: an unknown field or a negative or non-numeric price.
 */
export function pricesWithOverrides(overrides: unknown): PriceTable {
  const parsed = PriceTableSchema.partial().safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the price table";
    throw new RangeError(`${where}: ${issue?.message ?? "invalid"}`);
  }
  return { ...LIST_PRICES, ...parsed.data };
}
