import { fold } from "../select/fold.js";

/**
 * Separators by which a page's `<title>` joins the headline to the site's name ("8. Traduction —
 * Documentation developers-reference 12.18", "Le Monde | Réforme des retraites"). A colon is not
 * one: French headlines use " : " inside the headline itself.
 */
const SEPARATOR_MARKS = String.raw`|—–\-·•»/`;
const TITLE_SEPARATOR = new RegExp(String.raw`\s+(?:[${SEPARATOR_MARKS}]|::)\s+`, "gu");

/** Headings compared with the title: a page has one headline; more `<h1>`s are sections. */
export const MAX_HEADLINES = 5;

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
 * A headline shorter than this share of the title's words is no prefix of it worth taking: the
 * rest of the title is then more than a tagline ("Ukraine war: Russia strikes Kyiv overnight"
 * under an `<h1>` "Ukraine war" is a section's heading over the article's title).
 */
const MIN_PREFIX_HEADLINE_SHARE = 0.5;

/**
 * What follows a headline inside a longer title, after its last letter or digit: a sentence's
 * end then more words ("What is Mesh WiFi? Our guide", "… médiathèque ? Notre guide"), or a
 * tagline's punctuation ("…of 2026, Tested & Reviewed", "… [2025]: fees").
 */
const AFTER_HEADLINE = new RegExp(String.raw`^(\s*[?!.])\s+\S|^\s*[,;:([${SEPARATOR_MARKS}]`, "u");

/**
 * The part of `title` that is `headline` followed by a tagline ("Best Camping Hammocks of 2026,
 * Tested & Reviewed" under the `<h1>` "Best Camping Hammocks of 2026"), if it is one.
 */
function headlinePrefix(title: string, headline: string): string | undefined {
  const wanted = compact(headline);
  const headlineWords = wordCount(headline);
  if (wanted === "" || headlineWords < MIN_HEADLINE_WORDS) return undefined;
  if (headlineWords < MIN_PREFIX_HEADLINE_SHARE * wordCount(title)) return undefined;
  for (const word of title.matchAll(/\S+/gu)) {
    const end = word.index + word[0].length;
    const seen = compact(title.slice(0, end));
    if (seen.length > wanted.length) return undefined;
    if (seen !== wanted) continue;
    // Where the headline's last letter or digit is: the word may carry its punctuation.
    const last = word.index + word[0].search(/[^\p{L}\p{N}]*$/u);
    const after = AFTER_HEADLINE.exec(title.slice(last));
    if (after === null) return undefined;
    // A question or exclamation mark belongs to the headline (with the space French puts first).
    return title.slice(0, last) + (after[1] ?? "");
  }
  return undefined;
}

/** The title without a last (or first) part naming the site, when enough words remain. */
function withoutSitePart(title: string, site: SiteEvidence): string {
  const separators = [...title.matchAll(TITLE_SEPARATOR)];
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

/**
 * The page title without the site's name. Titles and headlines are compared by their letters
 * and digits, folded (`compact`): "Beginner's" and "Beginner’s", "&" and "and"-less spellings of
 * the same words agree.
 * 1. When the title is one of the page's headlines (`<h1>`), it is the article's title, less a
 *    part naming the site (3) if it has one ("Critics’ Choice 2025 – Artlyst", site Artlyst).
 * 2. When the part before (or after) one of its separators is a headline, that part; else when
 *    a headline of at least half the title's words starts it, followed by a tagline after a
 *    comma, colon, bracket or dash, or after a question or exclamation mark, that headline.
 * 3. Else, when the part after the last separator (or before the first) names the site — its
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
  const wanted = new Set(headlines.map(compact).filter((h) => h.length > 0));
  if (wanted.has(compact(title))) return withoutSitePart(title, site);
  for (const separator of title.matchAll(TITLE_SEPARATOR)) {
    const before = title.slice(0, separator.index).trim();
    const after = title.slice(separator.index + separator[0].length).trim();
    if (wanted.has(compact(before))) return before;
    if (wanted.has(compact(after))) return after;
  }
  for (const headline of headlines) {
    const prefix = headlinePrefix(title, headline);
    if (prefix !== undefined) return prefix;
  }
  return withoutSitePart(title, site);
}
