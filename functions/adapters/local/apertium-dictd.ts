/**
 * A reader for dictd dictionaries (the format of Debian's FreeDict packages,
 * `/usr/share/dictd/*.index` + `*.dict.dz`), for the offline engine's per-word dictionary
 * lookups (ADR 0004). Hand-written: no npm package reads dictd/dictzip files (the registry has
 * none by that name), and the format is small.
 *
 * - The index is text, one line per headword: `headword TAB offset TAB length`, the numbers in
 *   dictd's base64 (`A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`, most significant digit first), lines
 *   sorted by the headword's code points. FreeDict's keys are the headwords as `dictfmt` files
 *   them: lower-cased, only letters, digits and spaces ("sapeur-pompier" is `sapeurpompier`),
 *   so a word is looked up in that form (`indexKey`). It is read
 *   once, on the first lookup, and searched in place (binary search over the bytes): memory is
 *   the file's size, no parsed copy.
 * - The data is dictzip: gzip whose header's extra field (`RA`) lists the compressed size of each
 *   chunk of `chunkLength` uncompressed bytes, each compressed on its own (full flush). An entry
 *   is read by inflating only the chunks it spans; a few inflated chunks are kept.
 */
import { type FileHandle, open, readFile } from "node:fs/promises";
import { constants, inflateRawSync } from "node:zlib";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A dictd base64 number ("B0" = 1·64 + 52). */
export function decodeDictdNumber(text: string): number {
  let n = 0;
  for (const c of text) {
    const digit = BASE64.indexOf(c);
    if (digit < 0) throw new Error(`not a dictd number: ${text}`);
    n = n * 64 + digit;
  }
  return n;
}

/** Where one entry is in the uncompressed data. */
interface Span {
  readonly offset: number;
  readonly length: number;
}

const TAB = 0x09;
const NEWLINE = 0x0a;

/** A headword as dictfmt files it: NFC, lower-cased, letters, digits and spaces only. */
export const indexKey = (headword: string): string =>
  headword
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, "");

/** The spans of `headword` in a dictd index held as bytes. */
export function findInIndex(index: Buffer, headword: string): Span[] {
  const key = Buffer.from(indexKey(headword), "utf8");
  if (key.length === 0) return [];
  const lineStart = (at: number): number => {
    let i = at;
    while (i > 0 && index[i - 1] !== NEWLINE) i--;
    return i;
  };
  const lineEnd = (at: number): number => {
    const end = index.indexOf(NEWLINE, at);
    return end < 0 ? index.length : end;
  };
  const keyOf = (start: number): Buffer => {
    const tab = index.indexOf(TAB, start);
    return index.subarray(start, tab < 0 ? lineEnd(start) : tab);
  };
  // Lowest line whose key is ≥ the word.
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = lineStart(Math.floor((lo + hi) / 2));
    if (Buffer.compare(keyOf(mid), key) < 0) lo = lineEnd(mid) + 1;
    else hi = mid;
  }
  const spans: Span[] = [];
  for (let at = lo; at < index.length; ) {
    const end = lineEnd(at);
    const fields = index.subarray(at, end).toString("utf8").split("\t");
    if (fields[0] !== key.toString("utf8") || fields.length < 3) break;
    spans.push({
      offset: decodeDictdNumber(fields[1] ?? ""),
      length: decodeDictdNumber(fields[2] ?? ""),
    });
    at = end + 1;
  }
  return spans;
}

/** The random-access table of a dictzip file's gzip header. */
interface Chunks {
  readonly chunkLength: number;
  /** Where each chunk starts in the file, and one more: where the last ends. */
  readonly starts: readonly number[];
}

/** Reads the dictzip header (`RA` extra field) from the first bytes of the file. */
export function dictzipChunks(header: Buffer): Chunks {
  const FEXTRA = 4;
  const FNAME = 8;
  const FCOMMENT = 16;
  const FHCRC = 2;
  if (header[0] !== 0x1f || header[1] !== 0x8b) throw new Error("not a gzip file");
  const flags = header[3] ?? 0;
  if ((flags & FEXTRA) === 0) throw new Error("gzip file without dictzip chunks");
  const extraLength = header.readUInt16LE(10);
  let at = 12;
  const extraEnd = at + extraLength;
  let chunkLength = 0;
  let sizes: number[] = [];
  while (at + 4 <= extraEnd) {
    const id = header.toString("latin1", at, at + 2);
    const length = header.readUInt16LE(at + 2);
    if (id === "RA") {
      chunkLength = header.readUInt16LE(at + 6);
      const count = header.readUInt16LE(at + 8);
      sizes = Array.from({ length: count }, (_, i) => header.readUInt16LE(at + 10 + 2 * i));
    }
    at += 4 + length;
  }
  if (chunkLength === 0) throw new Error("gzip file without dictzip chunks");
  at = extraEnd;
  const skipString = () => {
    while (header[at] !== 0) at++;
    at++;
  };
  if (flags & FNAME) skipString();
  if (flags & FCOMMENT) skipString();
  if (flags & FHCRC) at += 2;
  const starts = [at];
  for (const size of sizes) starts.push((starts[starts.length - 1] ?? at) + size);
  return { chunkLength, starts };
}

/** Inflated chunks kept per dictionary (each ≤ 64 KB): lookups of one text cluster little. */
const KEPT_CHUNKS = 8;

export interface DictdPaths {
  readonly index: string;
  readonly data: string;
}

/** One dictd dictionary, opened on its first lookup. */
export class DictdDictionary {
  private index: Promise<Buffer> | undefined;
  private data: Promise<{ file: FileHandle; chunks: Chunks }> | undefined;
  private readonly inflated = new Map<number, Buffer>();

  constructor(readonly paths: DictdPaths) {}

  /** The entries (definition texts) of a headword, in the file's order; none when unknown. */
  async lookup(headword: string): Promise<string[]> {
    this.index ??= readFile(this.paths.index);
    const spans = findInIndex(await this.index, headword);
    const entries: string[] = [];
    for (const span of spans) entries.push((await this.read(span)).toString("utf8"));
    return entries;
  }

  private async read({ offset, length }: Span): Promise<Buffer> {
    this.data ??= (async () => {
      const file = await open(this.paths.data, "r");
      // The header's extra field is at most 64 KB plus the fixed part and the file name.
      const header = Buffer.alloc(70_000);
      const { bytesRead } = await file.read(header, 0, header.length, 0);
      return { file, chunks: dictzipChunks(header.subarray(0, bytesRead)) };
    })();
    const { file, chunks } = await this.data;
    const first = Math.floor(offset / chunks.chunkLength);
    const last = Math.floor((offset + length - 1) / chunks.chunkLength);
    const parts: Buffer[] = [];
    for (let i = first; i <= last; i++) parts.push(await this.chunk(file, chunks, i));
    const joined = Buffer.concat(parts);
    const from = offset - first * chunks.chunkLength;
    return joined.subarray(from, from + length);
  }

  private async chunk(file: FileHandle, chunks: Chunks, i: number): Promise<Buffer> {
    const kept = this.inflated.get(i);
    if (kept !== undefined) return kept;
    const start = chunks.starts[i];
    const end = chunks.starts[i + 1];
    if (start === undefined || end === undefined)
      throw new Error(`no chunk ${i} in ${this.paths.data}`);
    const compressed = Buffer.alloc(end - start);
    await file.read(compressed, 0, compressed.length, start);
    // Each chunk ends with a full flush, not the end of the stream: inflate what is there.
    const plain = inflateRawSync(compressed, { finishFlush: constants.Z_SYNC_FLUSH });
    if (this.inflated.size >= KEPT_CHUNKS) {
      const oldest = this.inflated.keys().next().value;
      if (oldest !== undefined) this.inflated.delete(oldest);
    }
    this.inflated.set(i, plain);
    return plain;
  }

  /** Closes the data file. Idempotent; a later lookup opens it again. */
  async close(): Promise<void> {
    const data = this.data;
    this.data = undefined;
    this.inflated.clear();
    if (data !== undefined) await (await data.catch(() => undefined))?.file.close();
  }
}
