import * as z from "zod";

/**
 * The enriched document, v1: the contract downstream code reads. Defined once here; the
 * TypeScript types are inferred from it and `schema/enriched-v1.schema.json` is generated from
 * it (`npm run schema`). Within v1 changes are additive only: a new optional key bumps the
 * minor (`1.1`), anything else is v2 under a new schema file.
 *
 * No wall-clock time appears anywhere: the same input bytes give the same output bytes.
 */
export { SCHEMA_VERSION, serialize } from "./serialize.js";

const nonEmpty = z.string().min(1);

export const SourceSchema = z
  .object({
    bucket: nonEmpty.describe("Bucket the object was uploaded to."),
    key: nonEmpty.describe("Object key, decoded (spaces, accents as the user named the file)."),
    bytes: z.number().int().nonnegative().describe("Size of the uploaded object in bytes."),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe("SHA-256 of the uploaded bytes."),
    etag: z.string().describe("ETag of the version that was processed."),
  })
  .describe("Which uploaded object this document was made from.");

export const CleanSchema = z.object({
  language: z.string().describe("ISO 639-1 code detected on the cleaned text."),
  encoding: z.string().describe("Character encoding the bytes were decoded from."),
  format: z.enum(["text", "html"]).describe("How the input was read."),
  title: z.string().nullable().describe("Headline in the source language, if one was found."),
  author: z.string().nullable().describe("Byline, when the page states one."),
  published: z.string().nullable().describe("Publication date as the page states it."),
  paragraphs: z.array(nonEmpty).min(1).describe("Body paragraphs in the source language."),
});

export const EnglishSchema = z.object({
  title: z.string().nullable(),
  paragraphs: z
    .array(z.string())
    .min(1)
    .describe("English paragraphs; paragraphs[i] translates clean.paragraphs[i]."),
});

export const TranslateUsageSchema = z.object({
  engine: nonEmpty.describe('"amazon-translate", "apertium" or "none" (already English).'),
  billedCharacters: z.number().int().nonnegative(),
  cachedCharacters: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
});

export const AnalyzeUsageSchema = z.object({
  engine: nonEmpty.describe('"amazon-comprehend" or "builtin".'),
  billedCharacters: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  units: z.number().int().nonnegative().describe("Comprehend 100-character units billed."),
});

export const ProducerSchema = z.object({
  name: z.literal("depeche"),
  version: nonEmpty,
});

const score = z.number().min(0).max(1);

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
  scores: z
    .object({ positive: score, negative: score, neutral: score, mixed: score })
    .describe("Sum to 1 (within rounding)."),
});

export const EnrichedDocumentSchema = z
  .object({
    schemaVersion: z.string().regex(/^1\.\d+$/),
    source: SourceSchema,
    title: z.string().nullable().describe("English headline, if the article has one."),
    clean: CleanSchema,
    english: EnglishSchema,
    keyPhrases: z.array(z.object({ text: nonEmpty, score })),
    sentiment: SentimentSchema,
    entities: z.array(z.object({ text: nonEmpty, type: EntityTypeSchema, score })),
    summary: z
      .array(nonEmpty)
      .min(1)
      .max(3)
      .describe("1–3 sentences copied verbatim from english, in article order."),
    usage: z.object({ translate: TranslateUsageSchema, analyze: AnalyzeUsageSchema }),
    producer: ProducerSchema,
  })
  .describe("depeche enriched article, schema v1");

export type EnrichedDocument = z.infer<typeof EnrichedDocumentSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type CleanSection = z.infer<typeof CleanSchema>;
export type EnglishSection = z.infer<typeof EnglishSchema>;
export type TranslateUsage = z.infer<typeof TranslateUsageSchema>;
export type Producer = z.infer<typeof ProducerSchema>;

/** Written by the clean stage to `clean/<name>.json`. */
export const CleanDocumentSchema = z.object({
  schemaVersion: z.string().regex(/^1\.\d+$/),
  stage: z.literal("clean"),
  source: SourceSchema,
  clean: CleanSchema,
  producer: ProducerSchema,
});
export type CleanDocument = z.infer<typeof CleanDocumentSchema>;

/** Written by the translate stage to `english/<name>.json`. */
export const EnglishDocumentSchema = CleanDocumentSchema.extend({
  stage: z.literal("english"),
  english: EnglishSchema,
  translateUsage: TranslateUsageSchema,
});
export type EnglishDocument = z.infer<typeof EnglishDocumentSchema>;

/** Written to `failed/<name>.json` when an object cannot be enriched. */
export const FailureRecordSchema = z.object({
  schemaVersion: z.string().regex(/^1\.\d+$/),
  status: z.literal("failed"),
  source: z.object({
    bucket: nonEmpty,
    key: nonEmpty,
    bytes: z.number().int().nonnegative().nullable(),
    etag: z.string().nullable(),
  }),
  stage: z.enum(["clean", "translate", "analyze"]),
  code: nonEmpty.describe("Stable machine-readable reason, e.g. EMPTY_INPUT."),
  reason: nonEmpty.describe("Human-readable explanation."),
  attempts: z.number().int().positive(),
  producer: ProducerSchema,
});
export type FailureRecord = z.infer<typeof FailureRecordSchema>;
