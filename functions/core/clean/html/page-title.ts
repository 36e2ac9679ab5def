import { normalizeInline } from "../decode/normalize.js";
import { fold } from "../select/fold.js";

/**
 * Separators by which a page's `<title>` joins the headline to the site's name ("8. Traduction —
 * Documentation developers-reference 12.18", "Le Monde | Réforme des retraites"). A colon is not
 * one: French headlines use " : " inside the headline itself.
 */
const TITLE_SEPARATOR = /\s+(?:[|—–\-·•»/]|::)\s+/gu;

/** Headings compared with the title: a page has one headline; more `<h1>`s are sections. */
export const MAX_HEADLINES = 5;

/** Link marks around a heading's text (Sphinx's "¶", "#", "§", arrows): not part of it. */
const HEADING_MARKS = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}.!?)»"”]+$/gu;

/**
 * A host label shorter than this is only a site's name when a title part equals it: "bbc" is,
 * but "fr" or "tv" inside a longer part proves nothing.
 */
const MIN_CONTAINED_HOST_LABEL = 4;

/** Words the title keeps once a site's name is dropped: a lone word is more likely the name. */
const MIN_HEADLINE_WORDS = 2;

/** Second-level labels under a country code ("lemonde.co.uk" is rare, "bbc.co.uk" is not). */
const GENERIC_SECOND_LEVEL = new Set(["co", "com", "org", "net", "gov", "gouv", "ac", "edu"]);

/** What a page says about the site it belongs to (`og:site_name` and the like, its own URL). */
export interface SiteEvidence {
  readonly names: readonly string[];
  /** The page's address as it states it (`og:url`, `<link rel="canonical">`), if it does. */
  readonly url: string | null;
}

const key = (text: string): string =>
  normalizeInline(text).replace(HEADING_MARKS, "").toLocaleLowerCase("fr");

/** Letters and digits only, folded: "TheBestVPN.com" and "thebestvpn com" agree. */
const compact = (text: string): string => fold(text).replace(/[^\p{L}\p{N}]+/gu, "");

const wordCount = (text: string): number => text.split(/\s+/u).filter((w) => w !== "").length;

/** The label that names the site in a host: "developers.slashdot.org" → "slashdot". */
export function hostLabel(url: string | null): string | null {
  if (url === null) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const labels = host.split(".").filter((label) => label !== "" && label !== "www");
  const last = labels.length - 1;
  const underCountry =
    labels.length >= 3 &&
    (labels[last]?.length ?? 0) === 2 &&
    GENERIC_SECOND_LEVEL.has(labels[last - 1] ?? "");
  const label = labels[underCountry ? last - 2 : last - 1] ?? labels[0];
  return label === undefined ? null : compact(label);
}

/** True when a part of the title is the site's name, by its stated name or its host. */
function namesTheSite(part: string, site: SiteEvidence): boolean {
  const text = compact(part);
  if (text === "") return false;
  if (site.names.some((name) => compact(name) === text)) return true;
  const label = hostLabel(site.url);
  if (label === null || label === "") return false;
  if (text === label) return true;
  return (
    label.length >= MIN_CONTAINED_HOST_LABEL && (text.startsWith(label) || text.endsWith(label))
  );
}

/**
 * The page title without the site's name.
 * 1. When the title is not itself one of the page's headlines (`<h1>`) but the part before (or
 *    after) one of its separators is, that part is the article's title.
 * 2. Else, when the part after the last separator (or before the first) names the site — its
 *    `og:site_name`, or its host ("… - Slashdot" on developers.slashdot.org) — it is dropped,
 *    if at least `MIN_HEADLINE_WORDS` words remain.
 * Otherwise the title as it is: a separator alone cannot tell a site's name from half of the
 * headline ("Ukraine - Russie").
 */
export function withoutSiteName(
  title: string | null,
  headlines: readonly string[],
  site: SiteEvidence = { names: [], url: null },
): string | null {
  if (title === null) return null;
  const wanted = new Set(headlines.map(key).filter((h) => h.length > 0));
  if (wanted.has(key(title))) return title;
  const separators = [...title.matchAll(TITLE_SEPARATOR)];
  for (const separator of separators) {
    const before = title.slice(0, separator.index).trim();
    const after = title.slice(separator.index + separator[0].length).trim();
    if (wanted.has(key(before))) return before;
    if (wanted.has(key(after))) return after;
  }
  const last = separators.at(-1);
  if (last !== undefined) {
    const before = title.slice(0, last.index).trim();
    const after = title.slice(last.index + last[0].length).trim();
    if (namesTheSite(after, site) && wordCount(before) >= MIN_HEADLINE_WORDS) return before;
  }
  const first = separators[0];
  if (first !== undefined) {
    const before = title.slice(0, first.index).trim();
    const after = title.slice(first.index + first[0].length).trim();
    if (namesTheSite(before, site) && wordCount(after) >= MIN_HEADLINE_WORDS) return after;
  }
  return title;
}
