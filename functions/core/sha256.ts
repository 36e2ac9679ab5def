import { createHash } from "node:crypto";

/**
 * SHA-256 of a text (as UTF-8) or of bytes, in lowercase hex: the one hash of the core (cache
 * keys, story ids, short key suffixes, source and glossary digests, document fingerprints). A
 * pure function, so a helper rather than a port; kept in one file so that the core imports
 * `node:crypto` only here (test/core/purity.test.ts holds it to that).
 */
export function sha256Hex(data: string | Uint8Array): string {
  const hash = createHash("sha256");
  if (typeof data === "string") hash.update(data, "utf8");
  else hash.update(data);
  return hash.digest("hex");
}
