import {
  type Block,
  type BlockClass,
  type BlockFeatures,
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
   * Drop every block before the first paragraph except the title. Right for scraped text, where
   * that zone is the page header (menus, credits, share bars); HTML extraction already removed it.
   */
  readonly dropHeader: boolean;
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
 * 3. cut the page at the first end-of-article marker ("À découvrir également", comments);
 * 4. drop exact duplicates and blocks contained in a longer block (pull quotes), with the
 *    attribution lines under a pull quote;
 * 5. keep a heading only when it introduces a paragraph: runs of unpunctuated lines are
 *    related headlines, captions or menus, and nothing ends an article with a heading.
 */
export function selectArticle(blocks: readonly Block[], options: SelectOptions): Selection {
  const analysed: Analysed[] = blocks.map((block) => {
    const features = blockFeatures(block);
    return { block, features, cls: classifyBlock(block, features) };
  });

  // 1. Metadata lines.
  let author: string | null = null;
  let published: string | null = null;
  for (const { features } of analysed) {
    const match = features.boilerplate;
    if (match?.kind === "byline" && author === null) author = match.author;
    if (match?.kind === "dateline" && published === null) published = match.published;
  }

  const firstProse = analysed.findIndex((item) => item.cls === "prose");
  if (firstProse < 0)
    return { title: options.knownTitle ?? null, author, published, paragraphs: [] };

  // 2. Title.
  const title =
    options.knownTitle !== undefined
      ? options.knownTitle
      : findTitle(analysed.slice(0, firstProse));

  const keep = analysed.map(
    (item, index) => item.cls !== "noise" && !(options.dropHeader && index < firstProse),
  );

  // 3. End of article.
  for (let index = firstProse + 1; index < analysed.length; index++) {
    if (analysed[index]?.features.boilerplate?.kind === "end-of-article") {
      keep.fill(false, index);
      break;
    }
  }

  // 4. Duplicates.
  const seen = new Set<string>(title === null ? [] : [fold(title)]);
  analysed.forEach((item, index) => {
    if (!keep[index]) return;
    const key = item.features.key;
    if (seen.has(key)) keep[index] = false;
    else seen.add(key);
  });
  dropContainedBlocks(analysed, keep, title);

  // 5. Headings.
  dropStrayHeadings(analysed, keep);

  const paragraphs = analysed.filter((_, index) => keep[index]).map((item) => item.block.text);
  return { title, author, published, paragraphs };
}

function findTitle(header: readonly Analysed[]): string | null {
  const candidates = header.filter(
    (item) => item.cls === "heading" && item.features.wordCount >= MIN_TITLE_WORDS,
  );
  const counts = new Map<string, number>();
  for (const item of candidates) {
    const key = item.features.key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const repeated = candidates.find((item) => (counts.get(item.features.key) ?? 0) > 1);
  return (repeated ?? candidates[0])?.block.text ?? null;
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
    if ((containers[position + protectedTexts.length] ?? -1) < 0) return;
    keep[index] = false;
    // The lines naming who said a pull quote go with it.
    if (!isPullQuote(analysed[index])) return;
    for (let next = index + 1; next <= index + MAX_ATTRIBUTION_BLOCKS; next++) {
      const item = analysed[next];
      if (item === undefined || item.cls === "prose") break;
      if (item.features.wordCount > MAX_ATTRIBUTION_WORDS) break;
      keep[next] = false;
    }
  });
}

const OPENING_QUOTE = /^["«“„]/u;

/**
 * A copied block that is set apart without a full stop, or that opens with a quotation mark, is a
 * pull quote; a copied paragraph (a repeated standfirst) is not, and what follows it stays.
 */
function isPullQuote(item: Analysed | undefined): boolean {
  return item !== undefined && (item.cls === "heading" || OPENING_QUOTE.test(item.block.text));
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
