/**
 * The story index under `stories/` of the article store: small objects, each updated with
 * conditional writes, so an article costs the same whatever the bucket holds and concurrent
 * analyze runs never lose each other's updates.
 *
 *   stories/members/<hash of the source key>.json  one per article: its signature, and the
 *                                                   keys of the articles it is linked with
 *   stories/bands/<band>/<band values>.json         one per band value (`STORY_BANDS`): the
 *                                                   articles whose signature has it
 *
 * Joining (`joinStory`):
 *   1. write the member object (`ifNoneMatch: "*"`; an older version of the same key with other
 *      text first leaves its bands and links, see `leave`)
 *   2. add the article to its 16 band objects: whoever is already there is a candidate
 *   3. a candidate that is `linked` (same band, similarity ≥ 0.5) gets the article's key in its
 *      member object's links, and the article gets the candidate's
 *   4. its story is the connected group reached through the links; the group is assigned as
 *      `assignStories` does, with and without the article: members whose story changes get
 *      their enriched document's `story` rewritten (conditional write too)
 * Every update is a read–modify–write with `ifMatch` = the ETag read (or `ifNoneMatch: "*"`
 * for a new object), retried on `PreconditionFailedError`: two writers of one object cannot
 * both win, and the loser redoes its change on the winner's version. Of two linked articles
 * joining at once, the one whose band write comes second sees the other (the band object is
 * read and written in one conditional step), so the link is never missed.
 * Re-delivery finds every object already holding the article: nothing is written.
 * Cost per article: 17 small writes, plus reads proportional to the size of its own story (not
 * to the bucket).
 */

import * as z from "zod/mini";
import { PreconditionFailedError } from "../errors.js";
import { articleName, keysFor, PREFIX } from "../keys.js";
import type { ArticleStore } from "../ports.js";
import { serialize } from "../serialize.js";
import { sha256Hex } from "../sha256.js";
import {
  assignStories,
  bandsOf,
  linked,
  type StoryAssignment,
  type StoryMember,
} from "./story-grouping.js";

/** One object per article (see the module comment). */
export const STORY_MEMBERS_PREFIX = `${PREFIX.stories}members/`;

/** One object per band value (see the module comment). */
export const STORY_BANDS_PREFIX = `${PREFIX.stories}bands/`;

/**
 * Attempts at one read–modify–write before giving up: each lost race means another article
 * changed the same small object meanwhile (a band value or a member both share), and the analyze
 * queue's concurrency (a handful of Lambdas) bounds how many can; 10 lost races in a row would
 * take ten articles of one story landing within one round trip.
 */
export const STORY_INDEX_MAX_ATTEMPTS = 10;

/** Hex digits of the SHA-256 of a source key that name its member object: 128 bits. */
const MEMBER_KEY_HEX = 32;

const MemberSchema = z.object({ key: z.string(), sha256: z.string(), signature: z.string() });

const MemberRecordSchema = z.object({
  version: z.literal(2),
  key: z.string(),
  sha256: z.string(),
  signature: z.string(),
  /** Source keys of the members this one is linked with, sorted. */
  links: z.array(z.string()),
});
type MemberRecord = z.infer<typeof MemberRecordSchema>;

const BandSchema = z.object({ version: z.literal(2), members: z.array(MemberSchema) });
type Band = z.infer<typeof BandSchema>;

/** The key of a source key's member object. */
export function memberKey(sourceKey: string): string {
  const hash = sha256Hex(sourceKey);
  return `${STORY_MEMBERS_PREFIX}${hash.slice(0, MEMBER_KEY_HEX)}.json`;
}

/** The key of a band value's object (`bandsOf` gives `<band>-<values>`). */
export function bandKey(band: string): string {
  const [index, values] = band.split("-");
  return `${STORY_BANDS_PREFIX}${index}/${values}.json`;
}

function sortedKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort();
}

function byKey(a: StoryMember, b: StoryMember): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
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

function asMember({ key, sha256, signature }: StoryMember): StoryMember {
  return { key, sha256, signature };
}

interface Versioned<T> {
  readonly value: T | undefined;
  readonly etag: string | undefined;
}

/** Reads a JSON object; an unreadable one counts as absent (grouping is advisory, never a failure). */
async function readJson<T>(
  store: ArticleStore,
  key: string,
  parse: (value: unknown) => { success: boolean; data?: T },
): Promise<Versioned<T>> {
  const object = await store.get(key);
  if (object === undefined) return { value: undefined, etag: undefined };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(object.bytes));
  } catch {
    return { value: undefined, etag: object.etag };
  }
  const parsed = parse(data);
  return { value: parsed.success ? parsed.data : undefined, etag: object.etag };
}

/**
 * One conditional read–modify–write: `change` gets the current value (undefined: absent) and
 * returns the new one, or undefined for "nothing to write". With `createFirst`, the object is
 * first assumed absent and written without a read (most band values and members are new: one
 * request instead of two). Returns the value as it now is.
 */
async function update<T>(
  store: ArticleStore,
  key: string,
  parse: (value: unknown) => { success: boolean; data?: T },
  change: (current: T | undefined) => T | undefined,
  createFirst = false,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const current: Versioned<T> =
      createFirst && attempt === 1
        ? { value: undefined, etag: undefined }
        : await readJson(store, key, parse);
    const next = change(current.value);
    if (next === undefined) return current.value;
    try {
      await store.put(key, serialize(next), {
        contentType: "application/json",
        ...(current.etag === undefined ? { ifNoneMatch: "*" as const } : { ifMatch: current.etag }),
      });
      return next;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= STORY_INDEX_MAX_ATTEMPTS) {
        throw error;
      }
    }
  }
}

const parseRecord = (value: unknown) => MemberRecordSchema.safeParse(value);
const parseBand = (value: unknown) => BandSchema.safeParse(value);

async function readRecord(
  store: ArticleStore,
  sourceKey: string,
): Promise<MemberRecord | undefined> {
  return (await readJson(store, memberKey(sourceKey), parseRecord)).value;
}

/** Adds (or removes) links of a member object; nothing is written when they are already so. */
async function relink(
  store: ArticleStore,
  member: StoryMember,
  add: readonly string[],
  remove: readonly string[] = [],
): Promise<MemberRecord | undefined> {
  return update(store, memberKey(member.key), parseRecord, (record) => {
    if (record === undefined || !sameMember(record, member)) return undefined;
    const links = sortedKeys(
      [...record.links, ...add].filter((key) => key !== member.key && !remove.includes(key)),
    );
    if (links.join("\n") === record.links.join("\n")) return undefined;
    return { ...record, links };
  });
}

/** Puts `member` in a band object; returns the band's other members. */
async function enterBand(
  store: ArticleStore,
  band: string,
  member: StoryMember,
  probablyNew: boolean,
): Promise<StoryMember[]> {
  const entry = asMember(member);
  const result = await update<Band>(
    store,
    bandKey(band),
    parseBand,
    (current) => {
      const members = current?.members ?? [];
      if (
        sameMember(
          members.find((m) => m.key === member.key),
          member,
        )
      )
        return undefined;
      return {
        version: 2,
        members: [...members.filter((m) => m.key !== member.key), entry].sort(byKey),
      };
    },
    probablyNew,
  );
  return (result?.members ?? []).filter((m) => m.key !== member.key);
}

/** Takes `member` out of a band object (its key now has other text). */
async function leaveBand(store: ArticleStore, band: string, member: StoryMember): Promise<void> {
  await update<Band>(store, bandKey(band), parseBand, (current) => {
    if (current === undefined || !current.members.some((m) => m.key === member.key)) {
      return undefined;
    }
    return { ...current, members: current.members.filter((m) => m.key !== member.key) };
  });
}

/**
 * The connected group of `start` through the links, each link checked against the members'
 * current signatures (a link left by an older version of a key is ignored).
 */
async function storyGroup(
  store: ArticleStore,
  start: MemberRecord,
): Promise<Map<string, MemberRecord>> {
  const group = new Map<string, MemberRecord>([[start.key, start]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: MemberRecord[] = [];
    for (const from of frontier) {
      const unseen = from.links.filter((key) => !group.has(key));
      const records = await Promise.all(unseen.map((key) => readRecord(store, key)));
      for (const record of records) {
        if (record === undefined || group.has(record.key) || !linked(from, record)) continue;
        group.set(record.key, record);
        next.push(record);
      }
    }
    frontier = next;
  }
  return group;
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
    // The document's metadata (what "already done" reads) must survive the rewrite: taken from
    // a HEAD of this very version; a newer version in between is a lost race, tried again.
    const head = await store.head(key);
    if (head === undefined || head.etag !== object.etag) continue;
    try {
      await store.put(key, serialize({ ...doc, story }), {
        contentType: "application/json",
        ifMatch: object.etag,
        metadata: head.metadata,
      });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
}

/**
 * An older version of the key (other text) leaves its bands and its neighbours' links; returns
 * those neighbours, whose stories may change.
 */
async function leave(
  store: ArticleStore,
  old: MemberRecord,
  member: StoryMember,
): Promise<string[]> {
  const staying = new Set(bandsOf(member.signature));
  await Promise.all(
    bandsOf(old.signature)
      .filter((band) => !staying.has(band))
      .map((band) => leaveBand(store, band, old)),
  );
  const neighbours = await Promise.all(old.links.map((key) => readRecord(store, key)));
  for (const neighbour of neighbours) {
    if (neighbour !== undefined) await relink(store, neighbour, [], [old.key]);
  }
  return old.links;
}

/** Re-stamps every member of the groups of `keys` whose document says another story. */
async function restampGroupsOf(store: ArticleStore, keys: readonly string[]): Promise<void> {
  const done = new Set<string>();
  for (const key of keys) {
    if (done.has(key)) continue;
    const record = await readRecord(store, key);
    if (record === undefined) continue;
    const group = await storyGroup(store, record);
    const stories = assignStories([...group.values()]);
    for (const [member, story] of stories) {
      done.add(member);
      await restamp(store, member, story);
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
  const fresh: MemberRecord = { version: 2, ...asMember(member), links: [] };
  // 1. the member object (new, unchanged, or replacing an older version of the key)
  let created = false;
  let previous: MemberRecord | undefined;
  await update(
    store,
    memberKey(member.key),
    parseRecord,
    (record) => {
      created = record === undefined;
      previous = record !== undefined && !sameMember(record, member) ? record : undefined;
      return created ? fresh : undefined;
    },
    true,
  );
  let left: string[] = [];
  if (previous !== undefined) {
    // The key's text changed: the older version leaves its bands and links first.
    left = await leave(store, previous, member);
    await update(store, memberKey(member.key), parseRecord, (record) =>
      record !== undefined && sameMember(record, member) ? undefined : fresh,
    );
  }
  // 2. the bands: whoever is already there is a candidate
  const others = await Promise.all(
    bandsOf(member.signature).map((band) => enterBand(store, band, member, created)),
  );
  const candidates = new Map<string, StoryMember>();
  for (const other of others.flat()) candidates.set(other.key, other);
  // 3. links, both ways, with the candidates that are linked and still have that text
  const neighbours: string[] = [];
  for (const candidate of [...candidates.values()].sort(byKey)) {
    if (!linked(member, candidate)) continue;
    const record = await relink(store, candidate, [member.key]);
    if (record !== undefined && sameMember(record, candidate)) neighbours.push(candidate.key);
  }
  // (a new article that links to nobody is alone in its story: no read needed)
  const own =
    (neighbours.length > 0
      ? await relink(store, member, neighbours)
      : created
        ? fresh
        : await readRecord(store, member.key)) ?? fresh;
  // 4. the story group, with and without this article: re-stamp whom it moves
  const group = await storyGroup(store, own);
  const after = assignStories([...group.values()]);
  const before = assignStories([...group.values()].filter((m) => m.key !== member.key));
  for (const [key, story] of after) {
    if (key !== member.key && !sameStory(before.get(key), story)) await restamp(store, key, story);
  }
  if (left.length > 0)
    await restampGroupsOf(
      store,
      left.filter((key) => !group.has(key)),
    );
  const story = after.get(member.key);
  if (story === undefined) throw new Error(`story index lost ${member.key}`);
  return story;
}
