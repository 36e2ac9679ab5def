import * as z from "zod/mini";
import { EnglishSchema, TranslateUsageSchema } from "./english-documents.js";
import {
  CleanSchema,
  count,
  described,
  EntityTypeSchema,
  MAX_SUMMARY_SENTENCES,
  nonEmpty,
  ProducerSchema,
  SourceSchema,
  schemaVersion,
  score,
} from "./stage-documents.js";

// The stage documents and the sections the enriched document shares with them.
export {
  type EnglishDocument,
  EnglishDocumentSchema,
  EnglishSchema,
  type EnglishSection,
  GlossaryUsageSchema,
  TranslateOptionsSchema,
  type TranslateUsage,
  TranslateUsageSchema,
} from "./english-documents.js";
/**
 * The enriched document, v1: the contract downstream code reads. Defined once here; the
 * TypeScript types are inferred from it and `schema/enriched-v1.schema.json` is generated from
 * it (`npm run schema`). Within v1 changes are additive only: a new optional key bumps the
 * minor (`1.1`), anything else is v2 under a new schema file.
 *
 * Written with `zod/mini` (the same schemas, functional API): the translate and analyze Lambdas
 * validate every stage document they read, and mini is a fifth of the bundle and half the
 * import time of the chained API.
 *
 * No wall-clock time appears anywhere: the same input bytes give the same output bytes.
 */
export { SCHEMA_VERSION, serialize } from "./serialize.js";
export {
  type CleanDocument,
  CleanDocumentSchema,
  CleanSchema,
  type CleanSection,
  EntityTypeSchema,
  MAX_SUMMARY_SENTENCES,
  type Producer,
  ProducerSchema,
  type Source,
  SourceSchema,
} from "./stage-documents.js";

export const AnalyzeUsageSchema = z.object({
  engine: described(nonEmpty, '"amazon-comprehend" or "builtin".'),
  billedCharacters: count,
  requests: count,
  units: described(count, "Comprehend 100-character units billed."),
});

export const SummaryUsageSchema = described(
  z.object({
    engine: described(nonEmpty, '"extractive" or "bedrock" (the engine that was asked).'),
    modelId: described(
      z.nullable(nonEmpty),
      "Bedrock model or inference profile id; null for extractive.",
    ),
    inputTokens: described(count, "Prompt tokens as the model counted (and bills) them."),
    outputTokens: described(count, "Answer tokens as the model counted (and bills) them."),
    requests: described(count, "Requests made to the model, retries included."),
  }),
  "What the summary cost (1.1); a fallback to extractive still shows the tokens the model used.",
);

export const SummarizationSchema = described(
  z.object({
    engine: described(
      nonEmpty,
      '"extractive" (sentences copied from english) or "bedrock" (generated, each sentence grounded in the paragraphs it cites).',
    ),
    modelId: described(
      z.nullable(nonEmpty),
      "The Bedrock model that was asked (also when its answer was not used); null when none was.",
    ),
    sentences: described(
      z
        .array(
          z.object({
            text: nonEmpty,
            paragraphs: described(
              z.array(count).check(z.minLength(1)),
              "Zero-based indices into english.paragraphs the sentence rests on.",
            ),
          }),
        )
        .check(z.minLength(1), z.maxLength(MAX_SUMMARY_SENTENCES)),
      "The summary's sentences (the same texts as summary) with their sources.",
    ),
    checks: described(
      z.array(
        z.object({
          text: z.string(),
          status: z.enum(["passed", "dropped"]),
          reason: described(
            z.nullable(z.string()),
            "Why a sentence was dropped; null when it passed.",
          ),
        }),
      ),
      "The grounding check of every generated sentence, in the model's order; empty for extractive.",
    ),
    fallbackReason: described(
      z.nullable(z.string()),
      "Why the extractive summary stands in for the generative one that was configured; null otherwise.",
    ),
  }),
  "How the summary was made (1.1).",
);

export const SentimentSchema = z.object({
  label: z.enum(["POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED"]),
  scores: described(
    z.object({ positive: score, negative: score, neutral: score, mixed: score }),
    "Sum to 1 (within rounding).",
  ),
});

/** Where a fact sits: `english.paragraphs[paragraph].slice(start, end)` (UTF-16 offsets). */
export const MentionSchema = described(
  z.object({
    paragraph: described(
      count,
      "Index into english.paragraphs (and clean.paragraphs: paragraph i translates paragraph i).",
    ),
    start: described(count, "UTF-16 offset of the first character in that English paragraph."),
    end: described(count, "UTF-16 offset just past the last character (JavaScript slice)."),
  }),
  "A span of one English paragraph: english.paragraphs[paragraph].slice(start, end).",
);

export const QuoteSchema = described(
  z.object({
    text: described(
      nonEmpty,
      "The English words: the quoted span of the English paragraph(s) when textIs is 'span', else the whole English paragraph(s).",
    ),
    textIs: described(
      z.enum(["span", "paragraph"]),
      "'span' when the quotation marks of the French and the English paragraph lined up, 'paragraph' when they did not.",
    ),
    original: described(nonEmpty, "The quoted French words, without the quotation marks."),
    speaker: described(
      z.nullable(nonEmpty),
      "The speaker as named in entities[].text (same canonical name), or null when the French names nobody or nobody among entities.",
    ),
    attribution: described(
      z.nullable(nonEmpty),
      "The French words naming the speaker ('M. Peskov', 'le bureau présidentiel turc'), or null.",
    ),
    paragraph: described(count, "English paragraph where the quotation starts."),
    originalParagraph: described(count, "French paragraph where the quotation starts."),
    paragraphCount: described(
      z.number().check(z.int(), z.positive()),
      "Paragraphs the quotation spans (a French quotation reopened with « on each paragraph).",
    ),
  }),
  "A direct quotation found in the French text, with its speaker.",
);

export const StorySchema = described(
  z.object({
    id: described(
      nonEmpty,
      "Shared by every near-copy of the same text: derived from the story's first member (by source key).",
    ),
    duplicateOf: described(
      z.nullable(nonEmpty),
      "Source key of the story's first member when this article is a near-copy of it; null for the first member.",
    ),
    similarity: described(
      z.nullable(score),
      "Estimated Jaccard similarity (MinHash over word shingles of the French text) with the first member; null for the first member.",
    ),
  }),
  "Same-story grouping: near-duplicates of the cleaned French text among the articles in the bucket.",
);

export const EnrichedDocumentSchema = described(
  z.object({
    schemaVersion,
    source: SourceSchema,
    title: described(z.nullable(z.string()), "English headline, if the article has one."),
    clean: CleanSchema,
    english: EnglishSchema,
    keyPhrases: z.array(
      z.object({
        text: nonEmpty,
        score,
        mentions: z.optional(
          described(z.array(MentionSchema), "Every occurrence in english.paragraphs (1.1)."),
        ),
      }),
    ),
    sentiment: SentimentSchema,
    entities: z.array(
      z.object({
        text: nonEmpty,
        type: EntityTypeSchema,
        score,
        mentions: z.optional(
          described(
            z.array(MentionSchema),
            "Every occurrence in english.paragraphs: the slice is the entity's text or a shorter form of it (a run of its words, 'Lavrov' for 'Sergueï Lavrov'), compared folded (case, accents) (1.1).",
          ),
        ),
        sentiment: z.optional(
          described(
            SentimentSchema,
            "Sentiment towards this entity (1.1). Amazon: Comprehend targeted sentiment of its mentions; offline: the sentences that mention it.",
          ),
        ),
      }),
    ),
    summary: described(
      z.array(nonEmpty).check(z.minLength(1), z.maxLength(MAX_SUMMARY_SENTENCES)),
      "1–3 sentences: copied verbatim from english, in article order (extractive), or generated and grounded in the paragraphs they cite (bedrock; see summarization).",
    ),
    summarySpans: z.optional(
      described(
        z.array(MentionSchema),
        "Where each summary sentence comes from, one per summary entry, same order (1.1).",
      ),
    ),
    quotes: z.optional(
      described(z.array(QuoteSchema), "Direct quotations, in article order (1.1)."),
    ),
    story: z.optional(StorySchema),
    summarization: z.optional(SummarizationSchema),
    usage: z.object({
      translate: TranslateUsageSchema,
      analyze: AnalyzeUsageSchema,
      summary: z.optional(SummaryUsageSchema),
    }),
    producer: ProducerSchema,
  }),
  "depeche enriched article, schema v1",
);

export type EnrichedDocument = z.infer<typeof EnrichedDocumentSchema>;
export type Mention = z.infer<typeof MentionSchema>;
export type Quote = z.infer<typeof QuoteSchema>;
export type Story = z.infer<typeof StorySchema>;

/** Written to `failed/<name>.json` when an object cannot be enriched. */
export const FailureRecordSchema = z.object({
  schemaVersion,
  status: z.literal("failed"),
  source: z.object({
    bucket: nonEmpty,
    key: nonEmpty,
    bytes: z.nullable(count),
    etag: z.nullable(z.string()),
  }),
  stage: z.enum(["clean", "translate", "analyze"]),
  code: described(nonEmpty, "Stable machine-readable reason, e.g. EMPTY_INPUT."),
  reason: described(nonEmpty, "Human-readable explanation."),
  attempts: z.number().check(z.int(), z.positive()),
  producer: ProducerSchema,
});
export type FailureRecord = z.infer<typeof FailureRecordSchema>;
