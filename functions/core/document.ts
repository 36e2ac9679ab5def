import * as z from "zod/mini";
import { DATE_SOURCES } from "./clean/select/dates.js";

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

const nonEmpty = z.string().check(z.minLength(1));
const count = z.number().check(z.int(), z.nonnegative());
const score = z.number().check(z.gte(0), z.lte(1));
const schemaVersion = z.string().check(z.regex(/^1\.\d+$/));

/** The v1 summary holds at most three sentences; the `summarySentences` setting is capped here. */
export const MAX_SUMMARY_SENTENCES = 3;

/** Attaches a description that the generated JSON Schema carries. */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  return schema.check(z.describe(description)) as T;
}

export const SourceSchema = described(
  z.object({
    bucket: described(nonEmpty, "Bucket the object was uploaded to."),
    key: described(nonEmpty, "Object key, decoded (spaces, accents as the user named the file)."),
    bytes: described(count, "Size of the uploaded object in bytes."),
    sha256: described(
      z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      "SHA-256 of the uploaded bytes.",
    ),
    etag: described(z.string(), "ETag of the version that was processed."),
  }),
  "Which uploaded object this document was made from.",
);

export const CleanSchema = z.object({
  language: described(z.string(), "ISO 639-1 code detected on the cleaned text."),
  encoding: described(z.string(), "Character encoding the bytes were decoded from."),
  format: described(z.enum(["text", "html"]), "How the input was read."),
  title: described(z.nullable(z.string()), "Headline in the source language, if one was found."),
  author: described(z.nullable(z.string()), "Byline, when the page states one."),
  published: described(z.nullable(z.string()), "Publication date as the page states it."),
  publishedSource: described(
    z.optional(z.nullable(z.enum(DATE_SOURCES))),
    "Where the publication date was read: the page's JSON-LD, its meta tags or <time>, a dateline in the text, or a JSON export's date field; null without a date.",
  ),
  paragraphs: described(
    z.array(nonEmpty).check(z.minLength(1)),
    "Body paragraphs in the source language.",
  ),
});

export const EnglishSchema = z.object({
  title: z.nullable(z.string()),
  paragraphs: described(
    z.array(z.string()).check(z.minLength(1)),
    "English paragraphs; paragraphs[i] translates clean.paragraphs[i].",
  ),
});

export const GlossaryUsageSchema = described(
  z.object({
    name: described(nonEmpty, "Glossary name (its file name without extension)."),
    sha256: described(
      z.string().check(z.regex(/^[0-9a-f]{64}$/)),
      "SHA-256 of the glossary's terms (language pair, then each source and target in order).",
    ),
  }),
  "The user's glossary the engine applied (CSV or TMX in Amazon Translate's format).",
);

export const TranslateOptionsSchema = described(
  z.object({
    profanity: z.optional(z.literal("mask")),
    brevity: z.optional(z.literal("on")),
    formality: z.optional(z.enum(["formal", "informal"])),
  }),
  "Amazon Translate settings sent with every request (absent: the service default).",
);

export const TranslateUsageSchema = z.object({
  engine: described(nonEmpty, '"amazon-translate", "apertium" or "none" (already English).'),
  billedCharacters: count,
  cachedCharacters: count,
  requests: count,
  glossary: z.optional(GlossaryUsageSchema),
  options: z.optional(TranslateOptionsSchema),
});

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

export const ProducerSchema = z.object({
  name: z.literal("depeche"),
  version: nonEmpty,
  fingerprint: z.optional(
    described(
      z.string().check(z.regex(/^[0-9a-f]{16}$/)),
      "Hash of the settings, engines, glossary and translation options that shaped the document (depeche replay re-runs documents whose fingerprint differs from the current one).",
    ),
  ),
});

export const EntityTypeSchema = z.enum([
  "PERSON",
  "LOCATION",
  "ORGANIZATION",
  "COMMERCIAL_ITEM",
  "EVENT",
  "DATE",
  "QUANTITY",
  "TITLE",
  "OTHER",
]);

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
export type Source = z.infer<typeof SourceSchema>;
export type CleanSection = z.infer<typeof CleanSchema>;
export type EnglishSection = z.infer<typeof EnglishSchema>;
export type TranslateUsage = z.infer<typeof TranslateUsageSchema>;
export type Producer = z.infer<typeof ProducerSchema>;
export type Mention = z.infer<typeof MentionSchema>;
export type Quote = z.infer<typeof QuoteSchema>;
export type Story = z.infer<typeof StorySchema>;

/** Written by the clean stage to `clean/<name>.json`. */
export const CleanDocumentSchema = z.object({
  schemaVersion,
  stage: z.literal("clean"),
  source: SourceSchema,
  clean: CleanSchema,
  producer: ProducerSchema,
});
export type CleanDocument = z.infer<typeof CleanDocumentSchema>;

/** Written by the translate stage to `english/<name>.json`. */
export const EnglishDocumentSchema = z.extend(CleanDocumentSchema, {
  stage: z.literal("english"),
  english: EnglishSchema,
  translateUsage: TranslateUsageSchema,
});
export type EnglishDocument = z.infer<typeof EnglishDocumentSchema>;

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
