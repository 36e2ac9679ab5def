import { CfnBudget } from "aws-cdk-lib/aws-budgets";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

/** Notify when actual spend reaches 80 % of the month's budget: a week or so to react. */
export const BUDGET_ACTUAL_ALERT_PERCENT = 80;
/** …and as soon as AWS forecasts the month will exceed it. */
export const BUDGET_FORECAST_ALERT_PERCENT = 100;

export interface SpendBudgetProps {
  readonly monthlyBudgetUsd: number;
  readonly topic: ITopic;
}

/**
 * A monthly AWS Budgets cost budget that notifies the alarm topic. Budgets sees the whole
 * account's bill (Translate charges carry no resource tag to filter on); the spend breaker
 * (infra/spend-breaker.ts) is what actually stops this pipeline's spending within a day.
 */
export class SpendBudget extends Construct {
  readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: SpendBudgetProps) {
    super(scope, id);
    const notify = (notificationType: "ACTUAL" | "FORECASTED", threshold: number) => ({
      notification: {
        notificationType,
        comparisonOperator: "GREATER_THAN",
        threshold,
        thresholdType: "PERCENTAGE",
      },
      subscribers: [{ subscriptionType: "SNS", address: props.topic.topicArn }],
    });
    this.budget = new CfnBudget(this, "Budget", {
      budget: {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        budgetLimit: { amount: props.monthlyBudgetUsd, unit: "USD" },
      },
      notificationsWithSubscribers: [
        notify("ACTUAL", BUDGET_ACTUAL_ALERT_PERCENT),
        notify("FORECASTED", BUDGET_FORECAST_ALERT_PERCENT),
      ],
    });
  }
}
