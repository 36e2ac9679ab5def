import type { EnrichedDocument } from "./document.js";

/** The fields `depeche diff` compares, in the order it reports them. */
export const DIFF_FIELDS = [
  "title",
  "paragraphs",
  "keyPhrases",
  "entities",
  "sentiment",
  "summary",
] as const;

export type DiffField = (typeof DIFF_FIELDS)[number];

/** What changed in one article between two enriched documents. */
export interface ArticleDiff {
  readonly name: string;
  readonly changed: readonly DiffField[];
  readonly title?: { readonly old: string | null; readonly new: string | null };
  readonly paragraphs?: { readonly old: number; readonly new: number };
  readonly keyPhrases?: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly entities?: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly sentiment?: { readonly old: string; readonly new: string };
  readonly summary?: { readonly old: readonly string[]; readonly new: readonly string[] };
}

export interface DiffReport {
  readonly articles: readonly ArticleDiff[];
  /** Names found only on the old side, or only on the new one. */
  readonly onlyOld: readonly string[];
  readonly onlyNew: readonly string[];
  readonly totals: {
    readonly compared: number;
    readonly changed: number;
    readonly unchanged: number;
    /** Articles in which each field changed. */
    readonly byField: Readonly<Record<DiffField, number>>;
  };
}

/** The part of an enriched document the diff reads. */
export type DiffableDocument = Pick<
  EnrichedDocument,
  "title" | "english" | "keyPhrases" | "entities" | "sentiment" | "summary"
>;

/** Set difference of two lists of labels, each sorted, duplicates ignored. */
function setChange(
  old: readonly string[],
  next: readonly string[],
): { added: string[]; removed: string[] } {
  const before = new Set(old);
  const after = new Set(next);
  return {
    added: [...after].filter((x) => !before.has(x)).sort(),
    removed: [...before].filter((x) => !after.has(x)).sort(),
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The fields that differ between two documents of one article. Key phrases compare by text,
 * entities by type and text (`PERSON:Lavrov`); scores are not compared, since a re-run of the
 * same engine may move them in the last digit without saying anything new.
 */
export function diffArticle(
  name: string,
  old: DiffableDocument,
  next: DiffableDocument,
): ArticleDiff {
  const changed: DiffField[] = [];
  const diff: {
    -readonly [K in keyof ArticleDiff]: ArticleDiff[K];
  } = { name, changed };
  if (old.title !== next.title) {
    changed.push("title");
    diff.title = { old: old.title, new: next.title };
  }
  if (old.english.paragraphs.length !== next.english.paragraphs.length) {
    changed.push("paragraphs");
    diff.paragraphs = { old: old.english.paragraphs.length, new: next.english.paragraphs.length };
  }
  const phrases = setChange(
    old.keyPhrases.map((p) => p.text),
    next.keyPhrases.map((p) => p.text),
  );
  if (phrases.added.length + phrases.removed.length > 0) {
    changed.push("keyPhrases");
    diff.keyPhrases = phrases;
  }
  const entities = setChange(
    old.entities.map((e) => `${e.type}:${e.text}`),
    next.entities.map((e) => `${e.type}:${e.text}`),
  );
  if (entities.added.length + entities.removed.length > 0) {
    changed.push("entities");
    diff.entities = entities;
  }
  if (old.sentiment.label !== next.sentiment.label) {
    changed.push("sentiment");
    diff.sentiment = { old: old.sentiment.label, new: next.sentiment.label };
  }
  if (!sameList(old.summary, next.summary)) {
    changed.push("summary");
    diff.summary = { old: old.summary, new: next.summary };
  }
  return diff;
}

/** Compares two sets of documents keyed by article name. */
export function diffDocuments(
  old: ReadonlyMap<string, DiffableDocument>,
  next: ReadonlyMap<string, DiffableDocument>,
): DiffReport {
  const names = [...old.keys()].filter((name) => next.has(name)).sort();
  const articles = names.map((name) =>
    diffArticle(name, old.get(name) as DiffableDocument, next.get(name) as DiffableDocument),
  );
  const byField = Object.fromEntries(DIFF_FIELDS.map((field) => [field, 0])) as Record<
    DiffField,
    number
  >;
  for (const article of articles) for (const field of article.changed) byField[field] += 1;
  const changed = articles.filter((a) => a.changed.length > 0).length;
  return {
    articles,
    onlyOld: [...old.keys()].filter((name) => !next.has(name)).sort(),
    onlyNew: [...next.keys()].filter((name) => !old.has(name)).sort(),
    totals: { compared: articles.length, changed, unchanged: articles.length - changed, byField },
  };
}
