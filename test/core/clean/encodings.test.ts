import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CleanedArticle, cleanArticle } from "../../../functions/core/clean/index.js";

const SEEDS = new URL("../../../seeds/", import.meta.url);
const seedNames = readdirSync(SEEDS).filter((name) => name.endsWith(".txt"));

/**
 * Windows-1252 bytes of the few characters outside Latin-1 that French text uses, written out
 * here independently of the decoder's table (encoding.spec.whatwg.org, index-windows-1252).
 */
const WINDOWS_1252_EXTRAS: Readonly<Record<string, number>> = {
  "€": 0x80,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
  œ: 0x9c,
  Œ: 0x8c,
};

function encodeWindows1252(text: string): Uint8Array {
  return Uint8Array.from([...text], (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    const byte = WINDOWS_1252_EXTRAS[char];
    if (byte === undefined) throw new Error(`${char} has no Windows-1252 byte`);
    return byte;
  });
}

function encodeUtf16(text: string, order: "le" | "be", bom: boolean): Uint8Array {
  const le = Buffer.from(text, "utf16le");
  if (order === "be") le.swap16();
  return bom ? Buffer.concat([Buffer.from(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]), le]) : le;
}

const withBom = (bytes: Uint8Array): Uint8Array =>
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);

/** Everything but the encoding: what must not depend on how the bytes were written. */
const content = (article: CleanedArticle): Omit<CleanedArticle, "encoding"> => {
  const { encoding: _encoding, ...rest } = article;
  return rest;
};

describe("cleanArticle: character encodings", () => {
  describe.each(seedNames)("seed %s", (name) => {
    const utf8Bytes = readFileSync(new URL(name, SEEDS));
    const text = new TextDecoder().decode(utf8Bytes);
    const reference = cleanArticle(utf8Bytes);

    it.each([
      ["Windows-1252", () => encodeWindows1252(text), "windows-1252"],
      ["UTF-8 with BOM", () => withBom(utf8Bytes), "utf-8-bom"],
      ["UTF-16 LE with BOM", () => encodeUtf16(text, "le", true), "utf-16le"],
      ["UTF-16 BE with BOM", () => encodeUtf16(text, "be", true), "utf-16be"],
      ["UTF-16 LE without BOM", () => encodeUtf16(text, "le", false), "utf-16le"],
      ["UTF-8 with CRLF line ends", () => Buffer.from(text.replace(/\n/g, "\r\n")), "utf-8"],
    ] as const)("cleans the %s variant to the same article", async (_label, encode, encoding) => {
      // Given the seed re-encoded
      const bytes = encode();

      // When it is cleaned
      const article = await cleanArticle(bytes);

      // Then the encoding is named and the article is the UTF-8 seed's, character for character
      expect(article.encoding).toBe(encoding);
      expect(content(article)).toEqual(content(await reference));
    });
  });

  it("decodes Windows-1252 punctuation to the characters a French writer typed", async () => {
    // Given "L’été – 5 €…" as a Windows tool writes it
    const bytes = encodeWindows1252(
      "L’été – le prix du menu passe à 5 € au restaurant scolaire, annonce la mairie…",
    );

    const article = await cleanArticle(bytes);

    expect(article.paragraphs).toEqual([
      "L’été – le prix du menu passe à 5 € au restaurant scolaire, annonce la mairie…",
    ]);
  });
});
