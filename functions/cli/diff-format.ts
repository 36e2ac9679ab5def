import { DIFF_FIELDS, type DiffField } from "../core/diff.js";
import type { DiffResult } from "./diff-command.js";

const LABELS: Record<DiffField, string> = {
  title: "title",
  paragraphs: "paragraphs",
  keyPhrases: "key phrases",
  entities: "entities",
  sentiment: "sentiment",
  summary: "summary",
};

/** The text table of `depeche diff`: one row per article that changed, then the totals. */
export function formatDiff(result: DiffResult): string {
  const header = ["article", ...DIFF_FIELDS.map((field) => LABELS[field])];
  const rows = result.articles
    .filter((article) => article.changed.length > 0)
    .map((article) => [
      article.name,
      article.title ? "changed" : "",
      article.paragraphs ? `${article.paragraphs.old}→${article.paragraphs.new}` : "",
      article.keyPhrases
        ? `+${article.keyPhrases.added.length} -${article.keyPhrases.removed.length}`
        : "",
      article.entities
        ? `+${article.entities.added.length} -${article.entities.removed.length}`
        : "",
      article.sentiment ? `${article.sentiment.old}→${article.sentiment.new}` : "",
      article.summary ? "changed" : "",
    ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? "").length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const { totals } = result;
  const lines = [`${result.old} → ${result.new}`];
  if (rows.length > 0) lines.push(line(header), ...rows.map(line));
  const fields = DIFF_FIELDS.map((field) => `${LABELS[field]} ${totals.byField[field]}`).join(", ");
  lines.push(
    `${totals.compared} compared: ${totals.changed} changed, ${totals.unchanged} unchanged (${fields})`,
  );
  if (result.onlyOld.length > 0) lines.push(`only in ${result.old}: ${result.onlyOld.length}`);
  if (result.onlyNew.length > 0) lines.push(`only in ${result.new}: ${result.onlyNew.length}`);
  if (result.ignored > 0)
    lines.push(`${result.ignored} files were not enriched documents (ignored)`);
  return `${lines.join("\n")}\n`;
}
