import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../functions/core/sha256.js";

describe("sha256Hex", () => {
  it("gives the published SHA-256 test vectors", () => {
    // FIPS 180-2 examples: "abc" and the empty message.
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hashes a text as its UTF-8 bytes", () => {
    const text = "Raïssi « Non » 🙂";
    expect(sha256Hex(text)).toBe(sha256Hex(new TextEncoder().encode(text)));
    expect(sha256Hex(text)).not.toBe(sha256Hex(text.normalize("NFD")));
  });
});
