import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { type DiffableDocument, type DiffReport, diffDocuments } from "../core/diff.js";
import { EnrichedDocumentSchema } from "../core/document.js";
import { asError } from "../core/errors.js";
import { CliError } from "./exit-codes.js";
import { parseS3Location, s3ProblemOf } from "./object-source.js";

export interface DiffOptions {
  readonly old: string;
  readonly new: string;
  /** The S3 client for `s3://` sides (tests pass one bound to an embedded server). */
  readonly s3Client?: S3Client | undefined;
}

export interface DiffResult extends DiffReport {
  readonly old: string;
  readonly new: string;
  /** Files on either side that are not enriched documents (failure records, other JSON). */
  readonly ignored: number;
}

/** `depeche diff <old> <new>`: what a re-run changed, article by article. */
export async function diffCommand(options: DiffOptions): Promise<DiffResult> {
  const old = await loadDocuments(options.old, options.s3Client);
  const next = await loadDocuments(options.new, options.s3Client);
  return {
    old: options.old,
    new: options.new,
    ignored: old.ignored + next.ignored,
    ...diffDocuments(old.documents, next.documents),
  };
}

interface Loaded {
  readonly documents: Map<string, DiffableDocument>;
  readonly ignored: number;
}

/** Every `<name>.json` enriched document under a folder or an S3 prefix, keyed by `<name>`. */
async function loadDocuments(location: string, s3Client?: S3Client): Promise<Loaded> {
  const files = await jsonFiles(location, s3Client);
  const documents = new Map<string, DiffableDocument>();
  let ignored = 0;
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(await file.read()));
    } catch {
      ignored += 1;
      continue;
    }
    const parsed = EnrichedDocumentSchema.safeParse(json);
    if (parsed.success) documents.set(file.name, parsed.data);
    else ignored += 1;
  }
  if (documents.size === 0) throw new CliError(`no enriched documents in ${location}`);
  return { documents, ignored };
}

interface JsonFile {
  readonly name: string;
  read(): Promise<Uint8Array>;
}

async function jsonFiles(location: string, s3Client?: S3Client): Promise<JsonFile[]> {
  const s3 = parseS3Location(location);
  if (s3 === undefined) {
    const entries = await readdir(location, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return {
          name: relative(location, path).split("\\").join("/").slice(0, -".json".length),
          read: async () => new Uint8Array(await readFile(path)),
        };
      });
  }
  const client = s3Client ?? new S3Client({});
  const store = new S3ArticleStore(client, s3.bucket);
  const prefix = s3.prefix === "" || s3.prefix.endsWith("/") ? s3.prefix : `${s3.prefix}/`;
  try {
    const files: JsonFile[] = [];
    for await (const object of store.list(prefix)) {
      if (!object.key.endsWith(".json")) continue;
      files.push({
        name: object.key.slice(prefix.length, -".json".length),
        read: async () => (await store.get(object.key))?.bytes ?? new Uint8Array(),
      });
    }
    return files;
  } catch (error) {
    const problem = s3ProblemOf(error, location);
    throw problem === undefined ? asError(error) : new CliError(problem);
  }
}
