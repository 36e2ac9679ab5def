import { describe, expect, it } from "vitest";
import { decodeBytes } from "../../../functions/core/clean/decode/decode.js";
import { InputError } from "../../../functions/core/errors.js";

function failure(bytes: Uint8Array): { code: string; message: string } | undefined {
  try {
    decodeBytes(bytes);
  } catch (error: unknown) {
    if (error instanceof InputError) return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
}

describe("decodeBytes", () => {
  it.each([
    ["UTF-8", [0x63, 0x61, 0x66, 0xc3, 0xa9], "café", "utf-8"],
    ["UTF-8 with BOM", [0xef, 0xbb, 0xbf, 0x63, 0xc3, 0xa9], "cé", "utf-8-bom"],
    ["UTF-16 LE with BOM", [0xff, 0xfe, 0xe9, 0x00, 0x74, 0x00], "ét", "utf-16le"],
    ["UTF-16 BE with BOM", [0xfe, 0xff, 0x00, 0xe9, 0x00, 0x74], "ét", "utf-16be"],
    ["UTF-16 BE without BOM", [0x00, 0x4c, 0x00, 0x27, 0x00, 0xe9, 0x00, 0x74], "L'ét", "utf-16be"],
    ["Windows-1252 (invalid UTF-8)", [0x92, 0x20, 0xe9, 0x80], "’ é€", "windows-1252"],
    ["Latin-1 letters", [0x63, 0x61, 0x66, 0xe9], "café", "windows-1252"],
  ])("reads %s", (_name, bytes, text, encoding) => {
    expect(decodeBytes(Uint8Array.from(bytes))).toEqual({ text, encoding });
  });

  it.each([
    ["an empty object", [], "EMPTY_INPUT", /empty/],
    ["gzip", [0x1f, 0x8b, 0x08, 0x00], "COMPRESSED_INPUT", /gzip/],
    ["zip", [0x50, 0x4b, 0x03, 0x04, 0x14], "COMPRESSED_INPUT", /zip/],
    ["bzip2", [0x42, 0x5a, 0x68, 0x39], "COMPRESSED_INPUT", /bzip2/],
    ["zstd", [0x28, 0xb5, 0x2f, 0xfd, 0x00], "COMPRESSED_INPUT", /zstd/],
    ["a PNG image", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], "BINARY_INPUT", /PNG/],
    ["a JPEG image", [0xff, 0xd8, 0xff, 0xe0], "BINARY_INPUT", /JPEG/],
    ["a PDF", [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], "BINARY_INPUT", /PDF/],
    [
      "NUL-riddled bytes",
      [0x41, 0x00, 0x00, 0x42, 0x00, 0x00, 0x43, 0x00, 0x00],
      "BINARY_INPUT",
      /NUL/,
    ],
    [
      "control characters",
      [0x01, 0x02, 0x03, 0x41, 0x04, 0x05, 0x06, 0x42],
      "BINARY_INPUT",
      /control/,
    ],
  ])("refuses %s with %s and a message saying why", (_name, bytes, code, message) => {
    const error = failure(Uint8Array.from(bytes));

    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(message);
  });

  it("tolerates a stray control character in otherwise normal text", () => {
    const bytes = new TextEncoder().encode(
      `${"Le conseil municipal a voté le budget. ".repeat(5)}\u0007`,
    );

    expect(decodeBytes(bytes).encoding).toBe("utf-8");
  });
});
