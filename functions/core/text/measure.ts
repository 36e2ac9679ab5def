/** The two ways text is measured against limits and bills. */

/** Size on the wire: Amazon Translate's request limit is in UTF-8 bytes (é is 2, € is 3, 🙂 is 4). */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** Characters as a reader (and a per-character bill) counts them: Unicode code points. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** UTF-8 length of one code point (given as a string or its number), without encoding it. */
export function codePointBytes(char: string | number): number {
  const code = typeof char === "number" ? char : (char.codePointAt(0) ?? 0);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
}
