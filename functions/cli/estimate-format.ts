import type { EstimateResult } from "./estimate-command.js";

const integer = new Intl.NumberFormat("en-US");
const usd = (value: number): string => `$${value.toFixed(4)}`;

/** The text report of `depeche estimate`. */
export function formatEstimate(result: EstimateResult): string {
  const { totals, bill } = result;
  const rows: [string, string, string][] = [
    ["objects", integer.format(totals.objects), `${integer.format(totals.bytes)} bytes`],
    ["to translate (French)", integer.format(totals.toTranslate), ""],
    ["already English", integer.format(totals.english), ""],
    ["predicted failures", integer.format(totals.failed), ""],
  ];
  if (totals.skipped > 0) {
    rows.push(["already enriched (skipped)", integer.format(totals.skipped), ""]);
  }
  rows.push(
    [
      "Amazon Translate",
      `${integer.format(totals.translateCharacters)} characters`,
      `${integer.format(totals.translateRequests)} requests, ${integer.format(totals.cachedCharacters)} characters from the cache, ${usd(bill.translateUsd)}`,
    ],
    [
      "Amazon Comprehend",
      `${integer.format(totals.comprehendUnits)} units`,
      `${result.comprehendFeatures} features × 100-character units, ${usd(bill.comprehendUsd)}`,
    ],
  );
  if (result.summaryModelId !== null) {
    rows.push([
      "Amazon Bedrock (summary)",
      `${integer.format(totals.summaryInputTokens + totals.summaryOutputTokens)} tokens`,
      `${integer.format(totals.summaryInputTokens)} in, at most ${integer.format(totals.summaryOutputTokens)} out (${result.summaryModelId}), ${usd(bill.summaryUsd)}`,
    ]);
  }
  rows.push(["expected bill", usd(bill.totalUsd), "list prices (functions/core/pricing.ts)"]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = [`Estimate for ${result.location} (nothing sent, nothing written)`];
  for (const [label, value, note] of rows) {
    lines.push(`  ${label.padEnd(width)}  ${value.padStart(valueWidth)}  ${note}`.trimEnd());
  }
  const failures = result.articles.filter((article) => article.outcome === "failed");
  if (failures.length > 0) {
    lines.push("Predicted failures:");
    for (const article of failures) lines.push(`  ${article.name}: ${article.code}`);
  }
  return `${lines.join("\n")}\n`;
}
