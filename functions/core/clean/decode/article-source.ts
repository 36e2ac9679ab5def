import { InputError } from "../../errors.js";
import { looksLikeHtml } from "./html-sniff.js";

/**
 * What the cleaner reads from a decoded upload: the text itself, or — for a JSON export of an
 * article (`{"title": …, "body": …}`, as scrapers and CMS exports write them) — its body, with
 * the headline, byline and date the export names. Kept light (no HTML parser): the clean Lambda
 * asks it whether the HTML reader is needed before loading that.
 */
export interface ArticleSource {
  readonly text: string;
  readonly html: boolean;
  readonly title?: string;
  readonly author?: string;
  readonly published?: string;
}

/** Field names exports use, most specific first (English, French, schema.org). */
const TITLE_FIELDS = ["headline", "title", "titre"];
const BODY_FIELDS = ["articleBody", "body", "content", "contenu", "text", "texte", "article"];
const AUTHOR_FIELDS = ["author", "byline", "auteur"];
const DATE_FIELDS = ["datePublished", "published", "publishedAt", "date"];

/** Where exports nest the article one level down (`{"article": {…}}`, `{"data": {…}}`). */
const WRAPPER_FIELDS = ["article", "data", "item", "post"];

export function articleSource(decoded: string): ArticleSource {
  const json = parseJsonObject(decoded);
  if (json === undefined) return { text: decoded, html: looksLikeHtml(decoded) };
  const record = unwrap(json);
  const body = firstString(record, BODY_FIELDS);
  if (body === undefined) {
    throw new InputError(
      "NO_ARTICLE",
      `The object is JSON without an article body: none of the fields ${BODY_FIELDS.join(", ")} holds text.`,
    );
  }
  const title = firstString(record, TITLE_FIELDS);
  const author = firstString(record, AUTHOR_FIELDS) ?? nestedName(record.author);
  const published = firstString(record, DATE_FIELDS);
  return {
    text: body,
    html: looksLikeHtml(body),
    ...(title === undefined ? {} : { title: title.trim() }),
    ...(author === undefined ? {} : { author: author.trim() }),
    ...(published === undefined ? {} : { published: published.trim() }),
  };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    // Text that merely looks like an object ("{Exclusif} …") is read as text.
    return undefined;
  }
}

function unwrap(record: Record<string, unknown>): Record<string, unknown> {
  if (firstString(record, BODY_FIELDS) !== undefined) return record;
  for (const field of WRAPPER_FIELDS) {
    const inner = record[field];
    if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) {
      return inner as Record<string, unknown>;
    }
  }
  return record;
}

function firstString(
  record: Record<string, unknown>,
  fields: readonly string[],
): string | undefined {
  for (const field of fields) {
    const value = record[field];
    if (typeof value === "string" && value.trim().length > 0) return value;
  }
  return undefined;
}

/** schema.org writes `"author": {"name": "…"}` (or a list of them). */
function nestedName(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === "object" && first !== null) {
    const name = (first as { name?: unknown }).name;
    if (typeof name === "string" && name.trim().length > 0) return name;
  }
  return undefined;
}
