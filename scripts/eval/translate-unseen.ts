/**
 * Real French text nobody here wrote or tuned on, for the leftover rate only (no reference, so
 * no chrF): does the offline engine's English generalise beyond the references?
 *
 * - the WCXB development articles (`../shared/corpora/wcxb-dev-articles`, CC-BY-4.0): the pages
 *   whose ground-truth text is French (a stop-word test; the corpus README says "a handful");
 * - GnuPG's French online help (`/usr/share/gnupg/help.fr.txt`, GPL, Debian's gpg);
 * - five of Debian's French manual pages (`/usr/share/man/fr`, apt, adduser, passwd, dpkg);
 * - Vim's French tutor after the opening the references use (`tutor.fr.utf-8`, Vim licence);
 * - the three seed articles without an English reference (000–002; real news, but the built-in
 *   post-edit glossary was written on the seeds, so they are reported apart).
 *
 * Read by `npm run eval -- translate` only (tests never read ../shared or system documents).
 * A source that is not on this machine is skipped and said so.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findCorpus, loadWcxbPages } from "./wcxb-corpus.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface UnseenSource {
  readonly name: string;
  readonly provenance: string;
  readonly paragraphs: readonly string[];
}

/**
 * Paragraphs worth translating: prose of at least `MIN_WORDS` words, mostly letters (not a
 * command line, a table or a configuration example).
 */
const MIN_WORDS = 8;
const MIN_LETTER_SHARE = 0.7;

const prose = (paragraph: string): boolean => {
  const text = paragraph.trim();
  if (text.split(/\s+/u).length < MIN_WORDS) return false;
  const letters = text.match(/[\p{L}\s]/gu)?.length ?? 0;
  return letters / text.length >= MIN_LETTER_SHARE;
};

const blocks = (text: string): string[] =>
  text
    .split(/\n\s*\n/u)
    .map((block) => block.replace(/\s+/gu, " ").trim())
    .filter(prose);

/** French by its commonest function words (≥ 10 % of the words, more than English ones). */
function looksFrench(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return false;
  const count = (list: ReadonlySet<string>) => words.filter((w) => list.has(w)).length;
  const fr = count(
    new Set("le la les des du de et est une un dans pour que qui sur pas par au".split(" ")),
  );
  const en = count(new Set("the and of to is in that for it with as was on are be by".split(" ")));
  return fr / words.length >= 0.1 && fr > en;
}

function wcxbFrench(): UnseenSource | string {
  let corpus: string;
  try {
    corpus = findCorpus();
  } catch {
    return "WCXB corpus not found (../shared/corpora/wcxb-dev-articles)";
  }
  const pages = loadWcxbPages(corpus);
  const french = pages.filter((page) => looksFrench(page.truth.mainContent));
  if (french.length === 0) {
    return `WCXB dev articles: 0 of ${pages.length} pages have French ground truth (pages declaring lang="fr" are language switchers of English pages)`;
  }
  return {
    name: `wcxb-french (${french.length} pages)`,
    provenance: "WCXB development articles, ground-truth main content, CC-BY-4.0",
    paragraphs: french.flatMap((page) => blocks(page.truth.mainContent)),
  };
}

function gnupgHelp(): UnseenSource | string {
  const path = "/usr/share/gnupg/help.fr.txt";
  if (!existsSync(path)) return `${path} missing (Debian package gpg)`;
  // Entries: a ".key" line, the text, a "." line; "#" lines are the licence header.
  const text = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("#") && !line.startsWith("."))
    .join("\n");
  return { name: "gnupg-help-fr", provenance: `${path} (GPL)`, paragraphs: blocks(text) };
}

const MAN_PAGES = [
  "man5/apt_preferences.5.gz",
  "man5/sources.list.5.gz",
  "man5/adduser.conf.5.gz",
  "man5/shadow.5.gz",
  "man5/deb-changelog.5.gz",
];

/** Text without nroff's bold and underline overstrikes ("X", backspace, "X"). */
function withoutOverstrike(text: string): string {
  let out = "";
  for (const c of text) out = c === "\b" ? out.slice(0, -1) : out + c;
  return out;
}

function manPages(): UnseenSource | string {
  const paragraphs: string[] = [];
  for (const page of MAN_PAGES) {
    const path = join("/usr/share/man/fr", page);
    if (!existsSync(path)) continue;
    try {
      const text = execFileSync("man", ["-l", path], {
        encoding: "utf8",
        env: { ...process.env, MANWIDTH: "2000", MAN_KEEP_FORMATTING: "", LANG: "C.UTF-8" },
        stdio: ["ignore", "pipe", "ignore"],
      });
      paragraphs.push(...blocks(withoutOverstrike(text)));
    } catch {
      // man not installed: the source is skipped below.
    }
  }
  if (paragraphs.length === 0) return "French manual pages missing (man-db, /usr/share/man/fr)";
  return {
    name: "debian-man-fr",
    provenance: `Debian's French manual pages: ${MAN_PAGES.join(", ")}`,
    paragraphs,
  };
}

function vimTutor(): UnseenSource | string {
  const path = "/usr/share/vim/vim90/tutor/tutor.fr.utf-8";
  if (!existsSync(path)) return `${path} missing (vim-runtime)`;
  const used = new Set(
    (
      JSON.parse(
        readFileSync(join(ROOT, "test/fixtures/translate/references/vimtutor-fr.fr.json"), "utf8"),
      ) as { paragraphs: string[] }
    ).paragraphs,
  );
  const text = readFileSync(path, "utf8").replace(/^[=~-]{5,}$/gmu, "");
  return {
    name: "vimtutor-fr (rest)",
    provenance: `${path} without the reference's opening (Vim licence)`,
    paragraphs: blocks(text).filter((p) => !used.has(p)),
  };
}

function seedsWithoutReference(): UnseenSource {
  const names = ["000_26c99712ce6ead19", "001_51d2232ddbd615fb", "002_7551a0c5d4c95c3c"];
  return {
    name: "seeds 000-002",
    provenance: "seeds/ (real news; the built-in glossary was written on the seeds)",
    paragraphs: names.flatMap((name) => {
      const article = JSON.parse(
        readFileSync(join(ROOT, "test/fixtures/gold", `${name}.json`), "utf8"),
      ) as { title: string | null; paragraphs: string[] };
      return article.title === null ? article.paragraphs : [article.title, ...article.paragraphs];
    }),
  };
}

/** The sources found on this machine, and a line for each one that was not. */
export function loadUnseenSources(): { sources: UnseenSource[]; skipped: string[] } {
  const sources: UnseenSource[] = [];
  const skipped: string[] = [];
  for (const found of [
    wcxbFrench(),
    gnupgHelp(),
    manPages(),
    vimTutor(),
    seedsWithoutReference(),
  ]) {
    if (typeof found === "string") skipped.push(found);
    else if (found.paragraphs.length > 0) sources.push(found);
  }
  return { sources, skipped };
}
