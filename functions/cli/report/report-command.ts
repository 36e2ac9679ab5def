import { spawn } from "node:child_process";
import { open } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  byName,
  type ResultEntry,
  type ResultSource,
  readArticle,
  reportSource,
} from "./report-data.js";
import { renderArticleTemplate, reportFrame, reportRow } from "./report-page.js";
import { type ArticleTotals, articleTotals, sumTotals } from "./report-summary.js";

/** The report's file name inside an out folder (`out/report.html`). */
export const REPORT_FILE = "report.html";

/**
 * Writes the report page of `results` to `path`, one article at a time: a first pass keeps
 * only each article's row and totals, then the frame is written and each article is read
 * again for its template. Memory stays that of one article, whatever the run's size (the page
 * of 1,000 articles is ≈ 15 MB, and holding every document to render it at once took ≈ 150 MB
 * at the end of `depeche run`). The bytes are those of `renderReport`. Returns how many
 * articles the page shows.
 */
export async function writeReport(
  results: ResultSource,
  from: string,
  seconds: number | null,
  path: string,
): Promise<number> {
  const shown: { entry: ResultEntry; totals: ArticleTotals; row: ReturnType<typeof reportRow> }[] =
    [];
  const unreadable: { name: string; problem: string }[] = [];
  for (const entry of await results.results()) {
    const article = await readArticle(results, entry, { removed: false });
    if (typeof article === "string") unreadable.push({ name: entry.name, problem: article });
    else if (article !== undefined) {
      shown.push({ entry, totals: articleTotals(article), row: reportRow(article) });
    }
  }
  shown.sort((a, b) => byName(a.entry, b.entry));
  const { head, tail } = reportFrame({
    rows: shown.map((s) => s.row),
    totals: sumTotals(shown.map((s) => s.totals)),
    from,
    seconds,
    unreadable,
  });
  const file = await open(path, "w");
  try {
    await file.write(head);
    for (const [index, { entry }] of shown.entries()) {
      const article = await readArticle(results, entry, { removed: true });
      if (article === undefined || typeof article === "string") {
        throw new Error(`${entry.name} changed while its report was written`);
      }
      await file.write(renderArticleTemplate(article, index));
    }
    await file.write(tail);
  } finally {
    await file.close();
  }
  return shown.length;
}

/**
 * `depeche report <out-dir or store>`: the page next to the results (`<dir>/report.html`), or
 * where `--output` says; `--open` hands it to the desktop's browser.
 */
export async function reportCommand(options: {
  readonly path: string;
  readonly output?: string | undefined;
  readonly open: boolean;
}): Promise<{ path: string; articles: number }> {
  const path = options.output ?? join(options.path, REPORT_FILE);
  const articles = await reportSource(options.path, (results) =>
    writeReport(results, options.path, null, path),
  );
  if (options.open) openInBrowser(resolve(path));
  return { path, articles };
}

function openInBrowser(path: string): void {
  const url = pathToFileURL(path).href;
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  const child = spawn(command, args, { stdio: "ignore", detached: true });
  child.on("error", () => process.stderr.write(`depeche: could not open a browser; open ${url}\n`));
  child.unref();
}
