import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "./exit-codes.js";

/** The bucket name inside the embedded store (a store folder holds this one bucket); any valid name works. */
export const LOCAL_BUCKET = "depeche-local";

/**
 * Marks a `--store` folder as the embedded bucket's (so a typo cannot make depeche write into,
 * or report on, an unrelated folder).
 */
export const STORE_MARKER = ".depeche-store";

/**
 * Makes sure `directory` is a depeche store: creates it (or adopts an empty folder, or one that
 * holds only the bucket from before stores were marked) and refuses anything else, in one line.
 */
export async function openStore(directory: string): Promise<void> {
  const entries = await listStore(directory);
  if (entries === undefined || entries.length === 0) {
    await mkdir(directory, { recursive: true });
    await writeMarker(directory);
    return;
  }
  if (entries.includes(STORE_MARKER)) {
    await readFile(join(directory, STORE_MARKER)).catch((error: unknown) => {
      throw unreadable(directory, error);
    });
    return;
  }
  if (entries.length === 1 && entries[0] === LOCAL_BUCKET) {
    await writeMarker(directory);
    return;
  }
  throw new CliError(
    `${directory} is not a depeche store (no ${STORE_MARKER} file, and it holds other things): give --store a new or empty folder`,
  );
}

/** True when `directory` is a depeche store (for `depeche report`, which never creates one). */
export async function isStore(directory: string): Promise<boolean> {
  return (await listStore(directory))?.includes(STORE_MARKER) ?? false;
}

async function listStore(directory: string): Promise<string[] | undefined> {
  try {
    const info = await stat(directory);
    if (!info.isDirectory()) {
      throw new CliError(`${directory} is not a depeche store: it is a file, not a folder`);
    }
    return await readdir(directory);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw unreadable(directory, error);
  }
}

async function writeMarker(directory: string): Promise<void> {
  await writeFile(
    join(directory, STORE_MARKER),
    `${JSON.stringify({ store: "depeche", bucket: LOCAL_BUCKET })}\n`,
  ).catch((error: unknown) => {
    throw unreadable(directory, error);
  });
}

function unreadable(directory: string, error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === "EACCES" || code === "EPERM") {
    return new CliError(`cannot use the store ${directory}: permission denied`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
