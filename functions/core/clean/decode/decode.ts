import { InputError } from "../../errors.js";

/** The text of an input object and the character encoding it was read with. */
export interface DecodedText {
  readonly text: string;
  /** "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "windows-1252". */
  readonly encoding: string;
}

/** Bytes inspected to sniff magic numbers, UTF-16 without BOM and binary content. */
const SNIFF_BYTES = 4096;

/**
 * In ASCII-range text encoded as UTF-16 without a BOM, one byte of every pair is zero; a
 * quarter of the pairs is already far above what any 8-bit text contains (none).
 */
const UTF16_ZERO_PAIR_RATIO = 0.25;

/** A text file has no NUL at all; a few stray ones are tolerated, more means binary data. */
const MAX_NUL_RATIO = 0.01;

/**
 * Control characters other than tab, line feed, form feed and carriage return. Scrapers leave
 * a handful; one in ten is an executable, an image or a database dump.
 */
const MAX_CONTROL_RATIO = 0.1;

interface Magic {
  readonly bytes: readonly number[];
  readonly what: string;
}

const COMPRESSED_MAGIC: readonly Magic[] = [
  { bytes: [0x1f, 0x8b], what: "gzip" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "zip" },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: "zip (empty archive)" },
  { bytes: [0x42, 0x5a, 0x68], what: "bzip2" },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: "xz" },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: "zstd" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: "7-zip" },
];

const BINARY_MAGIC: readonly Magic[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: "a PDF document" },
  { bytes: [0x52, 0x49, 0x46, 0x46], what: "a RIFF container (WebP, WAV, AVI)" },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "an ELF executable" },
  { bytes: [0x4d, 0x5a], what: "a Windows executable" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "a legacy Office document" },
];

/**
 * Windows-1252 assigns printable characters to 0x80–0x9F where Latin-1 has C1 controls. Node 20's
 * `TextDecoder("windows-1252")` decodes those bytes as Latin-1 (U+0080–U+009F), so the WHATWG
 * index for that range is applied after decoding; on runtimes that already decode correctly the
 * mapping finds nothing to replace. Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as is.
 */
export const WINDOWS_1252_C1: Readonly<Record<number, string>> = {
  128: "€",
  130: "‚",
  131: "ƒ",
  132: "„",
  133: "…",
  134: "†",
  135: "‡",
  136: "ˆ",
  137: "‰",
  138: "Š",
  139: "‹",
  140: "Œ",
  142: "Ž",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
  152: "˜",
  153: "™",
  154: "š",
  155: "›",
  156: "œ",
  158: "ž",
  159: "Ÿ",
};

const C1_RANGE = /[\u0080-\u009f]/g;

/** Made on first use: building four decoders at import is a measurable part of a cold start. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

const utf8 = lazy(() => new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }));
const windows1252 = lazy(() => new TextDecoder("windows-1252"));
const utf16le = lazy(() => new TextDecoder("utf-16le", { ignoreBOM: true }));
const utf16be = lazy(() => new TextDecoder("utf-16be", { ignoreBOM: true }));

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.length <= bytes.length && magic.every((byte, index) => bytes[index] === byte);
}

/** "le" or "be" when the sample looks like BOM-less UTF-16 (zero bytes on one side of each pair). */
function sniffUtf16(sample: Uint8Array): "le" | "be" | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let index = 0; index + 1 < sample.length; index += 2) {
    if (sample[index] === 0) zeroEven++;
    if (sample[index + 1] === 0) zeroOdd++;
  }
  if (zeroOdd / pairs >= UTF16_ZERO_PAIR_RATIO && zeroEven === 0) return "le";
  if (zeroEven / pairs >= UTF16_ZERO_PAIR_RATIO && zeroOdd === 0) return "be";
  return undefined;
}

function rejectBinarySample(sample: Uint8Array): void {
  let nul = 0;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) nul++;
    else if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) {
      control++;
    }
  }
  if (nul / sample.length > MAX_NUL_RATIO) {
    throw new InputError(
      "BINARY_INPUT",
      `The object contains NUL bytes (${nul} in the first ${sample.length}): it is binary data, not text.`,
    );
  }
  if (control / sample.length > MAX_CONTROL_RATIO) {
    throw new InputError(
      "BINARY_INPUT",
      `The object is ${Math.round((100 * control) / sample.length)}% control characters: it is binary data, not text.`,
    );
  }
}

function decodeWindows1252(bytes: Uint8Array): string {
  return windows1252()
    .decode(bytes)
    .replace(C1_RANGE, (char) => WINDOWS_1252_C1[char.charCodeAt(0)] ?? char);
}

/**
 * Reads the bytes of an uploaded object as text.
 *
 * 1. Refuse empty, compressed and binary objects with a specific `InputError`.
 * 2. Honour a byte-order mark (UTF-8, UTF-16 LE/BE), else sniff BOM-less UTF-16.
 * 3. Decode as strict UTF-8; bytes that are not valid UTF-8 are Windows-1252, the encoding
 *    French Windows tools and older French sites write (a superset of Latin-1).
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) {
    throw new InputError("EMPTY_INPUT", "The object is empty (0 bytes).");
  }
  const sample = bytes.subarray(0, SNIFF_BYTES);
  for (const magic of COMPRESSED_MAGIC) {
    if (startsWith(sample, magic.bytes)) {
      throw new InputError(
        "COMPRESSED_INPUT",
        `The object is a ${magic.what} archive: upload the article uncompressed.`,
      );
    }
  }
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) {
    const decoded = decodeUtf8OrFallback(bytes.subarray(3));
    const encoding = decoded.encoding === "utf-8" ? "utf-8-bom" : decoded.encoding;
    return rejectBinaryText({ text: decoded.text, encoding });
  }
  if (startsWith(sample, [0xff, 0xfe])) {
    return rejectBinaryText({ text: utf16le().decode(bytes.subarray(2)), encoding: "utf-16le" });
  }
  if (startsWith(sample, [0xfe, 0xff])) {
    return rejectBinaryText({ text: utf16be().decode(bytes.subarray(2)), encoding: "utf-16be" });
  }
  for (const magic of BINARY_MAGIC) {
    if (startsWith(sample, magic.bytes)) {
      throw new InputError("BINARY_INPUT", `The object is ${magic.what}, not a text article.`);
    }
  }
  const utf16 = sniffUtf16(sample);
  if (utf16 === "le")
    return rejectBinaryText({ text: utf16le().decode(bytes), encoding: "utf-16le" });
  if (utf16 === "be")
    return rejectBinaryText({ text: utf16be().decode(bytes), encoding: "utf-16be" });
  rejectBinarySample(sample);
  return rejectBinaryText(decodeUtf8OrFallback(bytes));
}

/** Characters that no text article contains: C0/C1 controls (bar whitespace) and U+FFFD. */
const UNREADABLE_CHAR = /(?![\t\n\v\f\r])[\p{Cc}\ufffd]/gu;

/** After decoding, text whose sample is mostly unreadable characters is binary after all. */
function rejectBinaryText(decoded: DecodedText): DecodedText {
  const sample = decoded.text.slice(0, SNIFF_BYTES);
  const unreadable = sample.match(UNREADABLE_CHAR)?.length ?? 0;
  if (sample.length > 0 && unreadable / sample.length > MAX_CONTROL_RATIO) {
    throw new InputError(
      "BINARY_INPUT",
      `The object decodes (${decoded.encoding}) to ${Math.round((100 * unreadable) / sample.length)}% unreadable characters: it is binary data, not text.`,
    );
  }
  return decoded;
}

function decodeUtf8OrFallback(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8().decode(bytes), encoding: "utf-8" };
  } catch (error: unknown) {
    if (!(error instanceof TypeError)) throw error;
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}
