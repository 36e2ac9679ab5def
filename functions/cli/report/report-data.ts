import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  type EnrichedDocument,
  EnrichedDocumentSchema,
  type FailureRecord,
  FailureRecordSchema,
} from "../../core/document.js";
import { keysFor, PREFIX } from "../../core/keys.js";
import { CliError } from "../exit-codes.js";
import { listKeys } from "../local-pipeline.js";
import { isStore } from "../local-s3-server.js";
import { openLocalStore } from "../local-store.js";
import { removedBlocks } from "./removed-blocks.js";

/** One article of a run: its enriched document or its failure record. */
export type ReportArticle =
  | {
      readonly name: string;
      readonly status: "enriched";
      readonly document: EnrichedDocument;
      /** Source blocks the cleaner dropped; `null` when the source is not at hand. */
      readonly removed: readonly string[] | null;
    }
  | {
      readonly name: string;
      readonly status: "failed";
      readonly failure: FailureRecord;
    };

export interface ReportData {
  readonly articles: readonly ReportArticle[];
  /** Where the results were read from (shown in the header). */
  readonly from: string;
  /** Wall-clock seconds of the run, when known. */
  readonly seconds: number | null;
  /** Results that could not be read as a v1 document or failure record. */
  readonly unreadable: readonly { name: string; problem: string }[];
}

/** Reads articles' result documents and, where it can, their sources. */
export interface ResultSource {
  results(): Promise<{ name: string; status: "enriched" | "failed"; bytes: Uint8Array }[]>;
  source(name: string): Promise<Uint8Array | undefined>;
}

/** Builds the report's data: every result parsed, what the cleaner removed where the source is at hand. */
export async function collectReport(
  results: ResultSource,
  from: string,
  seconds: number | null,
): Promise<ReportData> {
  const articles: ReportArticle[] = [];
  const unreadable: { name: string; problem: string }[] = [];
  const decoder = new TextDecoder();
  for (const result of await results.results()) {
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(result.bytes));
    } catch {
      unreadable.push({ name: result.name, problem: "not JSON" });
      continue;
    }
    if (result.status === "failed") {
      const failure = FailureRecordSchema.safeParse(json);
      if (failure.success)
        articles.push({ name: result.name, status: "failed", failure: failure.data });
      else unreadable.push({ name: result.name, problem: "not a v1 failure record" });
      continue;
    }
    const document = EnrichedDocumentSchema.safeParse(json);
    if (!document.success) {
      unreadable.push({ name: result.name, problem: "not a v1 enriched document" });
      continue;
    }
    const source = await results.source(result.name);
    const removed = source === undefined ? null : await removedBlocks(source, document.data);
    articles.push({ name: result.name, status: "enriched", document: document.data, removed });
  }
  articles.sort((a, b) => a.name.localeCompare(b.name));
  return { articles, from, seconds, unreadable };
}

/** `<dir>/enriched/**.json` and `<dir>/failed/**.json` as `depeche run --out` writes them. */
export function outDirectorySource(
  directory: string,
  sources?: ResultSource["source"],
): ResultSource {
  return {
    results: async () => {
      const found: Awaited<ReturnType<ResultSource["results"]>> = [];
      for (const status of ["enriched", "failed"] as const) {
        const root = join(directory, PREFIX[status]);
        for (const path of await jsonFiles(root)) {
          const name = relative(root, path).split("\\").join("/").slice(0, -".json".length);
          found.push({ name, status, bytes: new Uint8Array(await readFile(path)) });
        }
      }
      return found;
    },
    source: sources ?? (async () => undefined),
  };
}

/** An object store (the embedded bucket) holding `enriched/`, `failed/` and `incoming/`. */
export function bucketSource(store: {
  get(key: string): Promise<{ bytes: Uint8Array } | undefined>;
  keys(prefix: string): Promise<string[]>;
}): ResultSource {
  return {
    results: async () => {
      const found: Awaited<ReturnType<ResultSource["results"]>> = [];
      for (const status of ["enriched", "failed"] as const) {
        for (const key of await store.keys(PREFIX[status])) {
          if (!key.endsWith(".json")) continue;
          const object = await store.get(key);
          if (object === undefined) continue;
          const name = key.slice(PREFIX[status].length, -".json".length);
          found.push({ name, status, bytes: object.bytes });
        }
      }
      return found;
    },
    source: async (name) => (await store.get(keysFor(name).incoming))?.bytes,
  };
}

/**
 * The report's data from an out folder (`depeche run --out`) or a kept store (`--store`): a
 * store is read through the embedded S3 server, like everything else that reads it.
 */
export async function loadReport(path: string): Promise<ReportData> {
  if (await isStore(path)) {
    const local = await openLocalStore(path);
    try {
      return await collectReport(
        bucketSource({
          get: (key) => local.store.get(key),
          keys: (prefix) => listKeys(local.client, prefix),
        }),
        path,
        null,
      );
    } finally {
      await local.close();
    }
  }
  const hasResults = await Promise.all(
    [PREFIX.enriched, PREFIX.failed].map((p) =>
      stat(join(path, p)).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    ),
  );
  if (!hasResults.some(Boolean)) {
    throw new CliError(
      `${path} holds no results: give the --out folder of depeche run (with enriched/ or failed/) or a --store folder`,
    );
  }
  return collectReport(outDirectorySource(path), path, null);
}

async function jsonFiles(directory: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await jsonFiles(path)));
    else if (entry.isFile() && entry.name.endsWith(".json")) files.push(path);
  }
  return files;
}
