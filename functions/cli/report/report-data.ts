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

/** One article's result, read when asked (a report of a large run never holds them all). */
export interface ResultEntry {
  readonly name: string;
  readonly status: "enriched" | "failed";
  /** The result's bytes; undefined when it went away since it was listed. */
  read(): Promise<Uint8Array | undefined>;
}

/** Reads articles' result documents and, where it can, their sources. */
export interface ResultSource {
  results(): Promise<ResultEntry[]>;
  source(name: string): Promise<Uint8Array | undefined>;
}

/** Builds the report's data in memory: every result parsed, what the cleaner removed where the source is at hand. */
export async function collectReport(
  results: ResultSource,
  from: string,
  seconds: number | null,
): Promise<ReportData> {
  const articles: ReportArticle[] = [];
  const unreadable: { name: string; problem: string }[] = [];
  for (const entry of await results.results()) {
    const article = await readArticle(results, entry, { removed: true });
    if (typeof article === "string") unreadable.push({ name: entry.name, problem: article });
    else if (article !== undefined) articles.push(article);
  }
  articles.sort(byName);
  return { articles, from, seconds, unreadable };
}

/**
 * One result read and checked: the article (with what the cleaner removed when `removed` is
 * asked and the source is at hand, `null` otherwise), why it is unreadable, or undefined when
 * it is gone.
 */
export async function readArticle(
  results: ResultSource,
  entry: ResultEntry,
  options: { removed: boolean },
): Promise<ReportArticle | string | undefined> {
  const bytes = await entry.read();
  if (bytes === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return "not JSON";
  }
  if (entry.status === "failed") {
    const failure = FailureRecordSchema.safeParse(json);
    return failure.success
      ? { name: entry.name, status: "failed", failure: failure.data }
      : "not a v1 failure record";
  }
  const document = EnrichedDocumentSchema.safeParse(json);
  if (!document.success) return "not a v1 enriched document";
  const source = options.removed ? await results.source(entry.name) : undefined;
  const removed = source === undefined ? null : await removedBlocks(source, document.data);
  return { name: entry.name, status: "enriched", document: document.data, removed };
}

/** The report's order: by name. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
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
          found.push({ name, status, read: async () => new Uint8Array(await readFile(path)) });
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
          const name = key.slice(PREFIX[status].length, -".json".length);
          found.push({
            name,
            status,
            read: async () => (await store.get(key))?.bytes,
          });
        }
      }
      return found;
    },
    source: async (name) => (await store.get(keysFor(name).incoming))?.bytes,
  };
}

/**
 * The results of an out folder (`depeche run --out`) or a kept store (`--store`), handed to
 * `use` while they can be read: a store is read through the embedded S3 server, like
 * everything else that reads it.
 */
export async function reportSource<T>(
  path: string,
  use: (results: ResultSource) => Promise<T>,
): Promise<T> {
  if (await isStore(path)) {
    const local = await openLocalStore(path);
    try {
      return await use(
        bucketSource({
          get: (key) => local.store.get(key),
          keys: (prefix) => listKeys(local.client, prefix),
        }),
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
  return use(outDirectorySource(path));
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
