import { franc } from "franc-min";
import { iso6393To1 } from "iso-639-3";

export interface DetectedLanguage {
  /** ISO 639-1 code, or "und" when the text is too short or the language has no such code. */
  readonly language: string;
  /** 0..1: share of the paragraphs agreeing with the answer, scaled down for short texts. */
  readonly confidence: number;
}

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
 * Characters franc reads for the answer. franc costs ~1 µs a character; 800 characters of
 * news prose already separate French from Catalan, Spanish and Portuguese.
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

function toIso6391(code: string): string {
  return iso6393To1[code] ?? MACROLANGUAGE_MEMBERS[code] ?? "und";
}

/**
 * Detects the language of an article's paragraphs with franc-min (trigram profiles of 82
 * languages). The language is franc's answer on the first 800 characters; the confidence is the
 * share of the first paragraphs (their first 160 characters, each detected on its own) that agree,
 * reduced when the whole text is too short for a reliable profile.
 */
export function detectLanguage(paragraphs: readonly string[]): DetectedLanguage {
  const sample = paragraphs.join("\n").slice(0, SAMPLE_CHARS);
  const best = franc(sample);
  if (best === "und") return { language: "und", confidence: 0 };
  const voters = paragraphs
    .filter((paragraph) => paragraph.length >= MIN_VOTING_CHARS)
    .slice(0, MAX_VOTING_PARAGRAPHS);
  let agreeing = 0;
  let total = 0;
  for (const paragraph of voters) {
    const vote = paragraph.slice(0, VOTE_CHARS);
    total += vote.length;
    if (franc(vote) === best) agreeing += vote.length;
  }
  const agreement = total > 0 ? agreeing / total : 1;
  const lengthFactor = Math.min(1, sample.length / RELIABLE_SAMPLE_CHARS);
  const confidence = Math.round(agreement * lengthFactor * 1000) / 1000;
  return { language: toIso6391(best), confidence };
}
