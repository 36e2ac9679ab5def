import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";

export interface InputFile {
  /** Path on disk. */
  readonly path: string;
  /** Article name: the key under `incoming/` (relative path for files found in a folder). */
  readonly name: string;
}

/** Files named on the command line, folders walked recursively (hidden entries skipped). */
export async function collectInputs(paths: readonly string[]): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const file of await walk(path)) {
        inputs.push({ path: file, name: relative(path, file).split("\\").join("/") });
      }
    } else {
      inputs.push({ path, name: basename(path) });
    }
  }
  const seen = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.name)) throw new Error(`Two inputs share the name "${input.name}"`);
    seen.add(input.name);
  }
  return inputs.sort((a, b) => a.name.localeCompare(b.name));
}

async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

export async function readInput(input: InputFile): Promise<Uint8Array> {
  return new Uint8Array(await readFile(input.path));
}
