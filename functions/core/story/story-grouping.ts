/**
 * Same-story grouping: near-duplicate detection on the cleaned French text.
 *
 * 1. The text (title and paragraphs) is folded (case, accents, punctuation, apostrophes) into
 *    words, and cut into overlapping `SHINGLE_WORDS`-word shingles.
 * 2. A MinHash signature of `MINHASH_SIZE` values summarises the shingle set; the share of equal
 *    values between two signatures estimates the Jaccard similarity of the two sets.
 * 3. Articles that share a band of their signatures (`STORY_BANDS`) and whose estimate reaches
 *    `SAME_STORY_MIN_SIMILARITY` are linked; a story is a connected group of links. Its first member, by source key, owns it: the story id is derived
 *    from that member's content hash, and every other member is `duplicateOf` its key.
 * The grouping is a function of the set of members only (not of the order they arrived in), so
 * the same uploads in any order give the same stories.
 */
import { fold } from "../analyze/words.js";
import { fold as foldApostrophes } from "../clean/select/fold.js";

/**
 * Five-word shingles: shorter ones (2–3 words) recur across unrelated articles on the same
 * subject ("la coopération militaire entre"), longer ones break at every small edit an outlet
 * makes (an apostrophe, a transliteration: "Raisi"/"Raïssi" changes 5 shingles, not 10).
 */
export const SHINGLE_WORDS = 5;

/**
 * 64 MinHash values: the estimate's standard error √(J(1−J)/64) is at most 0.0625, small enough
 * to tell a near-copy (J > 0.8) from a rewrite (J < 0.2), at 512 bytes of hex per article.
 */
export const MINHASH_SIZE = 64;

/**
 * Same story from an estimated Jaccard of 0.5 up: one outlet's copy of a wire story (new title,
 * a paragraph added or cut, typography) keeps well over half of its 5-word shingles (seeds 000
 * and 001: 0.9), while two articles written separately about the same event share almost none
 * (seeds 000 and 002: 0).
 */
export const SAME_STORY_MIN_SIMILARITY = 0.5;

/** Characters of the owner's SHA-256 that make a story id: 64 bits, no collision in practice. */
const STORY_ID_HEX = 16;

export interface StoryMember {
  /** Source key of the uploaded object (`incoming/…`): the tie-breaker and `duplicateOf` value. */
  readonly key: string;
  /** SHA-256 of the uploaded bytes. */
  readonly sha256: string;
  /** MinHash signature, `MINHASH_SIZE` unsigned 32-bit values as 8-digit hex, concatenated. */
  readonly signature: string;
}

export interface StoryAssignment {
  readonly id: string;
  readonly duplicateOf: string | null;
  readonly similarity: number | null;
}

/** FNV-1a, 32 bits, over UTF-16 code units: a fast, fixed, well-spread string hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's 32-bit finaliser: mixes every input bit into every output bit. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One fixed seed per MinHash function (the golden-ratio sequence): the same everywhere, forever. */
const SEEDS: readonly number[] = Array.from(
  { length: MINHASH_SIZE },
  (_, i) => Math.imul(i + 1, 0x9e3779b9) >>> 0,
);

/** The folded words' `SHINGLE_WORDS`-word shingles; a shorter text is one shingle. */
export function shingles(text: string): Set<string> {
  // One apostrophe shape: outlets write d'Ankara and d’Ankara alike.
  const words = fold(foldApostrophes(text)).split(" ").filter(Boolean);
  const set = new Set<string>();
  if (words.length === 0) return set;
  if (words.length < SHINGLE_WORDS) {
    set.add(words.join(" "));
    return set;
  }
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i += 1) {
    set.add(words.slice(i, i + SHINGLE_WORDS).join(" "));
  }
  return set;
}

/** MinHash signature of an article's text (see `StoryMember.signature`). */
export function signatureOf(text: string): string {
  const hashes = [...shingles(text)].map(fnv1a);
  return SEEDS.map((seed) => {
    let min = 0xffffffff;
    for (const hash of hashes) {
      const value = mix(hash ^ seed);
      if (value < min) min = value;
    }
    return min.toString(16).padStart(8, "0");
  }).join("");
}

/** Estimated Jaccard similarity: the share of positions where two signatures agree. */
export function similarity(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let equal = 0;
  const size = a.length / 8;
  for (let i = 0; i < a.length; i += 8) {
    if (a.slice(i, i + 8) === b.slice(i, i + 8)) equal += 1;
  }
  return Math.round((equal / size) * 1e4) / 1e4;
}

/**
 * Locality-sensitive hashing over the signature: `STORY_BANDS` bands of `STORY_BAND_ROWS`
 * consecutive values. Two articles are compared only when one whole band is equal, so the story
 * index finds an article's candidates in `STORY_BANDS` small objects, one per band value,
 * instead of comparing it with every article in the bucket. 16 × 4 uses all 64 values, and the
 * S-curve's midpoint (1/16)^(1/4) is exactly `SAME_STORY_MIN_SIMILARITY`: a pair at
 * similarity s shares a band with probability 1 − (1 − s⁴)¹⁶, 0.64 at 0.5, 0.99 at 0.7 and
 * 0.9997 at 0.8, so near-copies (seeds 000/001: 0.9) are always compared, while two unrelated
 * articles (s ≈ 0.05) share one with probability 1e-4.
 */
export const STORY_BANDS = 16;

/** Values per band (see `STORY_BANDS`). */
export const STORY_BAND_ROWS = MINHASH_SIZE / STORY_BANDS;

/** Hex digits of one MinHash value in a signature. */
const VALUE_HEX = 8;

/** The signature's bands, `<band>-<its values>`: equal strings mean an equal band. */
export function bandsOf(signature: string): string[] {
  const width = STORY_BAND_ROWS * VALUE_HEX;
  return Array.from(
    { length: STORY_BANDS },
    (_, band) =>
      `${String(band).padStart(2, "0")}-${signature.slice(band * width, (band + 1) * width)}`,
  );
}

/**
 * Same story, for one pair: they share a band (see `STORY_BANDS`) and their estimated
 * similarity reaches `SAME_STORY_MIN_SIMILARITY`.
 */
export function linked(a: StoryMember, b: StoryMember): boolean {
  if (similarity(a.signature, b.signature) < SAME_STORY_MIN_SIMILARITY) return false;
  const theirs = new Set(bandsOf(b.signature));
  return bandsOf(a.signature).some((band) => theirs.has(band));
}

function byKey(a: StoryMember, b: StoryMember): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Every member's story, from the members alone: members sorted by key, `linked` pairs joined,
 * each connected group owned by its first member. The story index computes the same, group by
 * group, from what it stores under `stories/`.
 */
export function assignStories(members: readonly StoryMember[]): Map<string, StoryAssignment> {
  const sorted = members.slice().sort(byKey);
  const parent = sorted.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    return r;
  };
  // Only members that share a band can be linked: compare within each band's bucket.
  const buckets = new Map<string, number[]>();
  sorted.forEach((member, i) => {
    for (const band of bandsOf(member.signature)) {
      const bucket = buckets.get(band);
      if (bucket === undefined) buckets.set(band, [i]);
      else bucket.push(i);
    }
  });
  for (const bucket of buckets.values()) {
    for (let x = 0; x < bucket.length; x += 1) {
      for (let y = x + 1; y < bucket.length; y += 1) {
        const [i, j] = [bucket[x] ?? 0, bucket[y] ?? 0];
        const [a, b] = [sorted[i], sorted[j]];
        if (a === undefined || b === undefined) continue;
        if (similarity(a.signature, b.signature) >= SAME_STORY_MIN_SIMILARITY) {
          const [ra, rb] = [root(i), root(j)];
          // The smaller index (earlier key) stays the root: it owns the story.
          if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
      }
    }
  }
  const stories = new Map<string, StoryAssignment>();
  sorted.forEach((member, i) => {
    const owner = sorted[root(i)] ?? member;
    const first = owner.key === member.key;
    stories.set(member.key, {
      id: owner.sha256.slice(0, STORY_ID_HEX),
      duplicateOf: first ? null : owner.key,
      similarity: first ? null : similarity(member.signature, owner.signature),
    });
  });
  return stories;
}
