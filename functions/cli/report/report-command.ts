import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadReport, type ReportData } from "./report-data.js";
import { renderReport } from "./report-page.js";

/** The report's file name inside an out folder (`out/report.html`). */
export const REPORT_FILE = "report.html";

/** Writes `data` as the report page; returns its path. */
export async function writeReport(data: ReportData, path: string): Promise<string> {
  await writeFile(path, renderReport(data));
  return path;
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
  const data = await loadReport(options.path);
  const path = await writeReport(data, options.output ?? join(options.path, REPORT_FILE));
  if (options.open) openInBrowser(resolve(path));
  return { path, articles: data.articles.length };
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
