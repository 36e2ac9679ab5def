/**
 * The story index: every analysed article's MinHash signature, in one object under `stories/`
 * of the article store, updated with conditional writes so that concurrent analyze runs never
 * lose each other's members.
 *
 *   1. read `stories/index.json` and its ETag (absent: an empty index)
 *   2. put the member in (replacing an older entry for the same key); unchanged → done
 *   3. write it back with `ifMatch` = that ETag (or `ifNoneMatch: "*"` when it was absent); a
 *      `PreconditionFailedError` means another run wrote first: start again at 1
 *   4. the members whose story changed (a new first member, a new link) get their enriched
 *      document's `story` rewritten, each with a conditional write too
 * Re-delivery of the same article finds its entry unchanged at step 2: nothing is written.
 */
import * as z from "zod/mini";
import { PreconditionFailedError } from "../errors.js";
import { articleName, keysFor, PREFIX } from "../keys.js";
import type { ArticleStore } from "../ports.js";
import { serialize } from "../serialize.js";
import { assignStories, type StoryAssignment, type StoryMember } from "./story-grouping.js";

/** One object for the whole bucket (see docs/adr/0008-quotes-and-stories.md for its limits). */
export const STORY_INDEX_KEY = `${PREFIX.stories}index.json`;

/**
 * Attempts at the read–modify–write before giving up: each lost race means another article was
 * added meanwhile, and the analyze queue's concurrency (a handful of Lambdas) bounds how many
 * can be; 10 lost races in a row would take ten articles landing within one round trip.
 */
export const STORY_INDEX_MAX_ATTEMPTS = 10;

const StoryIndexSchema = z.object({
  version: z.literal(1),
  members: z.array(z.object({ key: z.string(), sha256: z.string(), signature: z.string() })),
});
type StoryIndex = z.infer<typeof StoryIndexSchema>;

const EMPTY: StoryIndex = { version: 1, members: [] };

async function readIndex(
  store: ArticleStore,
): Promise<{ index: StoryIndex; etag: string | undefined }> {
  const object = await store.get(STORY_INDEX_KEY);
  if (object === undefined) return { index: EMPTY, etag: undefined };
  const parsed = StoryIndexSchema.safeParse(JSON.parse(new TextDecoder().decode(object.bytes)));
  // An unreadable index is rebuilt from this article on: grouping is advisory, never a failure.
  return { index: parsed.success ? parsed.data : EMPTY, etag: object.etag };
}

function sameMember(a: StoryMember | undefined, b: StoryMember): boolean {
  return a !== undefined && a.sha256 === b.sha256 && a.signature === b.signature;
}

function sameStory(a: StoryAssignment | undefined, b: StoryAssignment | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.id === b.id &&
    a.duplicateOf === b.duplicateOf &&
    a.similarity === b.similarity
  );
}

/** Adds (or refreshes) `member` in the index; returns the stories before and after. */
async function upsert(
  store: ArticleStore,
  member: StoryMember,
): Promise<{
  before: Map<string, StoryAssignment>;
  after: Map<string, StoryAssignment>;
}> {
  for (let attempt = 1; ; attempt += 1) {
    const { index, etag } = await readIndex(store);
    const before = assignStories(index.members);
    const existing = index.members.find((m) => m.key === member.key);
    if (sameMember(existing, member)) return { before, after: before };
    const members = [...index.members.filter((m) => m.key !== member.key), member].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    try {
      await store.put(STORY_INDEX_KEY, serialize({ version: 1, members }), {
        contentType: "application/json",
        ...(etag === undefined ? { ifNoneMatch: "*" as const } : { ifMatch: etag }),
      });
      return { before, after: assignStories(members) };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= STORY_INDEX_MAX_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** Rewrites the `story` of an already enriched document, if it is still the one to fix. */
async function restamp(
  store: ArticleStore,
  sourceKey: string,
  story: StoryAssignment,
): Promise<void> {
  const name = articleName("clean", sourceKey);
  if (name === undefined) return;
  const key = keysFor(name).enriched;
  for (let attempt = 1; attempt <= STORY_INDEX_MAX_ATTEMPTS; attempt += 1) {
    const object = await store.get(key);
    if (object === undefined) return; // not enriched yet: its own run reads the index later
    const doc = JSON.parse(new TextDecoder().decode(object.bytes)) as {
      source?: { key?: string };
      story?: StoryAssignment;
    };
    if (doc.source?.key !== sourceKey || sameStory(doc.story, story)) return;
    try {
      await store.put(key, serialize({ ...doc, story }), {
        contentType: "application/json",
        ifMatch: object.etag,
      });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
}

/**
 * Puts an article in the story index and returns its story; other members whose story this
 * changes are re-stamped. Pure over the store port: the same on S3 and on the embedded server.
 */
export async function joinStory(
  store: ArticleStore,
  member: StoryMember,
): Promise<StoryAssignment> {
  const { before, after } = await upsert(store, member);
  for (const [key, story] of after) {
    if (key !== member.key && !sameStory(before.get(key), story)) await restamp(store, key, story);
  }
  const own = after.get(member.key);
  if (own === undefined) throw new Error(`story index lost ${member.key}`);
  return own;
}
