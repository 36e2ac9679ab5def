import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { InputError } from "../../errors.js";
import type { Block, BlockKind } from "../blocks/block.js";
import { HTML_SNIFF_CHARS } from "../decode/html-sniff.js";
import { bylineName } from "../select/boilerplate.js";
import type { DateCandidate } from "../select/dates.js";

const HTML_ELEMENT = /<html[\s>]/i;

import { normalizeInline } from "../decode/normalize.js";
import { MAX_HEADLINES, type SiteEvidence, withoutSiteName } from "./page-title.js";

/**
 * The few DOM members this module reads. The project compiles without the DOM library (it runs
 * on Lambda, not in a browser), so linkedom's nodes are described structurally here.
 */
interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: Iterable<DomNode>;
}

interface DomElement extends DomNode {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly className: string;
  readonly id: string;
  getAttribute(name: string): string | null;
  closest(selectors: string): DomElement | null;
  matches(selectors: string): boolean;
  remove(): void;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): Iterable<DomElement>;
  cloneNode(deep: boolean): DomElement;
  replaceWith(node: DomNode): void;
}

interface DomDocument extends DomElement {
  createTextNode(text: string): DomNode;
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
}

/** What the HTML reader found: metadata and the article's blocks in document order. */
export interface HtmlArticle {
  readonly title: string | null;
  readonly author: string | null;
  /** Publication dates the page states, most reliable first (JSON-LD, meta tags, `<time>`). */
  readonly dates: DateCandidate[];
  readonly blocks: Block[];
  /**
   * "readability": the blocks are the article Readability extracted. "blocks": the page was too
   * deeply nested for Readability, and the blocks are the whole page's, chrome included.
   */
  readonly extractor: "readability" | "blocks";
}

/**
 * Readability's minimum article length before it retries with looser rules: its default. Short
 * news briefs (300–500 characters) are not lost by it: when no attempt reaches it, Readability
 * returns its longest attempt. A lower threshold (250) accepted a first attempt that was a
 * fragment on long pages (WCXB page 4684: two words of a 2,000-word review).
 */
const READABILITY_CHAR_THRESHOLD = 500;

/**
 * Class or id words of page widgets that sit inside article containers and that Readability's
 * own patterns miss: newsletter and subscription boxes, consent banners, share bars, captions,
 * ad slots, "lire aussi" teasers, comment threads, embedded social-media posts. Matched as whole
 * words of a class or id (`share-bar` has `share`; `shared` does not). Not "cmp" nor "embed":
 * they name Adobe's article components (`cmp-text`) and Webflow's or CKEditor's content boxes
 * (`w-embed`) more often than consent banners and embeds (on WCXB's development articles, more
 * article text than boilerplate was removed by each).
 */
const WIDGET_NAME =
  /(?:^|[\s_-])(?:newsletter|subscribe|subscription|paywall|promo|outbrain|taboola|caption|credits?|legende|consent|cookies?|didomi|share|sharing|social|related|signal|ads?|advert\w*|pub|sponsor\w*|comments?|read-?also|lire-?aussi|most-?read|plus-?lus|tweet|instagram-media|tiktok-embed)(?=$|[\s_-])/i;

/**
 * A widget is small; an element this long that matches `WIDGET_NAME` is more likely the article
 * container with an unlucky class name ("article has-share"), so it is left to Readability.
 */
const MAX_WIDGET_CHARS = 1000;

/** Containers of form controls (newsletter sign-ups, comment forms, search boxes). */
const FORM_CONTAINER = "div, section, aside, footer, form";

/**
 * A sign-up or search box says a sentence or two; a container of a form control with a
 * paragraph longer than this is the article itself with a stray input in it (WCXB page 4451).
 */
const MAX_FORM_PARAGRAPH_CHARS = 200;

function hasLongParagraph(element: DomElement): boolean {
  for (const paragraph of element.querySelectorAll("p")) {
    if (textLength(paragraph) > MAX_FORM_PARAGRAPH_CHARS) return true;
  }
  return false;
}

function textLength(element: DomElement): number {
  return normalizeInline(element.textContent ?? "").length;
}

/**
 * Scripts and styles (not the JSON-LD that Readability reads for metadata) become a space: they
 * sit between blocks (an ad slot after its "publicité" label), and removing them, as Readability
 * does, would glue the words on either side into one ("publicitéLe conseil").
 */
function separateScripts(document: DomDocument): void {
  for (const element of document.querySelectorAll(
    'script:not([type="application/ld+json"]), style',
  )) {
    element.replaceWith(document.createTextNode(" "));
  }
}

/**
 * Inline elements are words of a paragraph, never a widget box: `<span class="hljs-comment">`
 * is a comment of a code listing (WCXB page 0437), not a comment thread.
 */
const INLINE_TAGS: ReadonlySet<string> = new Set([
  "SPAN",
  "A",
  "EM",
  "STRONG",
  "B",
  "I",
  "CODE",
  "SMALL",
  "MARK",
  "ABBR",
  "TIME",
]);

/**
 * Removes page widgets before Readability scores the page, so that a sign-up box inside the
 * article body does not become a paragraph.
 */
function removeWidgets(document: DomDocument): void {
  const doomed: DomElement[] = [];
  for (const element of document.querySelectorAll("[class], [id]")) {
    const tag = element.tagName.toUpperCase();
    if (tag === "BODY" || tag === "HTML" || tag === "ARTICLE" || tag === "MAIN") continue;
    if (INLINE_TAGS.has(tag)) continue;
    const name = `${element.className} ${element.id}`;
    if (WIDGET_NAME.test(name) && textLength(element) <= MAX_WIDGET_CHARS) doomed.push(element);
  }
  for (const control of document.querySelectorAll("form, input, button")) {
    const container = control.closest(FORM_CONTAINER);
    if (
      container !== null &&
      textLength(container) <= MAX_WIDGET_CHARS &&
      !hasLongParagraph(container)
    ) {
      doomed.push(container);
    }
  }
  for (const element of doomed) element.remove();
}

/** Elements whose text is one paragraph of the article. */
const BLOCK_SELECTOR = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, dt, dd";

const BLOCK_KIND: Readonly<Record<string, BlockKind>> = {
  H1: "heading",
  H2: "heading",
  H3: "heading",
  H4: "heading",
  H5: "heading",
  H6: "heading",
  LI: "item",
  FIGCAPTION: "caption",
};

const PUBLISHED_META = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="pubdate"]',
];

const TITLE_META = ['meta[property="og:title"]', 'meta[name="twitter:title"]'];

/** Where a page names its site (a title's " | Site" suffix is compared with these). */
const SITE_NAME_META = [
  'meta[property="og:site_name"]',
  'meta[name="application-name"]',
  'meta[name="apple-mobile-web-app-title"]',
  'meta[name="twitter:site"]',
];

/** What the page says about its site: its stated names and its own address. */
function siteEvidence(document: DomDocument): SiteEvidence {
  const names = SITE_NAME_META.flatMap((selector) => {
    const name = firstMeta(document, [selector]);
    return name === null ? [] : [name];
  });
  const url =
    firstMeta(document, ['meta[property="og:url"]']) ??
    nonEmpty(document.querySelector('link[rel="canonical"]')?.getAttribute("href"));
  return { names, url };
}

/**
 * Real pages nest 15–60 elements deep. Readability's scoring grows much faster than the depth
 * (0.4 s at 256 levels, 1.2 s at 500, minutes at 5,000), so deeper pages skip it and are cut into
 * blocks directly, like scraped text.
 */
const MAX_READABILITY_DEPTH = 128;

/**
 * linkedom's parser slows down sharply on deep nesting (1 s at 25,000 levels, 10 s at 100,000).
 * Article pages stay under 100; a page nested this deep is generated junk and is refused before
 * parsing.
 */
const MAX_PARSE_DEPTH = 2000;

/** Elements that are always closed explicitly, so that counting their tags measures nesting. */
const NESTING_TAG =
  /<(\/?)(?:div|section|article|main|aside|nav|header|footer|form|span|font|a|b|i|em|strong|blockquote|ul|ol|table)\b[^<>]*?(\/?)>/gi;

/** Deepest nesting of explicitly closed elements in the HTML source; a linear scan. */
function sourceNestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(NESTING_TAG)) {
    if (match[1] === "/") depth = Math.max(0, depth - 1);
    else if (match[2] !== "/") deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

const AUTHOR_META = ['meta[name="author"]', 'meta[property="article:author"]'];

const URL_LIKE = /^https?:\/\//i;
/** A date some bylines start with ("Mar 6 Written By …"). */
const LEADING_DATE = String.raw`(?:[^\p{L}]*\p{L}{3,9}\.?\s+\d{1,2},?\s+)?`;

/**
 * What a page's byline says before the name: "By", "Par", "Posted by", "Written by", "Reviewed
 * by", "Author:", "Auteur :", after a date or not.
 */
const BYLINE_PREFIX = new RegExp(
  String.raw`^${LEADING_DATE}(?:(?:(?:posted|written|reviewed|edited|authored|published|story|photos?)\s+)?(?:by|par)(?:\s*:\s*|\s+)|(?:author|auteur|auteure|écrit par|rédigé par)\s*:\s*)`,
  "iu",
);

/**
 * The same glued to the name ("Written byDan Pantelo"): told apart from a name that starts so
 * ("Byron") by the capital after it, hence case-sensitive.
 */
const GLUED_BYLINE_PREFIX = new RegExp(
  String.raw`^${LEADING_DATE}(?:(?:[Pp]osted|[Ww]ritten|[Rr]eviewed|[Ee]dited)\s+)?(?:[Bb]y|[Pp]ar)(?=\p{Lu}\p{Ll})`,
  "u",
);

function firstMeta(document: DomDocument, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    const content = document.querySelector(selector)?.getAttribute("content");
    if (content !== null && content !== undefined && content.trim().length > 0) {
      return normalizeInline(content);
    }
  }
  return null;
}

/** JSON-LD blocks read at most: a page has one to three; some themes repeat dozens. */
const MAX_JSON_LD_SCRIPTS = 10;

/** Objects of a JSON-LD graph visited at most, so that a huge graph costs bounded time. */
const MAX_JSON_LD_NODES = 2000;

/** `datePublished` of the page's JSON-LD, articles first (then any other node that has one). */
/** The JSON-LD records of a page: top-level objects, arrays and `@graph` lists, bounded. */
function jsonLdRecords(document: DomDocument): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  let scripts = 0;
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    if (++scripts > MAX_JSON_LD_SCRIPTS) break;
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? "");
    } catch {
      continue;
    }
    const pending: unknown[] = [data];
    for (let visited = 0; pending.length > 0 && visited < MAX_JSON_LD_NODES; visited++) {
      const node = pending.pop();
      if (Array.isArray(node)) {
        pending.push(...[...node].reverse());
        continue;
      }
      if (node === null || typeof node !== "object") continue;
      const record = node as Record<string, unknown>;
      records.push(record);
      if (record["@graph"] !== undefined) pending.push(record["@graph"]);
    }
  }
  return records;
}

/** schema.org types of an article-like record (NewsArticle, BlogPosting, Report, Review…). */
const ARTICLE_TYPE = /Article|Posting|Report|Review|Recipe/;

const isArticleRecord = (record: Record<string, unknown>): boolean =>
  ARTICLE_TYPE.test(JSON.stringify(record["@type"] ?? ""));

function jsonLdDates(records: readonly Record<string, unknown>[]): string[] {
  const articles: string[] = [];
  const others: string[] = [];
  for (const record of records) {
    const date = record.datePublished;
    if (typeof date === "string" && date.trim().length > 0) {
      (isArticleRecord(record) ? articles : others).push(date.trim());
    }
  }
  return [...articles, ...others];
}

/** The first author's name of the page's article record (`author` as a name or a Person). */
function jsonLdAuthor(records: readonly Record<string, unknown>[]): string | null {
  for (const record of records.filter(isArticleRecord)) {
    const authors = Array.isArray(record.author) ? record.author : [record.author];
    for (const author of authors) {
      const name =
        typeof author === "string"
          ? author
          : typeof author === "object" && author !== null
            ? (author as Record<string, unknown>).name
            : undefined;
      if (typeof name === "string" && name.trim().length > 0) return normalizeInline(name);
    }
  }
  return null;
}

/**
 * The `datetime` of the page's first `<time>` that has one. linkedom keeps attribute names as
 * the page wrote them (for SVG's `viewBox`), where an HTML parser lowers them, and its selectors
 * then miss them: pages rendered by React write `dateTime`. So each `<time>` is asked for both
 * spellings (pages have a handful of them).
 */
function firstTimeElement(document: DomDocument): string | null {
  for (const time of document.querySelectorAll("time")) {
    const value = (time.getAttribute("datetime") ?? time.getAttribute("dateTime"))?.trim();
    if (value !== undefined && value.length > 0) return value;
  }
  return null;
}

function cleanAuthor(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const author = bylineName(
    normalizeInline(value).replace(BYLINE_PREFIX, "").replace(GLUED_BYLINE_PREFIX, ""),
  );
  return author.length > 0 && !URL_LIKE.test(author) ? author : null;
}

function nonEmpty(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = normalizeInline(value);
  return text.length > 0 ? text : null;
}

/** Text and link-text lengths of inline content gathered into one block. */
interface InlineRun {
  text: string;
  linked: number;
}

/** Marks the end of a container in the walk below: inline text gathered so far is one block. */
const FLUSH = Symbol("flush");

/** Element-like nodes are 1, text nodes 3 (DOM `nodeType`). */
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Table cells: one block each, unless they hold paragraphs of their own. */
const CELL_TAGS: ReadonlySet<string> = new Set(["TD", "TH"]);

/** Containers whose children are laid out as separate blocks. */
const CONTAINER_TAGS: ReadonlySet<string> = new Set([
  "DIV",
  "SECTION",
  "ARTICLE",
  "MAIN",
  "HEADER",
  "FOOTER",
  "ASIDE",
  "NAV",
  "FORM",
  "TABLE",
  "THEAD",
  "TBODY",
  "TFOOT",
  "TR",
  "TD",
  "TH",
  "UL",
  "OL",
  "DL",
  "FIGURE",
  "CENTER",
  "DETAILS",
  "SUMMARY",
]);

/**
 * Elements whose text is never article text. Form fields included: a "republish this article"
 * box holds the article's own HTML in a text area (WCXB pages 0329, 0174).
 */
const SKIPPED_TAGS: ReadonlySet<string> = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "TEXTAREA",
  "SELECT",
]);

function linkedLength(node: DomNode): number {
  if (node.nodeType !== ELEMENT_NODE) return 0;
  const element = node as DomElement;
  if (element.tagName.toUpperCase() === "A")
    return normalizeInline(element.textContent ?? "").length;
  let linked = 0;
  for (const link of element.querySelectorAll("a")) {
    linked += normalizeInline(link.textContent ?? "").length;
  }
  return linked;
}

/**
 * Walks the extracted article in document order and cuts it into blocks: each innermost block
 * element (p, h1–h6, li, blockquote…) is one block, and inline content lying loose in a container
 * (text between `<br>`s, a sentence before the first `<p>`) is gathered into blocks too, so that
 * no article text is lost. Hand-written because Readability returns a DOM, not paragraphs.
 */
function articleBlocks(root: DomElement): Block[] {
  const blocks: Block[] = [];
  const run: InlineRun = { text: "", linked: 0 };
  const flush = (): void => {
    const text = normalizeInline(run.text);
    if (text.length > 0) {
      blocks.push({ text, kind: "paragraph", linkDensity: Math.min(1, run.linked / text.length) });
    }
    run.text = "";
    run.linked = 0;
  };
  // Iterative depth-first walk: a page nested thousands of levels deep must not overflow the stack.
  const stack: (DomNode | typeof FLUSH)[] = [...root.childNodes].reverse();
  const descend = (element: DomElement): void => {
    flush();
    stack.push(FLUSH, ...[...element.childNodes].reverse());
  };
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node === FLUSH) {
      flush();
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      run.text += node.textContent ?? "";
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const element = node as DomElement;
    const tag = element.tagName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) continue;
    if (tag === "BR" || tag === "HR") {
      flush();
    } else if (element.matches(BLOCK_SELECTOR)) {
      if (element.querySelector(BLOCK_SELECTOR) !== null) {
        descend(element);
        continue;
      }
      flush();
      const text = normalizeInline(element.textContent ?? "");
      if (text.length > 0) {
        blocks.push({
          text,
          kind: BLOCK_KIND[tag] ?? "paragraph",
          linkDensity: Math.min(1, linkedLength(element) / text.length),
        });
      }
    } else if (CELL_TAGS.has(tag) && element.querySelector(BLOCK_SELECTOR) === null) {
      flush();
      const text = normalizeInline(element.textContent ?? "");
      if (text.length > 0) {
        blocks.push({
          text,
          kind: "cell",
          linkDensity: Math.min(1, linkedLength(element) / text.length),
        });
      }
    } else if (CONTAINER_TAGS.has(tag)) {
      descend(element);
    } else if (tag !== "A" && wrapsBlocks(element)) {
      // An inline element around blocks (an unclosed <span>): its inline text runs on, its
      // blocks stay blocks. Its text taken whole would glue them ("publicitéLe conseil…"). A
      // link around blocks (a teaser card) stays one linked run: its link density marks it.
      stack.push(...[...element.childNodes].reverse());
    } else {
      run.text += element.textContent ?? "";
      run.linked += linkedLength(element);
    }
  }
  flush();
  return blocks;
}

/** Elements laid out as blocks of their own: `articleBlocks` splits text at them. */
const BLOCK_OR_CONTAINER_SELECTOR = [
  BLOCK_SELECTOR,
  ...[...CONTAINER_TAGS, ...CELL_TAGS, "BR", "HR"].map((tag) => tag.toLowerCase()),
].join(", ");

/** True when an inline element holds an element laid out as a block (or a line break). */
function wrapsBlocks(element: DomElement): boolean {
  return element.querySelector(BLOCK_OR_CONTAINER_SELECTOR) !== null;
}

/** Nesting depth of the element tree under `root`, measured without recursion. */
function treeDepth(root: DomNode): number {
  let deepest = 0;
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const entry = stack.pop();
    if (entry === undefined) break;
    const [node, depth] = entry;
    deepest = Math.max(deepest, depth);
    for (const child of node.childNodes) {
      if (child.nodeType === ELEMENT_NODE) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Extracts the article of an HTML page with Mozilla Readability (the Firefox reader view) on a
 * linkedom document, then splits it into paragraph blocks. Metadata comes from Readability
 * (JSON-LD, Open Graph) and, failing that, from the usual meta tags.
 */
export function readHtml(html: string): HtmlArticle {
  const depth = sourceNestingDepth(html);
  if (depth > MAX_PARSE_DEPTH) {
    throw new InputError(
      "NO_ARTICLE",
      `The HTML page nests elements ${depth} levels deep (article pages stay under ${MAX_PARSE_DEPTH}); it is not a readable page.`,
    );
  }
  // linkedom makes a fragment's first element the document element, leaving no <body>.
  const page = HTML_ELEMENT.test(html.slice(0, HTML_SNIFF_CHARS))
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(page) as unknown as { document: DomDocument };
  const jsonLd = jsonLdRecords(document);
  const metaDates = [
    ...jsonLdDates(jsonLd).map((value): DateCandidate => ({ value, source: "json-ld" })),
    ...[firstMeta(document, PUBLISHED_META), firstTimeElement(document)].flatMap(
      (value): DateCandidate[] => (value === null ? [] : [{ value, source: "meta" }]),
    ),
  ];
  const metaAuthor = firstMeta(document, AUTHOR_META) ?? jsonLdAuthor(jsonLd);
  const headlines = [...document.querySelectorAll("h1")]
    .slice(0, MAX_HEADLINES)
    .map((h1) => h1.textContent ?? "");
  const site = siteEvidence(document);
  separateScripts(document);
  removeWidgets(document);

  // Not `document.body`: reading linkedom's getter before Readability runs made Readability find
  // no article on some pages (WCXB page 0335), where the same query by selector does not.
  const root = document.querySelector("body") ?? document.documentElement;
  if (root !== null && treeDepth(root) > MAX_READABILITY_DEPTH) {
    return {
      title: withoutSiteName(
        firstMeta(document, TITLE_META) ?? nonEmpty(document.querySelector("title")?.textContent),
        headlines,
        site,
      ),
      author: cleanAuthor(metaAuthor),
      dates: metaDates,
      blocks: articleBlocks(root),
      extractor: "blocks",
    };
  }

  // Readability moves and removes nodes while it parses: the containers are copied first.
  const containers = articleContainers(document);
  const reader = new Readability<DomElement>(document as never, {
    charThreshold: READABILITY_CHAR_THRESHOLD,
    serializer: (node) => node as unknown as DomElement,
  });
  const article = reader.parse();
  const content = article?.content;
  return {
    title: withoutSiteName(nonEmpty(article?.title), headlines, site),
    author: cleanAuthor(article?.byline) ?? cleanAuthor(metaAuthor),
    // Readability's date comes from the same JSON-LD or meta tags: a last resort.
    dates: [
      ...metaDates,
      ...(article?.publishedTime
        ? [{ value: article.publishedTime, source: "meta" as const }]
        : []),
    ],
    blocks: widerBlocks(
      content === null || content === undefined ? [] : articleBlocks(content),
      containers,
    ),
    extractor: "readability",
  };
}

/**
 * Elements by which a page marks its article, innermost first: schema.org microdata's body,
 * then HTML's `<article>`, then `<main>`.
 */
const ARTICLE_CONTAINERS = ['[itemprop="articleBody"]', "article", "main", '[role="main"]'];

/**
 * A prose paragraph: a sentence or two at least, mostly not links. Used to measure how much
 * article text a set of blocks holds, leaving out menus, teasers and headings.
 */
const MIN_PROSE_CHARS = 80;
const MAX_PROSE_LINK_DENSITY = 0.5;

/**
 * Readability keeps one subtree (and the siblings that score like it). When a page lays its
 * article out in several sibling boxes (grid columns, one `<section>` per chapter), it keeps
 * one box. The page's own container holding that box is taken instead when it has at least this
 * many times Readability's prose: on WCXB's development articles, ratios below 2 are mostly the
 * article plus a comment or "related" box, ratios above are mostly the article cut to a box.
 */
const WIDER_CONTAINER_RATIO = 2;

/** Copies of the largest element of each `ARTICLE_CONTAINERS` kind, innermost kind first. */
function articleContainers(document: DomDocument): DomElement[] {
  const found: DomElement[] = [];
  for (const selector of ARTICLE_CONTAINERS) {
    let largest: DomElement | null = null;
    let largestLength = 0;
    for (const element of document.querySelectorAll(selector)) {
      const length = textLength(element);
      if (length > largestLength) {
        largest = element;
        largestLength = length;
      }
    }
    if (largest !== null) found.push(largest.cloneNode(true));
  }
  return found;
}

function isProse(block: Block): boolean {
  return (
    block.kind === "paragraph" &&
    block.text.length >= MIN_PROSE_CHARS &&
    (block.linkDensity ?? 0) < MAX_PROSE_LINK_DENSITY
  );
}

function proseLength(blocks: readonly Block[]): number {
  let length = 0;
  for (const block of blocks) if (isProse(block)) length += block.text.length;
  return length;
}

/**
 * Readability's blocks, or those of the page's innermost article container holding Readability's
 * first prose paragraph when that container has `WIDER_CONTAINER_RATIO` times more prose (or any,
 * when Readability found none). Only the innermost: when the `<article>` around Readability's pick is not much larger, the `<main>`
 * around it adds sidebars and teasers, not article text.
 */
function widerBlocks(blocks: Block[], containers: readonly DomElement[]): Block[] {
  const first = blocks.find(isProse);
  const own = proseLength(blocks);
  for (const container of containers) {
    const candidate = articleBlocks(container);
    // Without prose of its own, Readability found nothing to place: any container may do.
    if (first !== undefined && !candidate.some((block) => block.text === first.text)) continue;
    const wider = proseLength(candidate);
    return wider > 0 && wider >= WIDER_CONTAINER_RATIO * own ? candidate : blocks;
  }
  return blocks;
}
