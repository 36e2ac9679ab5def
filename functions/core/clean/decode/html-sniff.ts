/**
 * Deciding whether an input is HTML, apart from the HTML reader itself: the clean Lambda loads
 * linkedom and Readability only for inputs that are pages.
 */

/** Bytes of the start of a document inspected to decide whether it is HTML. */
export const HTML_SNIFF_CHARS = 64 * 1024;

const HTML_START = /^\s*<(?:!doctype\s+html|html|head|body|meta|title|!--|\?xml)\b/i;
const TAG_START = /^\s*</;
const CLOSING_BLOCK_TAG = /<\/(?:p|div|article|section|body|html|span|h[1-6]|li|a)\s*>/i;
const OPENING_BLOCK_TAGS = /<(?:p|div|br|h[1-6]|li|blockquote|article|section)\b[^<>]{0,200}>/gi;

/** Block tags a fragment that never closes them (`<p>…<p>…`) shows before it counts as HTML. */
const MIN_UNCLOSED_BLOCK_TAGS = 2;

/**
 * A page starts with a doctype or an `<html>`/`<head>`/`<body>` tag; a fragment starts with a tag
 * and closes block elements, or opens several (`<p>…<p>…`, as sloppy exports do). Scraped text
 * that merely mentions "<" is neither.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, HTML_SNIFF_CHARS);
  if (HTML_START.test(head)) return true;
  if (!TAG_START.test(head)) return false;
  if (CLOSING_BLOCK_TAG.test(head)) return true;
  return (head.match(OPENING_BLOCK_TAGS)?.length ?? 0) >= MIN_UNCLOSED_BLOCK_TAGS;
}
