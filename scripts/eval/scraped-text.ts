/**
 * The scraped-text variant of an HTML page: what a scraper dumps when it saves a page as text,
 * one block per line (the seeds' shape). Built with html-to-text: no word wrapping, links as
 * their text only, images skipped, headings as written (not upper-cased), tables cell by cell,
 * then blank lines dropped so that every block is one line. Scripts, styles and the page head
 * never reach the text.
 *
 * Built in memory by `npm run eval -- clean` (`--dump-text <dir>` writes it out for reading);
 * the variant is derived data and is never committed.
 */
import { type HtmlToTextOptions, htmlToText } from "html-to-text";

const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "table", format: "block" },
    { selector: "tr", format: "block" },
    { selector: "td", format: "block" },
    { selector: "th", format: "block" },
    ...HEADINGS,
  ],
};

/** The page as scraped text: one block per line, no blank lines. */
export function scrapedText(html: string): string {
  return htmlToText(html, OPTIONS)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join("\n");
}
