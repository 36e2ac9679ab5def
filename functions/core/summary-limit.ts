/**
 * The v1 summary holds at most three sentences: the schema's bound, and the cap of the
 * `summarySentences` setting. A module of its own so that the settings, which every Lambda
 * parses at start-up, need no document schema (ADR 0007).
 */
export const MAX_SUMMARY_SENTENCES = 3;
