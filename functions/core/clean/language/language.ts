import { data as TRIGRAM_PROFILES } from "franc-min/data.js";
import { iso6393To1 } from "iso-639-3";
import { trigrams } from "trigram-utils";

export interface DetectedLanguage {
  /** ISO 639-1 code, or "und" when the text is too short or the language has no such code. */
  readonly language: string;
  /** 0..1: share of the paragraphs agreeing with the answer, scaled down for short texts. */
  readonly confidence: number;
}

/**
 * Names the language of a text with an ISO 639-3 code or "und": franc-min over its 82 languages
 * (`franc-identifier.ts`). Passed in, because loading it costs ~10 ms of cold start (franc-min
 * builds all 66 of its trigram tables at import) and most uploads never need it.
 */
export type LanguageIdentifier = (text: string) => string;

/**
 * franc-min names some languages by an individual ISO 639-3 code whose ISO 639-1 code belongs to
 * the macrolanguage (Standard Arabic → Arabic, Iranian Persian → Persian…); `iso-639-3` maps
 * only direct equivalents, so these few are listed here.
 */
const MACROLANGUAGE_MEMBERS: Readonly<Record<string, string>> = {
  arb: "ar",
  azj: "az",
  ckb: "ku",
  npi: "ne",
  pes: "fa",
  plt: "mg",
  qug: "qu",
  swh: "sw",
  uzn: "uz",
  zlm: "ms",
};

/**
 * Characters read for the answer. franc costs ~1 µs a character; 800 characters of news prose
 * already separate French from Catalan, Spanish and Portuguese.
 */
const SAMPLE_CHARS = 800;

/** Characters of each voting paragraph: a sentence, enough for a profile, cheap enough for three. */
const VOTE_CHARS = 160;

/** franc answers "und" below 10 characters; below 200 its trigram profile is unreliable. */
const RELIABLE_SAMPLE_CHARS = 200;

/** Paragraphs voted separately for the confidence; more adds time, not information. */
const MAX_VOTING_PARAGRAPHS = 3;

/** A paragraph shorter than this ("Il a démissionné.") is too short to vote on its own. */
const MIN_VOTING_CHARS = 60;

/**
 * The languages the pipeline routes (French is translated, English passes through) and their
 * nearest rivals among franc-min's 44 Latin-script profiles: for every French or English seed,
 * fixture and sample (test/fixtures/language), the runner-up among all 44 was one of these.
 */
const ROUTED = ["fra", "eng"] as const;
const RIVALS = ["spa", "por", "ita", "ron", "nld", "deu"] as const;

/** Trigrams of a profile, and of a text's ranking: franc-min's profiles hold the top 300. */
const PROFILE_SIZE = 300;

/**
 * Accept a routed language without franc only when the text sits this close to its profile (0 =
 * same ranking, 1 = no trigram in common). French and English news samples measure 0.66–0.73;
 * Spanish, Catalan or Occitan text is ≥ 0.74 from French.
 */
const MAX_ROUTED_DISTANCE = 0.75;

/**
 * …and this much closer than to any rival: French news leads Spanish by ≥ 0.08, English leads
 * French by 0.06–0.09; Walloon, which franc also calls French, leads Italian by only 0.046 and
 * goes to franc.
 */
const MIN_ROUTED_LEAD = 0.05;

/** Trigram → rank, for the routed languages and their rivals only (2,400 entries, built once). */
const PROFILES: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map(
  [...ROUTED, ...RIVALS].map((code) => [
    code,
    new Map(
      (TRIGRAM_PROFILES.Latin?.[code] ?? "").split("|").map((trigram, rank) => [trigram, rank]),
    ),
  ]),
);

/** The text's trigrams, most frequent first (franc-min's cleaning: no digits or ASCII punctuation). */
function rankedTrigrams(text: string): string[] {
  const counts = new Map<string, number>();
  for (const trigram of trigrams(text)) counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, PROFILE_SIZE)
    .map(([trigram]) => trigram);
}

/**
 * Cavnar & Trenkle's out-of-place measure, scaled to 0..1: how far each of the text's trigrams
 * sits from its rank in the language's profile, a full profile length when absent.
 */
function outOfPlace(ranked: readonly string[], profile: ReadonlyMap<string, number>): number {
  if (ranked.length === 0) return 1;
  let total = 0;
  ranked.forEach((trigram, rank) => {
    const expected = profile.get(trigram);
    total += expected === undefined ? PROFILE_SIZE : Math.abs(rank - expected);
  });
  return total / (ranked.length * PROFILE_SIZE);
}

/**
 * French or English when the text is unmistakably one of them (close to its profile, clearly
 * closer than to every rival); otherwise undefined, and franc decides among all its languages.
 * Also tells which of the routed languages and rivals is nearest, for the confidence votes.
 */
function routedLanguage(text: string): { decisive: string | undefined; nearest: string } {
  const ranked = rankedTrigrams(text);
  const distances = [...PROFILES]
    .map(([code, profile]) => ({ code, distance: outOfPlace(ranked, profile) }))
    .sort((a, b) => a.distance - b.distance);
  const [first, second] = distances;
  const decisive =
    first !== undefined &&
    second !== undefined &&
    (ROUTED as readonly string[]).includes(first.code) &&
    first.distance <= MAX_ROUTED_DISTANCE &&
    second.distance - first.distance >= MIN_ROUTED_LEAD;
  return { decisive: decisive ? first?.code : undefined, nearest: first?.code ?? "und" };
}

function sampleOf(paragraphs: readonly string[]): string {
  return paragraphs.join("\n").slice(0, SAMPLE_CHARS);
}

function votersOf(paragraphs: readonly string[]): string[] {
  return paragraphs
    .filter((paragraph) => paragraph.length >= MIN_VOTING_CHARS)
    .slice(0, MAX_VOTING_PARAGRAPHS)
    .map((paragraph) => paragraph.slice(0, VOTE_CHARS));
}

/** Below this, franc answers "und" and so do we, without asking it. */
const MIN_SAMPLE_CHARS = 10;

const UNDETERMINED: DetectedLanguage = { language: "und", confidence: 0 };

function toIso6391(code: string): string {
  return iso6393To1[code] ?? MACROLANGUAGE_MEMBERS[code] ?? "und";
}

/**
 * The language from the profiles alone: French or English when the text is plainly one of them
 * ("und" when it is too short to tell), undefined when franc-min has to decide. The confidence
 * votes are judged by the nearest profile.
 */
export function languageFromProfiles(paragraphs: readonly string[]): DetectedLanguage | undefined {
  const sample = sampleOf(paragraphs);
  if (sample.length < MIN_SAMPLE_CHARS) return UNDETERMINED;
  const routed = routedLanguage(sample).decisive;
  if (routed === undefined) return undefined;
  return withConfidence(paragraphs, sample, routed, (vote) => routedLanguage(vote).nearest);
}

/** The language by franc-min over its 82 languages (`identify`), votes judged by it too. */
export function languageFromIdentifier(
  paragraphs: readonly string[],
  identify: LanguageIdentifier,
): DetectedLanguage {
  const sample = sampleOf(paragraphs);
  if (sample.length < MIN_SAMPLE_CHARS) return UNDETERMINED;
  const best = identify(sample);
  if (best === "und") return UNDETERMINED;
  return withConfidence(paragraphs, sample, best, identify);
}

/** Whether `detectLanguage` will need franc for these paragraphs (the text is not plainly fr/en). */
export function needsLanguageIdentifier(paragraphs: readonly string[]): boolean {
  return languageFromProfiles(paragraphs) === undefined;
}

/**
 * Detects the language of an article's paragraphs from their first 800 characters: French or
 * English when the text is plainly one of them (trigram profiles of the two and their nearest
 * rivals, from franc-min's data), otherwise franc-min over its 82 languages (`identify`, required
 * exactly when `needsLanguageIdentifier` says so). The confidence is the share of the first
 * paragraphs (their first 160 characters, each judged on its own) that agree, reduced when the
 * whole text is too short for a reliable profile.
 */
export function detectLanguage(
  paragraphs: readonly string[],
  identify?: LanguageIdentifier,
): DetectedLanguage {
  const fromProfiles = languageFromProfiles(paragraphs);
  if (fromProfiles !== undefined) return fromProfiles;
  if (identify === undefined) {
    throw new Error("detectLanguage: this text is not plainly French or English; pass identify");
  }
  return languageFromIdentifier(paragraphs, identify);
}

/** `best` with the share of voting paragraphs that `voteFor` also names `best`. */
function withConfidence(
  paragraphs: readonly string[],
  sample: string,
  best: string,
  voteFor: (vote: string) => string,
): DetectedLanguage {
  let agreeing = 0;
  let total = 0;
  for (const vote of votersOf(paragraphs)) {
    total += vote.length;
    if (voteFor(vote) === best) agreeing += vote.length;
  }
  const agreement = total > 0 ? agreeing / total : 1;
  const lengthFactor = Math.min(1, sample.length / RELIABLE_SAMPLE_CHARS);
  const confidence = Math.round(agreement * lengthFactor * 1000) / 1000;
  return { language: toIso6391(best), confidence };
}
