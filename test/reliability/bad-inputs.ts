import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { deflateSync, gzipSync } from "node:zlib";
import type { FailureCode } from "../../functions/core/errors.js";
import { DEFAULT_MAX_OBJECT_BYTES } from "../../functions/core/settings.js";
import { asText, CRUE, HAUSHALT, STORM, TRAMWAY } from "./articles.js";

/**
 * The bad-input matrix: every kind of object a scraper, a careless upload or an attacker can
 * drop into `incoming/`, each with the one outcome the pipeline must reach. Built by code (no
 * binary fixtures in git) and deterministic: the same bytes on every run.
 */

/** What the pipeline must make of one input. */
export type Expectation =
  | {
      readonly outcome: "enriched";
      /** `clean.encoding` of the enriched document, when the case is about decoding. */
      readonly encoding?: string;
      /** `clean.language`; "en" also means an unbilled pass-through. */
      readonly language?: "fr" | "en";
      /** A sentence of the source that must survive cleaning, verbatim. */
      readonly keeps?: string;
      /** What must not survive cleaning (scripts, NULs, punctuation runs…). */
      readonly drops?: RegExp;
    }
  | {
      readonly outcome: "failed";
      readonly code: FailureCode;
      /** The failure record's `reason` must name the cause. */
      readonly reason: RegExp;
      readonly stage?: "clean" | "translate" | "analyze";
    };

export interface BadInput {
  /** Relative path under the input folder: the article name, `incoming/<name>` in the bucket. */
  readonly name: string;
  /** One line for the matrix table. */
  readonly what: string;
  readonly bytes: Uint8Array;
  readonly expected: Expectation;
}

const SEEDS = new URL("../../seeds/", import.meta.url);
const seed = (file: string): string => readFileSync(new URL(file, SEEDS), "utf8");

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Random bytes are drawn from a fixed seed, so a failure reproduces byte for byte. */
const RANDOM_SEED = 0x5eed_d3b5;
const RANDOM_BYTES = 4096;
/** Every n-th random byte is forced to NUL, as in any executable or image. */
const RANDOM_NUL_EVERY = 16;

/** Below the decoder's 1 % tolerance for stray NULs: one in 400 bytes. */
const SPRINKLED_NUL_EVERY = 400;

/** One unpunctuated line, larger than `maxTranslateBytes` (100,000) on its own. */
const LONG_LINE_BYTES = 200 * 1024;

/** Over the 5 MiB object limit by a comfortable margin. */
const OVERSIZED_BYTES = 6 * 1024 * 1024;

/** Runs in the punctuation case: long enough to hurt a backtracking regex, short enough to stay fast. */
const RUN_LENGTH = 20_000;

/** mulberry32: a tiny seeded PRNG, good enough for test bytes. */
function randomBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0;
  const out = new Uint8Array(length);
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[index] = index % RANDOM_NUL_EVERY === 0 ? 0 : ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** A valid 16×16 grey PNG: signature, IHDR, IDAT (deflated scanlines), IEND, with CRCs. */
function pngImage(): Uint8Array {
  const side = 16;
  const chunk = (type: string, data: Uint8Array): Uint8Array => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(concat(head.subarray(4), data)), 0);
    return concat(head, data, crc);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const scanlines = Buffer.alloc(side * (side + 1));
  for (let row = 0; row < side; row++) {
    for (let column = 0; column < side; column++)
      scanlines[row * (side + 1) + 1 + column] = row * column;
  }
  return concat(
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines)),
    chunk("IEND", new Uint8Array()),
  );
}

/** A valid ZIP archive holding one stored (uncompressed) file. */
function zipArchive(fileName: string, content: Uint8Array): Uint8Array {
  const name = Buffer.from(fileName, "utf8");
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return concat(local, name, content, central, name, end);
}

/** Windows-1252 code points 0x80–0x9F; the rest of Latin-1 maps to itself. */
const WINDOWS_1252_HIGH: Readonly<Record<string, number>> = {
  "€": 0x80,
  "‚": 0x82,
  "„": 0x84,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "•": 0x95,
  "–": 0x96,
  "—": 0x97,
  œ: 0x9c,
  Œ: 0x8c,
  Ÿ: 0x9f,
};

function windows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.codePointAt(0) ?? 0;
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : WINDOWS_1252_HIGH[char];
    if (byte === undefined) throw new RangeError(`"${char}" has no Windows-1252 byte`);
    return byte;
  });
}

const withBom = (bom: number[], body: Uint8Array): Uint8Array => concat(Uint8Array.from(bom), body);

function withNulsSprinkled(text: string): Uint8Array {
  const bytes = utf8(text);
  const out: number[] = [];
  bytes.forEach((byte, index) => {
    // Only between ASCII bytes, never inside a multi-byte character.
    if (index > 0 && index % SPRINKLED_NUL_EVERY === 0 && byte < 0x80) out.push(0);
    out.push(byte);
  });
  return Uint8Array.from(out);
}

/** French words of the seeds, no punctuation, joined by spaces up to `bytes`. */
function unpunctuatedLine(bytes: number): string {
  const words = asText(TRAMWAY)
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length > 2);
  const out: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const word = words[index % words.length] ?? "mot";
    out.push(word);
    size += Buffer.byteLength(word) + 1;
  }
  return out.join(" ");
}

/** The article's paragraphs repeated on one line: 200 KB of real sentences, one paragraph. */
function longParagraph(bytes: number): string {
  const line = TRAMWAY.paragraphs.join(" ");
  return Array.from({ length: Math.ceil(bytes / Buffer.byteLength(line)) }, () => line).join(" ");
}

function oversizedArticle(bytes: number): Uint8Array {
  const text = asText(TRAMWAY);
  return utf8(text.repeat(Math.ceil(bytes / Buffer.byteLength(text))));
}

const page = (head: string, body: string): string =>
  `<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;

const NAV_AND_FOOTER = page(
  "<title>Le Dauphiné Express — Actualités</title>",
  `<header><a href="/">Le Dauphiné Express</a></header>
<nav><ul>
<li><a href="/politique">Politique</a></li><li><a href="/economie">Économie</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li>
<li><a href="/meteo">Météo</a></li><li><a href="/abonnement">S'abonner</a></li>
</ul></nav>
<footer>
<ul><li><a href="/mentions-legales">Mentions légales</a></li><li><a href="/cgu">Conditions générales d'utilisation</a></li>
<li><a href="/cookies">Gestion des cookies</a></li><li><a href="/contact">Nous contacter</a></li></ul>
</footer>`,
);

const BROKEN_HTML = `<html><head><title>${CRUE.title}</title><body>
<div class="page"><div class="article-body">
<h1>${CRUE.title}
${CRUE.paragraphs.map((p) => `<p>${p}`).join("\n")}
<div><span><b>Mis à jour à 10 h 32
`;

const SCRIPT = `(function(){var w=window,d=document;w.dataLayer=w.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());for(var i=0;i<10;i++){d.cookie="seg"+i+"=1"}})();`;

const SCRIPT_HEAVY_HTML = page(
  `<title>${TRAMWAY.title}</title>
${Array.from({ length: 20 }, (_, i) => `<script src="/static/bundle.${i}.js"></script>`).join("\n")}
<script>${SCRIPT.repeat(50)}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"${TRAMWAY.title}"}</script>
<style>${".pub{display:none}".repeat(200)}</style>`,
  `<noscript>Activez JavaScript pour profiter de toutes les fonctionnalités du site.</noscript>
<script>${SCRIPT.repeat(20)}</script>
<article><h1>${TRAMWAY.title}</h1>
${TRAMWAY.paragraphs.map((p, i) => `<p>${p}</p>\n<script>var slot${i}=${JSON.stringify(p.slice(0, 40))};${SCRIPT}</script>`).join("\n")}
</article>
<script>${SCRIPT.repeat(50)}</script>`,
);

const BOILERPLATE_ONLY = `PUBLICITÉ
Partager cet article
Partager sur Facebook
Copier le lien
Lire aussi
Abonnez-vous à notre newsletter
PUBLICITÉ
Tous droits réservés
`;

const PUNCTUATION_RUNS = [
  TRAMWAY.title,
  "!".repeat(RUN_LENGTH),
  TRAMWAY.paragraphs[0],
  " ".repeat(RUN_LENGTH),
  "\t".repeat(RUN_LENGTH),
  TRAMWAY.paragraphs[1],
  ".".repeat(RUN_LENGTH),
  "?!".repeat(RUN_LENGTH / 2),
  TRAMWAY.paragraphs[2],
  "\n".repeat(RUN_LENGTH),
  "…".repeat(RUN_LENGTH),
  "- ".repeat(RUN_LENGTH / 2),
  ...TRAMWAY.paragraphs.slice(3),
  "«»".repeat(RUN_LENGTH / 2),
].join("\n");

/** The JSON a scraper might export. */
const JSON_EXPORT = `${JSON.stringify(
  { title: CRUE.title, url: "https://example.fr/crues-gard", body: CRUE.paragraphs.join("\n\n") },
  null,
  2,
)}\n`;

const SEED_000 = seed("000_26c99712ce6ead19.txt");
const SEED_001 = seed("001_51d2232ddbd615fb.txt");
const SEED_002 = seed("002_7551a0c5d4c95c3c.txt");
const SEED_004 = seed("004_c0c2a675c781d31b.txt");

const utf16le = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf16le"));

/** The first sentence of a text's second line: a sentence any cleaning must keep. */
function aSentenceOf(text: string): string {
  const line = text.split("\n").find((l, i) => i > 0 && l.length > 80) ?? "";
  return line.split(/(?<=\.) /)[0] ?? line;
}

/** Every case, in matrix order. */
export function badInputs(): BadInput[] {
  return [
    {
      name: "empty.txt",
      what: "empty file (0 bytes)",
      bytes: new Uint8Array(),
      expected: { outcome: "failed", code: "EMPTY_INPUT", reason: /empty|0 bytes/ },
    },
    {
      name: "whitespace-only.txt",
      what: "spaces, tabs, line breaks, no-break and zero-width spaces",
      bytes: utf8(" \t\n\r\n\u00a0\u202f\u200b\ufeff   \n\n\t "),
      expected: { outcome: "failed", code: "EMPTY_INPUT", reason: /whitespace|invisible/ },
    },
    {
      name: "binary.bin",
      what: "4 KB of random bytes, one in 16 a NUL",
      bytes: randomBytes(RANDOM_SEED, RANDOM_BYTES),
      expected: { outcome: "failed", code: "BINARY_INPUT", reason: /NUL|binary/ },
    },
    {
      name: "image.png",
      what: "a valid 16×16 PNG image",
      bytes: pngImage(),
      expected: { outcome: "failed", code: "BINARY_INPUT", reason: /PNG/ },
    },
    {
      name: "article.txt.gz",
      what: "gzip of a seed article",
      bytes: new Uint8Array(gzipSync(utf8(SEED_000))),
      expected: { outcome: "failed", code: "COMPRESSED_INPUT", reason: /gzip/ },
    },
    {
      name: "article.zip",
      what: "ZIP archive holding a seed article",
      bytes: zipArchive("article.txt", utf8(SEED_001)),
      expected: { outcome: "failed", code: "COMPRESSED_INPUT", reason: /zip/ },
    },
    {
      name: "export.json",
      what: 'JSON export `{"title", "url", "body"}` of a French article',
      bytes: utf8(JSON_EXPORT),
      // The body field is the article; the JSON syntax is gone (see docs/reliability.md).
      expected: {
        outcome: "enriched",
        language: "fr",
        keeps: CRUE.paragraphs[2],
        drops: /"body"|"url"|\\n|https:\/\/example/,
      },
    },
    {
      name: "not-an-article.json",
      what: "JSON without an article body (`{id, tags, score}`)",
      bytes: utf8('{"id": 42, "tags": ["crue", "gard"], "score": 0.93}\n'),
      expected: { outcome: "failed", code: "NO_ARTICLE", reason: /JSON without an article body/ },
    },
    {
      name: "seed-utf16le-bom.txt",
      what: "seed 000 in UTF-16LE with BOM",
      bytes: withBom([0xff, 0xfe], utf16le(SEED_000)),
      expected: { outcome: "enriched", encoding: "utf-16le", keeps: aSentenceOf(SEED_000) },
    },
    {
      name: "seed-utf8-bom.txt",
      what: "seed 001 in UTF-8 with BOM",
      bytes: withBom([0xef, 0xbb, 0xbf], utf8(SEED_001)),
      expected: { outcome: "enriched", encoding: "utf-8-bom", keeps: aSentenceOf(SEED_001) },
    },
    {
      name: "seed-windows-1252.txt",
      what: "seed 002 in Windows-1252",
      bytes: windows1252(SEED_002),
      expected: { outcome: "enriched", encoding: "windows-1252", keeps: aSentenceOf(SEED_002) },
    },
    {
      name: "english.txt",
      what: "an English article",
      bytes: utf8(asText(STORM)),
      expected: { outcome: "enriched", language: "en", keeps: STORM.paragraphs[0] },
    },
    {
      name: "german.txt",
      what: "a German article",
      bytes: utf8(asText(HAUSHALT)),
      expected: { outcome: "failed", code: "UNSUPPORTED_LANGUAGE", reason: /"de"/ },
    },
    {
      name: "boilerplate-only.txt",
      what: "only scraper chrome (PUBLICITÉ, Partager cet article…)",
      bytes: utf8(BOILERPLATE_ONLY),
      expected: { outcome: "failed", code: "NO_ARTICLE", reason: /no article/ },
    },
    {
      name: "nav-footer.html",
      what: "HTML page with a nav and a footer, no article",
      bytes: utf8(NAV_AND_FOOTER),
      expected: { outcome: "failed", code: "NO_ARTICLE", reason: /HTML page has no article/ },
    },
    {
      name: "copyright-footer.txt",
      what: "a home link, a copyright line and a contact link, no article",
      bytes: utf8("Accueil\n© 2024 Le Dauphiné Express. Tous droits réservés.\nContact\n"),
      expected: { outcome: "failed", code: "NO_ARTICLE", reason: /no article/ },
    },
    {
      name: "unclosed-fragment.html",
      what: "an HTML fragment of <p> blocks never closed",
      bytes: utf8(CRUE.paragraphs.map((p) => `<p>${p}`).join("\n")),
      expected: { outcome: "enriched", language: "fr", keeps: CRUE.paragraphs[1], drops: /<p>/ },
    },
    {
      name: "broken.html",
      what: "broken HTML (unclosed tags everywhere) around an article",
      bytes: utf8(BROKEN_HTML),
      expected: { outcome: "enriched", language: "fr", keeps: CRUE.paragraphs[1] },
    },
    {
      name: "scripts.html",
      what: "HTML with 30 scripts, JSON-LD and styles around an article",
      bytes: utf8(SCRIPT_HEAVY_HTML),
      expected: {
        outcome: "enriched",
        language: "fr",
        keeps: TRAMWAY.paragraphs[3],
        drops: /dataLayer|function|display:none|JavaScript/,
      },
    },
    {
      name: "nul-sprinkled.txt",
      what: "a French article with a NUL every 400 bytes",
      bytes: withNulsSprinkled(asText(CRUE)),
      // NULs fall inside words: the words must come back whole.
      expected: { outcome: "enriched", language: "fr", keeps: CRUE.paragraphs[3] },
    },
    {
      name: "long-line.txt",
      what: "one 200 KB line of French words, no punctuation",
      bytes: utf8(`${unpunctuatedLine(LONG_LINE_BYTES)}\n`),
      // No sentence in it: the cleaner drops the line before its size matters.
      expected: { outcome: "failed", code: "NO_ARTICLE", reason: /no article paragraph/ },
    },
    {
      name: "long-paragraph.txt",
      what: "a title and one 200 KB paragraph of real sentences",
      bytes: utf8(`${TRAMWAY.title}\n${longParagraph(LONG_LINE_BYTES)}\n`),
      expected: {
        outcome: "failed",
        code: "TOO_LONG_TO_TRANSLATE",
        reason: /limit for translation is 100000 bytes/,
      },
    },
    {
      name: "punctuation-runs.txt",
      what: "an article between 20,000-character runs of ! . ?! … «» spaces, tabs, line breaks",
      bytes: utf8(PUNCTUATION_RUNS),
      expected: {
        outcome: "enriched",
        language: "fr",
        keeps: TRAMWAY.paragraphs[4],
        drops: /!!!|\.\.\.\.|……|«»«»/,
      },
    },
    {
      name: "oversized.txt",
      what: "a 6 MB French text (the article repeated)",
      bytes: oversizedArticle(OVERSIZED_BYTES),
      expected: {
        outcome: "failed",
        code: "TOO_LARGE",
        stage: "clean",
        reason: new RegExp(`limit is ${DEFAULT_MAX_OBJECT_BYTES} bytes`),
      },
    },
    {
      name: "a/b/c/d/Poutine à Sotchi +1 100%.txt",
      what: "deep folders, accents, spaces, `+` and `%` in the name",
      bytes: utf8(SEED_004),
      expected: { outcome: "enriched", language: "fr", keeps: aSentenceOf(SEED_004) },
    },
    {
      name: "revue de presse/déjà%20encodé+plus.txt",
      what: "a literal `%20` and `+` that must not be decoded twice",
      bytes: utf8(asText(TRAMWAY)),
      expected: { outcome: "enriched", language: "fr", keeps: TRAMWAY.paragraphs[0] },
    },
  ];
}

/** Writes every case under `directory` (folders created); returns the cases. */
export async function writeBadInputs(directory: string): Promise<BadInput[]> {
  const cases = badInputs();
  for (const input of cases) {
    const path = join(directory, input.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, input.bytes);
  }
  return cases;
}
