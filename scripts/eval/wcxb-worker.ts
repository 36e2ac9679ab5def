/** A worker thread of `npm run eval -- clean`: evaluates its share of the pages and posts them. */
import { parentPort, workerData } from "node:worker_threads";
import { loadWcxbPages } from "./wcxb-corpus.js";
import { evaluatePage, type PageResult } from "./wcxb-page.js";

export interface WorkerInput {
  readonly corpus: string;
  readonly ids: readonly string[];
}

/** Pages cleaned first and not timed: the HTML reader loads and the hot paths compile. */
const WARMUP_PAGES = 3;

const input = workerData as WorkerInput | null;
if (input !== null && parentPort !== null) {
  const wanted = new Set(input.ids);
  const pages = loadWcxbPages(input.corpus).filter((page) => wanted.has(page.id));
  for (const page of pages.slice(0, WARMUP_PAGES)) await evaluatePage(page);
  const results: PageResult[] = [];
  for (const page of pages) results.push(await evaluatePage(page));
  parentPort.postMessage(results);
}
