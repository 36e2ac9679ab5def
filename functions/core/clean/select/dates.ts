/**
 * Publication dates as ISO 8601: from machine-readable values (JSON-LD, meta tags, `<time>`)
 * and from the French and English datelines of the text ("Publié le 12 mars 2024 à 10h35",
 * "March 5, 2024", "26/08/2025").
 */

/** Where a date was read (`CleanedArticle.publishedSource`, `clean.publishedSource`). */
export const DATE_SOURCES = ["json-ld", "meta", "text", "export"] as const;
export type DateSource = (typeof DATE_SOURCES)[number];

export interface DateCandidate {
  readonly value: string;
  readonly source: DateSource;
}

/** News archives online start in the 1990s; a year outside this range is a misreading. */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const ISO =
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?/i;

const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  janv: 1,
  fevr: 2,
  fev: 2,
  avr: 4,
  juil: 7,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
};

const MONTH_NAME = "(\\p{L}{3,9})\\.?";
/** "12 mars 2024", "1er mars 2024", "5 March 2024", "25.Jun.2019" */
const DAY_MONTH_YEAR = new RegExp(
  `\\b(\\d{1,2})(?:er|st|nd|rd|th)?[\\s.-]+${MONTH_NAME}[\\s.,-]+(\\d{4})\\b`,
  "u",
);
/** "March 5, 2024", "Mar 5th 2024" */
const MONTH_DAY_YEAR = new RegExp(
  `\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`,
  "u",
);
/** "26/08/2025", "10/31/2024", "26.08.2025" */
const NUMERIC = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/;

const pad = (value: number): string => String(value).padStart(2, "0");

function validDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function day(year: number, month: number, dayOfMonth: number): string | null {
  return validDay(year, month, dayOfMonth) ? `${year}-${pad(month)}-${pad(dayOfMonth)}` : null;
}

const foldMonth = (name: string): string =>
  name
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "");

/**
 * The date of `value` as ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS±HH:MM` when the value
 * states a time with its offset (a time without an offset is a local time of unknown zone and is
 * left out). Null when no valid date is found.
 */
export function isoDate(value: string): string | null {
  const iso = ISO.exec(value);
  if (iso) {
    const date = day(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (date === null) return null;
    const offset = iso[7];
    if (iso[4] === undefined || offset === undefined) return date;
    const zone = offset.toUpperCase() === "Z" ? "Z" : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
    return `${date}T${iso[4]}:${iso[5]}:${iso[6] ?? "00"}${zone}`;
  }
  const text = value.toLowerCase();
  const dmy = DAY_MONTH_YEAR.exec(text);
  const dmyMonth = dmy ? MONTHS[foldMonth(dmy[2] ?? "")] : undefined;
  if (dmy && dmyMonth !== undefined) return day(Number(dmy[3]), dmyMonth, Number(dmy[1]));
  const mdy = MONTH_DAY_YEAR.exec(text);
  const mdyMonth = mdy ? MONTHS[foldMonth(mdy[1] ?? "")] : undefined;
  if (mdy && mdyMonth !== undefined) return day(Number(mdy[3]), mdyMonth, Number(mdy[2]));
  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const [first, second, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
    // Day first (French, British) unless only month first can be valid (US "10/31/2024").
    return day(year, second, first) ?? day(year, first, second);
  }
  return null;
}

/**
 * The first candidate that reads as a date and is not after `crawledAt` (a date after the
 * page was fetched is a misreading: an event announced, a copyright year), with its source.
 */
export function publicationDate(
  candidates: readonly DateCandidate[],
  crawledAt?: string,
): { published: string; source: DateSource } | null {
  const limit = crawledAt === undefined ? undefined : isoDate(crawledAt)?.slice(0, 10);
  for (const candidate of candidates) {
    const published = isoDate(candidate.value);
    if (published === null) continue;
    if (limit !== undefined && published.slice(0, 10) > limit) continue;
    return { published, source: candidate.source };
  }
  return null;
}
