import { sha256Hex } from "../sha256.js";

/**
 * A user's glossary: terms that must come out one way. One format for both engines, the one
 * Amazon Translate imports as custom terminology: CSV whose header row names the language of
 * each column (`fr,en`), one term per row (TMX is read too). Parsed and checked here, purely:
 * the caller reads the file and passes its text and its name.
 *
 * Checks (each error names the file and the line): header with the pair's two languages, one
 * cell per column, no empty cell, no source term twice, terms and file within Amazon Translate's
 * limits.
 */

/** Amazon Translate: "each source/target term ≤ 200 bytes" (terminology quotas). */
export const GLOSSARY_TERM_MAX_BYTES = 200;

/** Amazon Translate: a terminology file is at most 10 MB. */
export const GLOSSARY_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** Amazon Translate terminology names: letters, digits, `-` and single `_`, ≤ 256 characters. */
export const TERMINOLOGY_NAME = /^(?:[A-Za-z0-9-]_?)+$/;
const TERMINOLOGY_NAME_MAX = 256;

export type GlossaryFormat = "csv" | "tmx";

export interface GlossaryEntry {
  /** Term as written in the source language (French). */
  readonly source: string;
  /** What it must become in the target language (English). */
  readonly target: string;
  /** 1-based line of the file the entry comes from. */
  readonly line: number;
}

export interface Glossary {
  /** Derived from the file name (`terms.csv` → `terms`); a valid terminology name. */
  readonly name: string;
  readonly format: GlossaryFormat;
  readonly sourceLanguage: string;
  readonly targetLanguage: string;
  readonly entries: readonly GlossaryEntry[];
  /**
   * sha256 (hex) of the entries as data (pair, then each source → target in file order):
   * the glossary's fingerprint in `usage.translate` and in the translation cache key.
   */
  readonly sha256: string;
}

/** What a run records about the glossary it used (`usage.translate.glossary`). */
export interface GlossaryIdentity {
  readonly name: string;
  readonly sha256: string;
}

export class GlossaryError extends Error {
  override readonly name = "GlossaryError";
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${problem}`);
  }
}

export interface GlossaryParseOptions {
  /** Shown in errors and the source of the glossary's name. */
  readonly file: string;
  readonly sourceLanguage: string;
  readonly targetLanguage: string;
  /** Default: from the file name's extension (`.tmx` → TMX, otherwise CSV). */
  readonly format?: GlossaryFormat;
  /** Default: `glossaryName(file)` (a copy of the file keeps its original's name). */
  readonly name?: string;
}

/** The identity recorded for a glossary: its name and content hash. */
export function glossaryIdentity(glossary: Glossary): GlossaryIdentity {
  return { name: glossary.name, sha256: glossary.sha256 };
}

/** `terms.csv` → `terms`; characters a terminology name refuses become `-`. */
export function glossaryName(file: string): string {
  const base = (file.split(/[\\/]/).at(-1) ?? file).replace(/\.(?:csv|tsv|tmx)$/iu, "");
  const name = base
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/_{2,}/g, "_")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, TERMINOLOGY_NAME_MAX);
  return TERMINOLOGY_NAME.test(name) ? name : "glossary";
}

/** Parses and checks a glossary file's text; throws `GlossaryError` naming file and line. */
export function parseGlossary(text: string, options: GlossaryParseOptions): Glossary {
  const { file } = options;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > GLOSSARY_FILE_MAX_BYTES) {
    throw new GlossaryError(
      file,
      undefined,
      `${bytes} bytes, over Amazon Translate's ${GLOSSARY_FILE_MAX_BYTES}-byte terminology limit`,
    );
  }
  const format = options.format ?? (/\.tmx$/iu.test(file) ? "tmx" : "csv");
  const rows = format === "tmx" ? tmxRows(text, options) : csvPairs(text, options);
  const entries = checkEntries(rows, file);
  if (entries.length === 0) throw new GlossaryError(file, undefined, "no terms");
  const identity = JSON.stringify([
    options.sourceLanguage,
    options.targetLanguage,
    ...entries.map((e) => [e.source, e.target]),
  ]);
  return {
    name: options.name ?? glossaryName(file),
    format,
    sourceLanguage: options.sourceLanguage,
    targetLanguage: options.targetLanguage,
    entries,
    sha256: sha256Hex(identity),
  };
}

/** The glossary as Amazon Translate's CSV (`fr,en` header), for ImportTerminology. */
export function glossaryCsv(glossary: Glossary): string {
  const cell = (value: string): string =>
    /[",\r\n]/u.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return [
    `${glossary.sourceLanguage},${glossary.targetLanguage}`,
    ...glossary.entries.map((e) => `${cell(e.source)},${cell(e.target)}`),
  ].join("\n");
}

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

function checkEntries(rows: readonly GlossaryEntry[], file: string): GlossaryEntry[] {
  const seen = new Map<string, number>();
  const entries: GlossaryEntry[] = [];
  for (const row of rows) {
    const source = row.source.normalize("NFC").trim();
    const target = row.target.normalize("NFC").trim();
    if (source === "") throw new GlossaryError(file, row.line, "empty source term");
    if (target === "") throw new GlossaryError(file, row.line, `empty target for "${source}"`);
    for (const [what, term] of [
      ["source", source],
      ["target", target],
    ] as const) {
      const size = utf8Bytes(term);
      if (size > GLOSSARY_TERM_MAX_BYTES) {
        throw new GlossaryError(
          file,
          row.line,
          `${what} term is ${size} bytes, over Amazon Translate's ${GLOSSARY_TERM_MAX_BYTES}-byte limit`,
        );
      }
    }
    const first = seen.get(source);
    if (first !== undefined) {
      throw new GlossaryError(
        file,
        row.line,
        `duplicate source term "${source}" (first on line ${first})`,
      );
    }
    seen.set(source, row.line);
    entries.push({ source, target, line: row.line });
  }
  return entries;
}

interface CsvRow {
  readonly cells: string[];
  readonly line: number;
}

/** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks. */
function csvRows(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  const source = text.replace(/^\uFEFF/u, "");
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i] as string;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === "\n") line += 1;
        cell += c;
      }
    } else if (c === '"' && cell.trim() === "") {
      quoted = true;
      quoteLine = line;
      cell = "";
    } else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[i + 1] === "\n") i += 1;
      cells.push(cell);
      rows.push({ cells, line: rowLine });
      cells = [];
      cell = "";
      line += 1;
      rowLine = line;
    } else {
      cell += c;
    }
  }
  if (quoted) throw new GlossaryError(file, quoteLine, "unterminated quoted cell");
  if (cell !== "" || cells.length > 0) {
    cells.push(cell);
    rows.push({ cells, line: rowLine });
  }
  // Blank lines carry no term.
  return rows.filter((row) => !(row.cells.length === 1 && row.cells[0]?.trim() === ""));
}

function csvPairs(text: string, options: GlossaryParseOptions): GlossaryEntry[] {
  const { file, sourceLanguage, targetLanguage } = options;
  const [header, ...rows] = csvRows(text, file);
  if (header === undefined) throw new GlossaryError(file, undefined, "empty file");
  const languages = header.cells.map((cell) => cell.trim());
  const sourceColumn = languages.indexOf(sourceLanguage);
  const targetColumn = languages.indexOf(targetLanguage);
  if (sourceColumn < 0 || targetColumn < 0) {
    throw new GlossaryError(
      file,
      header.line,
      `the header row must name the languages of the columns, with "${sourceLanguage}" and "${targetLanguage}" (e.g. "${sourceLanguage},${targetLanguage}"), got "${languages.join(",")}"`,
    );
  }
  const duplicate = languages.find((code, i) => code !== "" && languages.indexOf(code) !== i);
  if (duplicate !== undefined) {
    throw new GlossaryError(file, header.line, `language "${duplicate}" names two columns`);
  }
  return rows.map((row) => {
    if (row.cells.length !== languages.length) {
      throw new GlossaryError(
        file,
        row.line,
        `${row.cells.length} cells, the header has ${languages.length}`,
      );
    }
    return {
      source: row.cells[sourceColumn] ?? "",
      target: row.cells[targetColumn] ?? "",
      line: row.line,
    };
  });
}

const XML_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function xmlText(raw: string): string {
  return raw
    .replace(/<[^>]*>/gu, "")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (whole, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X"))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
      return XML_ENTITIES[name] ?? whole;
    });
}

const lineAt = (text: string, index: number): number => text.slice(0, index).split("\n").length;

/** TMX 1.4: each `<tu>` with one `<tuv xml:lang="…"><seg>…</seg></tuv>` per language. */
function tmxRows(text: string, options: GlossaryParseOptions): GlossaryEntry[] {
  const { file, sourceLanguage, targetLanguage } = options;
  if (!/<tmx[\s>]/u.test(text)) throw new GlossaryError(file, 1, "not a TMX file (no <tmx>)");
  const entries: GlossaryEntry[] = [];
  const matchesLanguage = (lang: string, code: string): boolean =>
    lang.toLowerCase() === code.toLowerCase() ||
    lang.toLowerCase().startsWith(`${code.toLowerCase()}-`);
  for (const unit of text.matchAll(/<tu[\s>][\s\S]*?<\/tu>/gu)) {
    const line = lineAt(text, unit.index);
    const variants = new Map<string, string>();
    for (const tuv of unit[0].matchAll(
      /<tuv\b[^>]*?(?:xml:)?lang\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/tuv>/gu,
    )) {
      const seg = /<seg>([\s\S]*?)<\/seg>/u.exec(tuv[2] ?? "");
      variants.set(tuv[1] ?? "", xmlText(seg?.[1] ?? ""));
    }
    const pick = (code: string): string =>
      [...variants].find(([lang]) => matchesLanguage(lang, code))?.[1] ?? "";
    entries.push({ source: pick(sourceLanguage), target: pick(targetLanguage), line });
  }
  return entries;
}

/** French articles a term may carry or lose ("le Kremlin" in "du Kremlin", "l'Élysée"). */
const LEADING_ARTICLE = /^(?:le|la|les|l')\s*/iu;

/**
 * What the cache compares a term on: lower case, one apostrophe, no leading article, no final
 * plural letter. Deliberately loose (a superset of what either engine matches): a false hit only
 * costs a re-translation, a miss would keep a translation made without the term.
 */
function looseForm(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[’‘ʼ`´]/gu, "'")
    .replace(/[\s\u00a0\u202f]+/gu, " ");
}

function termStem(source: string): string {
  const loose = looseForm(source).replace(LEADING_ARTICLE, "").trim();
  // "cheval" / "chevaux", "bateau" / "bateaux", "trottinette" / "trottinettes".
  return loose.replace(/(?:al|aux|eau|eaux|s|x)$/u, "") || loose;
}

/**
 * The entries whose source may occur in `text`, in file order: what the glossary can change in
 * this paragraph's translation (the cache keys a paragraph by these, so editing an entry
 * re-translates exactly the paragraphs that contain it).
 */
export function glossaryEntriesIn(glossary: Glossary, text: string): GlossaryEntry[] {
  const haystack = looseForm(text);
  return glossary.entries.filter((entry) => haystack.includes(termStem(entry.source)));
}
