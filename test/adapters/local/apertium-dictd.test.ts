import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DictdDictionary,
  decodeDictdNumber,
  findInIndex,
} from "../../../functions/adapters/local/apertium-dictd.js";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const encode = (n: number): string => {
  let text = "";
  let rest = n;
  do {
    text = BASE64.charAt(rest % 64) + text;
    rest = Math.floor(rest / 64);
  } while (rest > 0);
  return text;
};

/**
 * A dictzip file as dictzip writes it: gzip with an `RA` extra field listing each chunk's
 * compressed size, each chunk deflated on its own (ending in a full flush).
 */
function dictzip(data: Buffer, chunkLength: number, name = "test.dict"): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunkLength) {
    chunks.push(
      deflateRawSync(data.subarray(at, at + chunkLength), { finishFlush: constants.Z_FULL_FLUSH }),
    );
  }
  const ra = Buffer.alloc(10 + 2 * chunks.length);
  ra.write("RA", 0, "latin1");
  ra.writeUInt16LE(6 + 2 * chunks.length, 2);
  ra.writeUInt16LE(1, 4); // version
  ra.writeUInt16LE(chunkLength, 6);
  ra.writeUInt16LE(chunks.length, 8);
  for (const [i, c] of chunks.entries()) ra.writeUInt16LE(c.length, 10 + 2 * i);
  const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8, 0, 0, 0, 0, 0, 3, 0, 0]);
  header.writeUInt16LE(ra.length, 10);
  return Buffer.concat([header, ra, Buffer.from(`${name}\0`, "latin1"), ...chunks]);
}

describe("dictd index", () => {
  it("decodes dictd's base64 numbers", () => {
    expect(decodeDictdNumber("A")).toBe(0);
    expect(decodeDictdNumber("B0")).toBe(64 + 52);
    expect(decodeDictdNumber(encode(1_234_567))).toBe(1_234_567);
  });

  it("finds every line of a headword by binary search, and nothing for a missing one", () => {
    const lines = [
      "abaisser\tA\tB",
      "mot\tC\tD",
      "mot\tE\tF",
      "mot composé\tG\tH",
      "sapeurpompier\tK\tL",
      "été\tI\tJ",
    ];
    const index = Buffer.from(`${lines.join("\n")}\n`, "utf8");
    expect(findInIndex(index, "mot")).toEqual([
      { offset: 2, length: 3 },
      { offset: 4, length: 5 },
    ]);
    expect(findInIndex(index, "Été")).toEqual([{ offset: 8, length: 9 }]);
    expect(findInIndex(index, "abaisser")).toEqual([{ offset: 0, length: 1 }]);
    // Keys are filed without hyphens and apostrophes, as dictfmt writes them.
    expect(findInIndex(index, "Sapeur-pompier")).toEqual([{ offset: 10, length: 11 }]);
    expect(findInIndex(index, "mo")).toEqual([]);
    expect(findInIndex(index, "-")).toEqual([]);
    expect(findInIndex(index, "zzz")).toEqual([]);
  });
});

describe("DictdDictionary on a dictzip file", () => {
  let dir: string;
  const entries: [string, string][] = Array.from({ length: 300 }, (_, i) => [
    `mot${String(i).padStart(3, "0")}`,
    `mot${i} /mo/ <n>\nword number ${i}, é${i}\n`,
  ]);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "depeche-dictd-"));
    let data = "";
    const index: string[] = [];
    for (const [headword, text] of entries) {
      const offset = Buffer.byteLength(data, "utf8");
      data += text;
      index.push(`${headword}\t${encode(offset)}\t${encode(Buffer.byteLength(text, "utf8"))}`);
    }
    await writeFile(join(dir, "t.index"), `${index.join("\n")}\n`);
    // Small chunks, so that entries straddle two of them.
    await writeFile(join(dir, "t.dict.dz"), dictzip(Buffer.from(data, "utf8"), 1000));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads entries, also across chunk boundaries, and none for an unknown word", async () => {
    const dictionary = new DictdDictionary({
      index: join(dir, "t.index"),
      data: join(dir, "t.dict.dz"),
    });
    try {
      for (const [headword, text] of entries) {
        expect(await dictionary.lookup(headword)).toEqual([text]);
      }
      expect(await dictionary.lookup("absent")).toEqual([]);
    } finally {
      await dictionary.close();
    }
  });
});

const FRA_DEU = "/usr/share/dictd/freedict-fra-deu";
const installed = await access(`${FRA_DEU}.index`).then(
  () => true,
  () => false,
);

describe.runIf(installed)("DictdDictionary on Debian's FreeDict fra-deu", () => {
  it("reads an entry of the real file", async () => {
    const dictionary = new DictdDictionary({
      index: `${FRA_DEU}.index`,
      data: `${FRA_DEU}.dict.dz`,
    });
    try {
      const [entry] = await dictionary.lookup("viticulteur");
      expect(entry?.split("\n")[1]).toBe("Winzer");
    } finally {
      await dictionary.close();
    }
  });
});
