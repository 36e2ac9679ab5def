/**
 * Operations settings (alarm recipients, spend guardrails) read from CDK context. They move into
 * the one settings schema (`functions/core/settings.ts`) once it exists; until then this is
 * their single definition, read by the stack, the simulator and the tests.
 */
export interface OperationsConfig {
  /** E-mail address subscribed to the stack's own alarm topic (none: subscribe later). */
  readonly alarmEmail?: string | undefined;
  /**
   * Characters sent to Amazon Translate in 24 hours above which the spend breaker pauses the
   * translate and analyze stages.
   */
  readonly translateDailyCharacterCeiling: number;
  /** Monthly AWS Budgets limit, in US dollars. */
  readonly monthlyBudgetUsd: number;
}

/**
 * 10 M characters ≈ $150 of Translate a day (≈ $15 / M, docs/deploy.md) ≈ 4,000 articles of
 * ~2,500 clean characters: ten times a busy newsroom's daily feed, a small fraction of a
 * mistaken bulk upload (100,000 archives ≈ 250 M characters ≈ $3,750).
 */
export const DEFAULT_TRANSLATE_DAILY_CHARACTER_CEILING = 10_000_000;

/**
 * $500 a month covers ~11,000 articles (≈ $44.50 per 1,000, docs/deploy.md): a few hundred a
 * day. Budgets notifies at 80 % of actual spend and at 100 % of forecast spend.
 */
export const DEFAULT_MONTHLY_BUDGET_USD = 500;

export const DEFAULT_OPERATIONS_CONFIG: OperationsConfig = {
  translateDailyCharacterCeiling: DEFAULT_TRANSLATE_DAILY_CHARACTER_CEILING,
  monthlyBudgetUsd: DEFAULT_MONTHLY_BUDGET_USD,
};

/** One Translate request is at least one character; 10^12 ($15 M a day) is "no ceiling". */
const CEILING_RANGE = { min: 1, max: 1_000_000_000_000 } as const;
/** Budgets needs a positive amount; $1 M a month is beyond any plausible use of this stack. */
const BUDGET_RANGE = { min: 1, max: 1_000_000 } as const;
/** Deliberately loose: SNS validates the address, this catches an obvious typo at synth. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads `alarmEmail`, `translateDailyCharacterCeiling` and `monthlyBudgetUsd` from CDK context;
 * returns the configuration or the list of one-line problems.
 */
export function operationsConfigFromContext(tryGetContext: (key: string) => unknown): {
  config: OperationsConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const int = (key: string, fallback: number, range: { min: number; max: number }): number => {
    const raw = tryGetContext(key);
    if (raw === undefined) return fallback;
    const value = typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (
      typeof value === "number" &&
      Number.isInteger(value) &&
      value >= range.min &&
      value <= range.max
    ) {
      return value;
    }
    problems.push(
      `${key} must be an integer in [${range.min}, ${range.max}], got ${JSON.stringify(raw)}`,
    );
    return fallback;
  };
  const email = tryGetContext("alarmEmail");
  if (email !== undefined && (typeof email !== "string" || !EMAIL.test(email))) {
    problems.push(`alarmEmail must be an e-mail address, got ${JSON.stringify(email)}`);
  }
  return {
    config: {
      alarmEmail: typeof email === "string" && EMAIL.test(email) ? email : undefined,
      translateDailyCharacterCeiling: int(
        "translateDailyCharacterCeiling",
        DEFAULT_TRANSLATE_DAILY_CHARACTER_CEILING,
        CEILING_RANGE,
      ),
      monthlyBudgetUsd: int("monthlyBudgetUsd", DEFAULT_MONTHLY_BUDGET_USD, BUDGET_RANGE),
    },
    problems,
  };
}
