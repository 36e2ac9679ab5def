import type { Block } from "../blocks/block.js";
import {
  type BlockClass,
  type BlockFeatures,
  type BlockStructure,
  blockFeatures,
  classifyBlock,
} from "./features.js";
import { fold } from "./fold.js";
import { findContainedBlocks } from "./near-duplicates.js";

/** The article found among the blocks of a page. */
export interface Selection {
  readonly title: string | null;
  readonly author: string | null;
  readonly published: string | null;
  readonly paragraphs: string[];
}

export interface SelectOptions {
  /**
   * Title known from the page's metadata (HTML). When undefined, the title is looked for among
   * the blocks before the first paragraph (text).
   */
  readonly knownTitle?: string | null;
  /**
   * What to keep of the blocks before the first paragraph, besides the title: "nothing" for
   * scraped text, where that zone is the page header (menus, credits, share bars);
   * "headings" for HTML, where Readability already removed the header and only marked-up
   * headings (h1–h6) may belong to the article.
   */
  readonly header: "nothing" | "headings";
  /** Whether the blocks are lines of text or extracted article markup (`BlockStructure`). */
  readonly structure?: BlockStructure;
}

interface Analysed {
  readonly block: Block;
  readonly features: BlockFeatures;
  readonly cls: BlockClass;
}

/** A headline has at least three words ("Poutine reçoit Erdogan"). */
const MIN_TITLE_WORDS = 3;

/**
 * A pull quote is followed by who said it: a name line, a role line, sometimes a date. Up to
 * this many short lines after a dropped pull quote go with it.
 */
const MAX_ATTRIBUTION_BLOCKS = 3;

/** "ministre turc des Affaires étrangères, le 12 mars" — an attribution line is short. */
const MAX_ATTRIBUTION_WORDS = 10;

/**
 * Chooses the article's blocks, in order:
 * 1. classify each block (features.ts) and read byline and dateline metadata;
 * 2. find the title: a repeated headline before the first paragraph, else the first one;
 * 3. cut the page at the first end-of-article marker ("À découvrir également", comments), and
 *    drop the headlines listed under a lone "Lire aussi";
 * 4. drop exact duplicates and blocks contained in a longer block (pull quotes), with the
 *    attribution lines under a pull quote;
 * 5. keep a heading only when it introduces a paragraph: runs of unpunctuated lines are
 *    related headlines, captions or menus, and nothing ends an article with a heading.
 */
export function selectArticle(blocks: readonly Block[], options: SelectOptions): Selection {
  const analysed: Analysed[] = blocks.map((block) => {
    const features = blockFeatures(block);
    return { block, features, cls: classifyBlock(block, features, options.structure) };
  });

  // 1. Metadata lines.
  let author: string | null = null;
  let published: string | null = null;
  for (const { features } of analysed) {
    const match = features.boilerplate;
    if (match?.kind === "byline" && author === null) author = match.author;
    if (match?.kind === "dateline" && published === null) published = match.published;
  }

  let firstProse = findBodyStart(analysed);
  if (firstProse < 0)
    return { title: options.knownTitle ?? null, author, published, paragraphs: [] };

  // 2. Title.
  let title =
    options.knownTitle !== undefined
      ? options.knownTitle
      : findTitle(analysed.slice(0, firstProse));
  if (title === null && options.knownTitle === undefined) {
    const question = questionHeadline(analysed, firstProse);
    if (question !== undefined) {
      title = analysed[question]?.block.text ?? null;
      firstProse = question + 1;
    }
  }

  const keep = analysed.map(
    (item, index) =>
      item.cls !== "noise" &&
      (index >= firstProse || (options.header === "headings" && item.block.kind === "heading")),
  );

  // 3. End of article: a marker ends it once some body has been read.
  let bodyWords = 0;
  let proseLeft = options.structure === "article" ? proseWords(analysed, firstProse) : 0;
  for (let index = firstProse; index < analysed.length; index++) {
    const item = analysed[index];
    if (
      item?.features.boilerplate?.kind === "end-of-article" &&
      bodyWords >= MIN_BODY_WORDS &&
      // In extracted markup, what follows a real end is short (teasers, comments Readability
      // kept): a "marker" followed by more prose than came before is a heading of the article.
      proseLeft <= bodyWords
    ) {
      keep.fill(false, index);
      break;
    }
    if (item?.cls === "prose") {
      bodyWords += item.features.wordCount;
      if (options.structure === "article") proseLeft -= item.features.wordCount;
    }
  }

  // 3b. Headlines under a lone "Lire aussi" label.
  dropTeasedHeadlines(analysed, keep);

  // 4. Duplicates.
  const seen = new Set<string>(title === null ? [] : [fold(title)]);
  analysed.forEach((item, index) => {
    if (!keep[index]) return;
    const key = item.features.key;
    // Table cells are data: the same figure or label in two rows is not a copy.
    if (item.block.kind === "cell") return;
    if (seen.has(key)) keep[index] = false;
    else seen.add(key);
  });
  dropContainedBlocks(analysed, keep, title);

  // 5. Headings.
  if (options.structure !== "article") dropStrayHeadings(analysed, keep);

  const paragraphs = analysed.filter((_, index) => keep[index]).map((item) => item.block.text);
  return { title, author, published, paragraphs };
}

/**
 * An end-of-article marker ("Comments", "Related", "You may also like") ends the article only
 * after this many words of prose: above it, the marker is a link in the page header ("31
 * comments" next to the byline, WCXB page 4823) and the article is still to come. The shortest
 * news brief of the fixtures has 60 words.
 */
const MIN_BODY_WORDS = 50;

/**
 * A lead paragraph has a dozen words or more; a shorter sentence starts the body only when
 * another paragraph follows it. Short sentences alone in a page header are taglines and notices
 * ("Site de réflexion et de ré-information.").
 */
const MIN_LEAD_WORDS = 12;

/** Words of the prose blocks from `start` on. */
function proseWords(analysed: readonly Analysed[], start: number): number {
  let words = 0;
  for (let index = start; index < analysed.length; index++) {
    const item = analysed[index];
    if (item?.cls === "prose") words += item.features.wordCount;
  }
  return words;
}

/** Index of the first paragraph of the body, or -1 when there is no prose at all. */
function findBodyStart(analysed: readonly Analysed[]): number {
  const candidates = analysed.flatMap((item, index) => (item.cls === "prose" ? [index] : []));
  const lead = candidates.find((index) => {
    const item = analysed[index];
    if (item === undefined) return false;
    if (item.features.wordCount >= MIN_LEAD_WORDS) return true;
    // Scans stop at the next non-noise block, so all scans together stay linear.
    for (let next = index + 1; next < analysed.length; next++) {
      const cls = analysed[next]?.cls;
      if (cls !== "noise") return cls === "prose";
    }
    return false;
  });
  return lead ?? candidates[0] ?? -1;
}

/** "Faut-il craindre une pénurie de gazole cet hiver ?" — question headlines are this short. */
const MAX_QUESTION_HEADLINE_WORDS = 20;

const SENTENCE_MARKS = /[.!?…]/gu;

/**
 * Headlines may end with "?" or "!", and then read as a sentence. The opening block is taken for
 * a headline when it is a single short question or exclamation, nothing before it looked like a
 * headline, and a full lead paragraph follows it.
 */
function questionHeadline(analysed: readonly Analysed[], bodyStart: number): number | undefined {
  const item = analysed[bodyStart];
  if (item === undefined || item.features.wordCount > MAX_QUESTION_HEADLINE_WORDS) return undefined;
  const text = item.block.text.trimEnd().replace(/[\s"'»”’)\]]+$/u, "");
  if (!text.endsWith("?") && !text.endsWith("!")) return undefined;
  if ((text.match(SENTENCE_MARKS)?.length ?? 0) !== 1) return undefined;
  for (let next = bodyStart + 1; next < analysed.length; next++) {
    const following = analysed[next];
    if (following === undefined || following.cls === "heading") return undefined;
    if (following.cls === "prose") {
      return following.features.wordCount >= MIN_LEAD_WORDS ? bodyStart : undefined;
    }
  }
  return undefined;
}

/** A line of `=`, `-`, `*` or `_` under a line: the plain-text (setext) way to mark a headline. */
const UNDERLINE = /^[=\-*_~]{3,}$/u;

/** Breadcrumb separators between words: "Accueil > Économie > Agriculture". */
const BREADCRUMB_SEPARATORS = /\s[>›»/|]\s/gu;

/** A trail of two separators or more is navigation, not a headline. */
const MIN_BREADCRUMB_SEPARATORS = 2;

/** Headlines run to six words or more; kickers above them ("Guerre en Ukraine") are shorter. */
const MIN_HEADLINE_WORDS = 6;

/** Letters in capitals above this share: a masthead or a kicker ("LA LETTRE DU TERRITOIRE"). */
const SHOUTING_UPPERCASE_RATIO = 0.8;

/**
 * Title evidence, added up: a headline is often repeated by scrapers (page title, `og:title`, h1)
 * or underlined in plain text, and is longer than the kicker above it; mastheads shout in
 * capitals and breadcrumbs chain separators.
 */
const TITLE_SCORE = {
  repeated: 2,
  underlined: 2,
  headlineLength: 1,
  shouting: -2,
  breadcrumb: -3,
} as const;

function uppercaseRatio(text: string): number {
  const letters = text.replace(/\P{L}+/gu, "");
  if (letters.length === 0) return 0;
  return letters.replace(/\P{Lu}+/gu, "").length / letters.length;
}

/** The best headline among the blocks before the first paragraph; ties go to the first. */
function findTitle(header: readonly Analysed[]): string | null {
  const counts = new Map<string, number>();
  for (const item of header)
    counts.set(item.features.key, (counts.get(item.features.key) ?? 0) + 1);
  let best: { text: string; score: number } | undefined;
  header.forEach((item, index) => {
    if (item.cls !== "heading" || item.features.wordCount < MIN_TITLE_WORDS) return;
    const text = item.block.text;
    let score = 0;
    if ((counts.get(item.features.key) ?? 0) > 1) score += TITLE_SCORE.repeated;
    if (UNDERLINE.test(header[index + 1]?.block.text ?? "")) score += TITLE_SCORE.underlined;
    if (item.features.wordCount >= MIN_HEADLINE_WORDS) score += TITLE_SCORE.headlineLength;
    if (uppercaseRatio(text) > SHOUTING_UPPERCASE_RATIO) score += TITLE_SCORE.shouting;
    const separators = text.match(BREADCRUMB_SEPARATORS)?.length ?? 0;
    if (separators >= MIN_BREADCRUMB_SEPARATORS) score += TITLE_SCORE.breadcrumb;
    if (best === undefined || score > best.score) best = { text, score };
  });
  return best === undefined || best.score < 0 ? null : best.text;
}

function dropContainedBlocks(
  analysed: readonly Analysed[],
  keep: boolean[],
  title: string | null,
): void {
  const kept = analysed.flatMap((_, index) => (keep[index] ? [index] : []));
  const protectedTexts = title === null ? [] : [title];
  const texts = [...protectedTexts, ...kept.map((index) => analysed[index]?.block.text ?? "")];
  const containers = findContainedBlocks(texts, protectedTexts.length);
  kept.forEach((index, position) => {
    const container = containers[position + protectedTexts.length] ?? -1;
    if (container < 0) return;
    const item = analysed[index];
    const containerIndex =
      container < protectedTexts.length ? -1 : kept[container - protectedTexts.length];
    // A subheading may repeat words of the paragraph it introduces; a pull quote sits elsewhere.
    const introducesContainer = item?.cls === "heading" && containerIndex === kept[position + 1];
    if (introducesContainer && !hasAttribution(analysed, index)) return;
    keep[index] = false;
    if (!isPullQuote(item)) return;
    forEachAttribution(analysed, index, (next) => {
      keep[next] = false;
    });
  });
}

/** Calls `action` on each short unpunctuated line right after `index` (who said a quote). */
function forEachAttribution(
  analysed: readonly Analysed[],
  index: number,
  action: (next: number) => void,
): void {
  for (let next = index + 1; next <= index + MAX_ATTRIBUTION_BLOCKS; next++) {
    const item = analysed[next];
    if (item === undefined || item.cls === "prose" || item.features.boilerplate) break;
    if (item.features.wordCount > MAX_ATTRIBUTION_WORDS) break;
    action(next);
  }
}

function hasAttribution(analysed: readonly Analysed[], index: number): boolean {
  let found = false;
  forEachAttribution(analysed, index, () => {
    found = true;
  });
  return found;
}

const OPENING_QUOTE = /^["«“„]/u;

/** Pull quotes are a sentence or two; a copied block longer than this is a repeated paragraph. */
const MAX_PULL_QUOTE_WORDS = 30;

/**
 * A copied block that is short, unpunctuated or quoted is a pull quote; a copied paragraph (a
 * repeated standfirst) is not, and what follows it stays.
 */
function isPullQuote(item: Analysed | undefined): boolean {
  if (item === undefined) return false;
  return (
    item.cls === "heading" ||
    OPENING_QUOTE.test(item.block.text) ||
    item.features.wordCount <= MAX_PULL_QUOTE_WORDS
  );
}

/** "Lire aussi" on its own line is followed by one to a few related headlines. */
const MAX_TEASED_HEADLINES = 5;

function dropTeasedHeadlines(analysed: readonly Analysed[], keep: boolean[]): void {
  analysed.forEach((item, index) => {
    const match = item.features.boilerplate;
    if (match?.kind !== "teaser" || !match.labelOnly) return;
    for (let next = index + 1; next <= index + MAX_TEASED_HEADLINES; next++) {
      const headline = analysed[next];
      if (headline === undefined || headline.cls === "prose") break;
      keep[next] = false;
    }
  });
}

function dropStrayHeadings(analysed: readonly Analysed[], keep: boolean[]): void {
  const kept = analysed.flatMap((_, index) => (keep[index] ? [index] : []));
  let run: number[] = [];
  let previousProse: Analysed | undefined;
  let inList = false;
  const closeRun = (nextIsProse: boolean): void => {
    const introducesParagraph = run.length === 1 && nextIsProse;
    if (!introducesParagraph) for (const index of run) keep[index] = false;
    run = [];
  };
  for (const index of kept) {
    const item = analysed[index];
    if (item === undefined) continue;
    if (item.cls === "prose") {
      closeRun(true);
      previousProse = item;
      inList = false;
      continue;
    }
    // A list introduced by "…les mesures suivantes :" keeps its unpunctuated items.
    const listContinues =
      item.features.isListItem && (inList || (run.length === 0 && endsWithColon(previousProse)));
    if (listContinues) {
      inList = true;
      continue;
    }
    inList = false;
    previousProse = undefined;
    run.push(index);
  }
  closeRun(false);
}

function endsWithColon(item: Analysed | undefined): boolean {
  return item?.features.endsWithColon ?? false;
}
