import { normalizeInline } from "../decode/normalize.js";

/**
 * Separators by which a page's `<title>` joins the headline to the site's name ("8. Traduction —
 * Documentation developers-reference 12.18", "Le Monde | Réforme des retraites"). A colon is not
 * one: French headlines use " : " inside the headline itself.
 */
const TITLE_SEPARATOR = /\s+(?:[|—–\-·»/]|::)\s+/gu;

/** Headings compared with the title: a page has one headline; more `<h1>`s are sections. */
export const MAX_HEADLINES = 5;

/** Link marks around a heading's text (Sphinx's "¶", "#", "§", arrows): not part of it. */
const HEADING_MARKS = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}.!?)»"”]+$/gu;

const key = (text: string): string =>
  normalizeInline(text).replace(HEADING_MARKS, "").toLocaleLowerCase("fr");

/**
 * The page title without the site's name: when the title is not itself one of the page's
 * headlines (`<h1>`) but the part before (or after) one of its separators is, that part is the
 * article's title. Otherwise the title as it is: without a headline to agree with, a separator
 * alone cannot tell a site's name from half of the headline ("Ukraine - Russie").
 */
export function withoutSiteName(title: string | null, headlines: readonly string[]): string | null {
  if (title === null) return null;
  const wanted = new Set(headlines.map(key).filter((h) => h.length > 0));
  if (wanted.size === 0 || wanted.has(key(title))) return title;
  for (const separator of title.matchAll(TITLE_SEPARATOR)) {
    const before = title.slice(0, separator.index).trim();
    const after = title.slice(separator.index + separator[0].length).trim();
    if (wanted.has(key(before))) return before;
    if (wanted.has(key(after))) return after;
  }
  return title;
}
