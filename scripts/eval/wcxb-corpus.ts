/**
 * The WCXB development articles in `../shared/corpora/wcxb-dev-articles/` (Web Content
 * eXtraction Benchmark, Murrough Foley, 2026, CC-BY-4.0; see that folder's README): the page as
 * served and its ground truth. Read by the evaluation only; tests never need it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** Where the corpus sits below a `shared/` folder next to (or above) the checkout. */
const CORPUS_PATH = join("shared", "corpora", "wcxb-dev-articles");

export interface WcxbPage {
  readonly id: string;
  readonly url: string;
  readonly domain: string;
  readonly bytes: Uint8Array;
  readonly truth: {
    readonly title: string | null;
    readonly author: string | null;
    /** "YYYY-MM-DD" (once "YYYY-MM"), or null. */
    readonly published: string | null;
    readonly mainContent: string;
    readonly with: readonly string[];
    readonly without: readonly string[];
  };
  /** When the benchmark downloaded the page (ISO 8601), for the pages that record it. */
  readonly downloadedAt: string | null;
}

interface GroundTruthFile {
  readonly url: string;
  readonly downloaded_at?: string;
  readonly ground_truth: {
    readonly title?: string | null;
    readonly author?: string | null;
    readonly publish_date?: string | null;
    readonly main_content?: string | null;
    readonly with?: string[] | null;
    readonly without?: string[] | null;
  };
}

/** The corpus folder: `explicit`, else the first `shared/corpora/wcxb-dev-articles` above us. */
export function findCorpus(explicit?: string): string {
  if (explicit !== undefined) {
    if (!existsSync(join(explicit, "ids.txt"))) {
      throw new Error(`${explicit} is not the WCXB corpus (no ids.txt)`);
    }
    return explicit;
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, CORPUS_PATH);
    if (existsSync(join(candidate, "ids.txt"))) return candidate;
    const parent = resolve(dir, "..");
    if (parent === dir)
      throw new Error(`no ${CORPUS_PATH} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Every page of the corpus, in the order of its ids.txt. */
export function loadWcxbPages(corpus: string): WcxbPage[] {
  const metadata = JSON.parse(readFileSync(join(corpus, "metadata.json"), "utf8")) as Record<
    string,
    { domain: string }
  >;
  return readFileSync(join(corpus, "ids.txt"), "utf8")
    .split("\n")
    .map((id) => id.trim())
    .filter((id) => id.length > 0)
    .map((id): WcxbPage => {
      const file = JSON.parse(
        readFileSync(join(corpus, "ground-truth", `${id}.json`), "utf8"),
      ) as GroundTruthFile;
      const truth = file.ground_truth;
      return {
        id,
        url: file.url,
        domain: metadata[id]?.domain ?? "",
        bytes: new Uint8Array(gunzipSync(readFileSync(join(corpus, "html", `${id}.html.gz`)))),
        truth: {
          title: truth.title ?? null,
          author: truth.author ?? null,
          published: truth.publish_date ?? null,
          mainContent: truth.main_content ?? "",
          with: truth.with ?? [],
          without: truth.without ?? [],
        },
        downloadedAt: file.downloaded_at ?? null,
      };
    });
}
