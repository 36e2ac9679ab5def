import { performance } from "node:perf_hooks";
import { decodeHTMLStrict } from "entities/decode";
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeBytes } from "../../functions/core/clean/decode/decode.js";
import { normalizeText } from "../../functions/core/clean/decode/normalize.js";
import { type CleanedArticle, cleanArticle } from "../../functions/core/clean/index.js";
import { FRENCH_BOILERPLATE } from "../../functions/core/clean/select/boilerplate-phrases.js";
import { fold, words } from "../../functions/core/clean/select/fold.js";
import { InputError } from "../../functions/core/errors.js";
import { utf8Bytes } from "../../functions/core/text/measure.js";
import { chunkParagraphs, MIN_CHUNK_BYTES } from "../../functions/core/translate/chunk.js";
import { CRUE, STORM, TRAMWAY } from "./articles.js";

/**
 * Adversarial properties of the three functions every uploaded byte goes through: the decoder,
 * the cleaner and the chunker. The cleaner's and chunker's own suites test well-formed scraped
 * text; these feed what an attacker or a broken scraper sends: control characters, lone
 * surrogates, byte-order marks and magic numbers in the wrong place, mixed encodings, huge
 * lines, punctuation floods and HTML fragments.
 *
 * Runs are set per property (10,800 in all) and add up to about 10 s on 2 cores.
 */

const RUNS = {
  decoderAnyBytes: 2_000,
  decoderHandsOnCleanText: 1_500,
  decoderUtf8: 2_000,
  decoderUtf16: 1_000,
  decoderWindows1252: 1_000,
  chunker: 1_500,
  cleanerAnyBytes: 800,
  cleanerTextMix: 600,
  cleanerHtml: 400,
} as const;

/**
 * Generated inputs stay under ~100 KB; the cleaner handles 1 MB of pathological text in under a
 * second (test/core/clean/performance.test.ts), so half a second for one case means a blow-up.
 */
const MAX_CLEAN_MS = 500;

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

// ── alphabets ──────────────────────────────────────────────────────────────────────────────────

const sentencesOf = (texts: readonly string[]): string[] =>
  texts.flatMap((text) => text.split(/(?<=[.!?»]) (?=[A-ZÀ-Ý«])/u));

const FRENCH_SENTENCES = sentencesOf([...TRAMWAY.paragraphs, ...CRUE.paragraphs]);
const BOILERPLATE = [
  ...FRENCH_BOILERPLATE.startsWith,
  ...FRENCH_BOILERPLATE.teasers,
  ...FRENCH_BOILERPLATE.exact,
  ...FRENCH_BOILERPLATE.endOfArticle,
];

/** C0 and C1 controls and DEL: what a broken scraper or a binary splice leaves. */
const controlChar = fc
  .oneof(fc.integer({ min: 0x00, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));

/** Half of a surrogate pair on its own: not a character, yet a valid JavaScript string. */
const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

const INVISIBLES = [
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff",
  "\u00ad",
  "\u202e",
  "\u2028",
  "\u2029",
  "\u0085",
  "\v",
  "\f",
  "\r",
  "\r\n",
  "\ufffd",
];

/** A unit repeated up to `maxLength` times: runs that punish a backtracking regex. */
const run = (units: readonly string[], maxLength: number) =>
  fc
    .tuple(fc.constantFrom(...units), fc.integer({ min: 1, max: maxLength }))
    .map(([unit, times]) => unit.repeat(times));

const PUNCTUATION = [
  "!",
  ".",
  "…",
  "?!",
  "«",
  "»",
  "-",
  "- ",
  "*",
  "=",
  "#",
  "|",
  ";",
  ",",
  ":",
  "'",
  '"',
  "_",
];
const WHITESPACE = [" ", "\t", "\u00a0", "\u202f", "\n", "\r\n", " \n"];

/** A line without any sentence end, as long as a small article: spaced words or one "word". */
const hugeLine = (maxLength: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxLength }), fc.boolean())
    .map(([length, spaced]) =>
      spaced
        ? words(FRENCH_SENTENCES.join(" ")).join(" ").repeat(40).slice(0, length)
        : "é".repeat(length),
    );

const HTML_FRAGMENTS = [
  "<p>",
  "</p>",
  '<div class="article-body">',
  "</div>",
  "<br>",
  "<br/>",
  "<h1>",
  "</h1>",
  "<script>var x = '</p>'; document.write('<p>');</script>",
  "<style>p{display:none}</style>",
  "<!-- commentaire -->",
  "<!--",
  "-->",
  "<![CDATA[ donnée ]]>",
  "&nbsp;",
  "&amp;",
  "&eacute;",
  "&#233;",
  "&#x1F600;",
  "&#0;",
  "&#xD800;",
  '<a href="/lire-aussi">Lire aussi</a>',
  '<img src="x" onerror="alert(1)">',
  "<iframe src=//evil>",
  '<p class="',
  "<",
  ">",
  "</",
  "<noscript>",
  "<template><p>cachée</p></template>",
  "<textarea>",
  "<title>",
  "</title>",
];

/** Sizes of runs and unpunctuated lines in the generated text. */
interface Sizes {
  readonly maxRun: number;
  readonly maxLine: number;
}

/**
 * The cleaner reads whole objects: lines as long as a page. Runs stay at 1,000 characters: a
 * longer punctuation run followed by a letter is quadratic in the boilerplate matcher (see
 * docs/reliability.md) and would make the time bound flaky rather than find anything new.
 */
const CLEANER_SIZES: Sizes = { maxRun: 1_000, maxLine: 30_000 };

/**
 * The chunker splits a "word" over the limit into graphemes, which is quadratic in the word's
 * length on Node 20 (see docs/reliability.md); words here stay short enough to keep it fast.
 */
const CHUNKER_SIZES: Sizes = { maxRun: 1_000, maxLine: 1_500 };

/** One piece of hostile text. */
const segment = ({ maxRun, maxLine }: Sizes) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...FRENCH_SENTENCES) },
    { weight: 2, arbitrary: fc.constantFrom(...BOILERPLATE) },
    { weight: 2, arbitrary: run(PUNCTUATION, maxRun) },
    { weight: 2, arbitrary: run(WHITESPACE, maxRun) },
    { weight: 2, arbitrary: controlChar },
    { weight: 2, arbitrary: loneSurrogate },
    { weight: 2, arbitrary: fc.constantFrom(...INVISIBLES) },
    { weight: 2, arbitrary: fc.constantFrom(...HTML_FRAGMENTS) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
    // Rare: a case holds one or two, not dozens, so thousands of cases stay fast.
    {
      weight: 1,
      arbitrary: fc.oneof({ weight: 9, arbitrary: fc.constant("") }, hugeLine(maxLine)),
    },
  );

const hostileLine = (sizes: Sizes) =>
  fc
    .array(segment(sizes), { minLength: 1, maxLength: 6 })
    .chain((parts) => fc.constantFrom("", " ").map((glue) => parts.join(glue)));

const hostileText = fc
  .array(hostileLine(CLEANER_SIZES), { maxLength: 15 })
  .map((lines) => lines.join("\n"));

/** A page whose article is French prose cut by hostile fragments and unbalanced tags. */
const hostilePage = fc
  .tuple(
    fc.constantFrom("", "<!doctype html>", "<html><head><title>Titre</title></head><body>"),
    fc.array(
      fc.tuple(
        fc.constantFrom("p", "div", "li", "h2", "blockquote", "span", "td"),
        fc.constantFrom("", "article-body", "share-bar", "newsletter", "related", "ad"),
        fc.array(fc.oneof(fc.constantFrom(...FRENCH_SENTENCES), segment(CLEANER_SIZES)), {
          maxLength: 4,
        }),
        fc.boolean(),
      ),
      { maxLength: 20 },
    ),
  )
  .map(
    ([head, blocks]) =>
      `${head}<article>${blocks
        .map(
          ([tag, cls, parts, closed]) =>
            `<${tag} class="${cls}">${parts.join(" ")}${closed ? `</${tag}>` : ""}`,
        )
        .join("\n")}`,
  );

// ── encodings ──────────────────────────────────────────────────────────────────────────────────

const WINDOWS_1252_HIGH: Readonly<Record<string, number>> = {
  "€": 0x80,
  "’": 0x92,
  "‘": 0x91,
  "“": 0x93,
  "”": 0x94,
  "…": 0x85,
  "–": 0x96,
  "—": 0x97,
  œ: 0x9c,
  Œ: 0x8c,
};

/** Windows-1252 bytes; characters it lacks become "?", as Windows tools write them. */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from(Array.from(text), (char) => {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    return WINDOWS_1252_HIGH[char] ?? 0x3f;
  });
}

const utf16 = (text: string, order: "le" | "be"): Uint8Array => {
  const bytes = Buffer.from(text, "utf16le");
  if (order === "be") bytes.swap16();
  return new Uint8Array(bytes);
};

const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** How a text reaches the bucket: any of the encodings the decoder reads, or two of them mixed. */
const encodedText = (text: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(text, fc.constantFrom("utf8", "utf8-bom", "utf16le", "utf16be", "cp1252", "mixed"))
    .map(([value, encoding]) => {
      switch (encoding) {
        case "utf8":
          return utf8(value);
        case "utf8-bom":
          return concat(Uint8Array.from([0xef, 0xbb, 0xbf]), utf8(value));
        case "utf16le":
          return concat(Uint8Array.from([0xff, 0xfe]), utf16(value, "le"));
        case "utf16be":
          return concat(Uint8Array.from([0xfe, 0xff]), utf16(value, "be"));
        case "cp1252":
          return windows1252(value);
        default: {
          // A UTF-8 file with a Windows-1252 paragraph pasted in the middle.
          const third = Math.floor(value.length / 3);
          return concat(
            utf8(value.slice(0, third)),
            windows1252(value.slice(third, 2 * third)),
            utf8(value.slice(2 * third)),
          );
        }
      }
    });

/** Byte-order marks and magic numbers, at the start where the decoder sniffs them. */
const PREFIXES: readonly number[][] = [
  [],
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0xff, 0xfe, 0x00, 0x00],
  [0x1f, 0x8b],
  [0x50, 0x4b, 0x03, 0x04],
  [0x89, 0x50, 0x4e, 0x47],
  [0x25, 0x50, 0x44, 0x46, 0x2d],
  [0xef, 0xbb],
  [0xc3],
  [0x00],
];

const hostileBytes = fc.oneof(
  fc
    .tuple(fc.constantFrom(...PREFIXES), fc.uint8Array({ maxLength: 2_000 }))
    .map(([prefix, rest]) => concat(Uint8Array.from(prefix), rest)),
  encodedText(hostileText),
  // Bytes of text with random bytes spliced in.
  fc
    .tuple(
      hostileLine(CLEANER_SIZES),
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
      hostileLine(CLEANER_SIZES),
    )
    .map(([before, noise, after]) => concat(utf8(before), noise, utf8(after))),
);

// ── helpers ────────────────────────────────────────────────────────────────────────────────────

/** Calls `act`; returns undefined when it refuses the input with an InputError, rethrows the rest. */
function unlessRefused<T>(act: () => T): T | undefined {
  try {
    return act();
  } catch (error: unknown) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** Cleans the bytes and fails the property if that takes longer than `MAX_CLEAN_MS`. */
async function timedClean(bytes: Uint8Array): Promise<CleanedArticle | undefined> {
  const start = performance.now();
  let article: CleanedArticle | undefined;
  try {
    article = await cleanArticle(bytes);
  } catch (error: unknown) {
    if (!(error instanceof InputError)) throw error;
  }
  const elapsed = performance.now() - start;
  if (elapsed > MAX_CLEAN_MS) {
    throw new Error(`cleanArticle took ${Math.round(elapsed)} ms on ${bytes.length} bytes`);
  }
  return article;
}

/**
 * Every word the input can show a reader, in the three ways the cleaner may read it: as text,
 * as text with its character references decoded (the text path decodes `&eacute;` too), and as
 * an HTML page (references decoded, inline tags joining word halves).
 */
function inputWords(bytes: Uint8Array): Set<string> {
  const raw = decodeBytes(bytes).text;
  const text = normalizeText(raw);
  const { document } = parseHTML(`<!doctype html><html><body>${text}</body></html>`);
  const readings = [text, decodeHTMLStrict(raw), document.documentElement?.textContent ?? ""];
  return new Set(
    readings.flatMap((reading) => words(fold(normalizeText(reading.normalize("NFC"))))),
  );
}

/** Characters that must never reach the translator. */
const UNREADABLE = /(?!\n)[\p{Cc}\p{Cs}\ufffd]/u;

/** Whether output words are a subset of input words; reports the first stranger. */
async function wordsComeFromInput(bytes: Uint8Array): Promise<boolean> {
  const article = await timedClean(bytes);
  if (article === undefined) return true;
  const output = [article.title ?? "", ...article.paragraphs];
  for (const text of output) {
    if (UNREADABLE.test(text)) throw new Error(`unreadable character in ${JSON.stringify(text)}`);
  }
  const known = inputWords(bytes);
  const stranger = output.flatMap((text) => words(fold(text))).find((word) => !known.has(word));
  if (stranger !== undefined) throw new Error(`"${stranger}" is not a word of the input`);
  return true;
}

/** A high then a low surrogate: one character in two UTF-16 code units. */
const SURROGATE_PAIR = /^[\ud800-\udbff][\udc00-\udfff]$/;

/** Magic numbers that happen to be printable ASCII: a text may start with them by chance. */
const ASCII_MAGIC = /^(?:MZ|RIFF|GIF8|%PDF-|BZh)/;

// ── properties ─────────────────────────────────────────────────────────────────────────────────

beforeAll(async () => {
  // Load Readability and franc and warm the JIT before anything is timed.
  await cleanArticle(utf8(`<p>${TRAMWAY.paragraphs.join("</p><p>")}</p>`));
  await cleanArticle(utf8(TRAMWAY.paragraphs.join("\n")));
});

describe("decodeBytes on hostile bytes", () => {
  it("throws nothing but InputError, whatever the BOM, magic number or bytes after it", () => {
    fc.assert(
      fc.property(hostileBytes, (bytes) => {
        unlessRefused(() => decodeBytes(bytes));
      }),
      { numRuns: RUNS.decoderAnyBytes },
    );
  });

  it("hands on text that, once normalised, has no NUL, control character, lone surrogate or U+FFFD", () => {
    fc.assert(
      fc.property(hostileBytes, (bytes) => {
        const decoded = unlessRefused(() => decodeBytes(bytes));
        if (decoded === undefined) return true;
        return !UNREADABLE.test(normalizeText(decoded.text));
      }),
      { numRuns: RUNS.decoderHandsOnCleanText },
    );
  });

  it("reads any well-formed UTF-8 text back exactly, and accepts every text-like one", () => {
    const textLike = fc
      .array(
        fc.oneof(
          fc.constantFrom(...FRENCH_SENTENCES),
          fc.string({ unit: "grapheme", maxLength: 40 }),
          fc.constantFrom(" ", "\n", "\t", "\r\n", "€", "œ", "🙂", "👩‍👩‍👧", "中文"),
        ),
        { minLength: 1, maxLength: 12 },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(textLike, fc.string({ unit: "binary", maxLength: 200 })), (text) => {
        const decoded = unlessRefused(() => decodeBytes(utf8(text)));
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a text may not hold
        const plain = !/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffd]/.test(text);
        const acceptable = plain && text.trim() !== "" && !text.startsWith("\ufeff");
        if (acceptable && !ASCII_MAGIC.test(text)) {
          expect(decoded).toEqual({ text, encoding: "utf-8" });
        } else if (
          decoded !== undefined &&
          !text.startsWith("\ufeff") &&
          !text.includes("\u0000")
        ) {
          // NULs make the sniffer read UTF-16: a text holds none, so that guess is fair.
          expect(decoded.text).toBe(text);
        }
      }),
      { numRuns: RUNS.decoderUtf8 },
    );
  });

  it("reads UTF-16 with a byte-order mark back exactly, in both byte orders", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }),
        fc.constantFrom("le" as const, "be" as const),
        (text, order) => {
          const bom = order === "le" ? [0xff, 0xfe] : [0xfe, 0xff];
          const decoded = unlessRefused(() =>
            decodeBytes(concat(Uint8Array.from(bom), utf16(text, order))),
          );
          if (decoded !== undefined) expect(decoded).toEqual({ text, encoding: `utf-16${order}` });
        },
      ),
      { numRuns: RUNS.decoderUtf16 },
    );
  });

  it("reads French Windows-1252 text back exactly whenever its bytes are not valid UTF-8", () => {
    const letters = [..."abcdeéèêëàâçîïôùûüœ’«»…€—–0123456789 .,;:!?'"];
    const frenchish = fc.oneof(
      fc.constantFrom(...FRENCH_SENTENCES),
      fc
        .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 120 })
        .map((l) => l.join("")),
    );
    fc.assert(
      fc.property(fc.array(frenchish, { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.join(" ");
        const bytes = windows1252(text);
        let validUtf8 = true;
        try {
          strictUtf8.decode(bytes);
        } catch {
          validUtf8 = false;
        }
        if (validUtf8) return true; // UTF-8 wins by design; ASCII-only text reads the same
        expect(decodeBytes(bytes)).toEqual({ text, encoding: "windows-1252" });
      }),
      { numRuns: RUNS.decoderWindows1252 },
    );
  });
});

describe("chunkParagraphs on hostile paragraphs", () => {
  const hostileParagraph = fc.oneof(
    hostileLine(CHUNKER_SIZES),
    fc.constantFrom("", " ", "\n\n", "\u00a0"),
    // combining-mark floods: one grapheme of thousands of bytes
    fc.integer({ min: 1, max: CHUNKER_SIZES.maxLine }).map((n) => `e${"\u0301".repeat(n)}`),
    fc
      .integer({ min: 1, max: Math.floor(CHUNKER_SIZES.maxLine / 8) })
      .map((n) => "👩‍👩‍👧".repeat(n)),
  );

  it("restores every paragraph, keeps every chunk within the limit, and never cuts a character", () => {
    fc.assert(
      fc.property(
        fc.array(hostileParagraph, { minLength: 1, maxLength: 8 }),
        fc.oneof(
          fc.integer({ min: MIN_CHUNK_BYTES, max: 64 }),
          fc.integer({ min: MIN_CHUNK_BYTES, max: 9_000 }),
        ),
        (paragraphs, maxBytes) => {
          const chunks = chunkParagraphs(paragraphs, maxBytes);
          const restored = paragraphs.map(() => "");
          const wrong: string[] = [];
          for (const chunk of chunks) {
            if (chunk.bytes > maxBytes) wrong.push(`chunk of ${chunk.bytes} bytes`);
            if (chunk.bytes !== utf8Bytes(chunk.text)) wrong.push(`miscounted ${chunk.bytes}`);
            for (const piece of chunk.pieces) {
              const before = restored[piece.paragraph] ?? "";
              // A cut between the halves of a surrogate pair would corrupt both halves.
              if (SURROGATE_PAIR.test(before.slice(-1) + piece.text.slice(0, 1))) {
                wrong.push(`surrogate pair cut in paragraph ${piece.paragraph}`);
              }
              restored[piece.paragraph] = before + piece.text;
            }
          }
          expect(wrong).toEqual([]);
          expect(restored).toEqual(paragraphs);
        },
      ),
      { numRuns: RUNS.chunker },
    );
  });
});

describe("cleanArticle on hostile input", () => {
  it("throws nothing but InputError, and takes bounded time, whatever the bytes and encoding", async () => {
    await fc.assert(
      fc.asyncProperty(hostileBytes, async (bytes) => {
        await timedClean(bytes);
      }),
      { numRuns: RUNS.cleanerAnyBytes },
    );
  });

  it("outputs only readable characters and words of the decoded input, in any encoding", async () => {
    await fc.assert(fc.asyncProperty(encodedText(hostileText), wordsComeFromInput), {
      numRuns: RUNS.cleanerTextMix,
    });
  });

  it("outputs only words of the page from broken, script-laden HTML", async () => {
    await fc.assert(fc.asyncProperty(hostilePage.map(utf8), wordsComeFromInput), {
      numRuns: RUNS.cleanerHtml,
    });
  });

  it("still finds an English article behind hostile noise, as a sanity check of the generators", async () => {
    const noisy = [
      "\u0000\u200b",
      STORM.title,
      "!".repeat(3_000),
      ...STORM.paragraphs,
      "<!--",
    ].join("\n");

    const article = await cleanArticle(utf8(noisy));

    expect(article.language).toBe("en");
    expect(article.paragraphs).toContain(STORM.paragraphs[1]);
  });
});
