import * as z from "zod/mini";
import { DATE_SOURCES } from "./clean/select/dates.js";

/**
 * The parts of the v1 document that a stage Lambda reads at run time: the stage documents
 * (`clean/<name>.json`, `english/<name>.json`) with their sections, and the building blocks
 * `document.ts` composes the enriched document from. `document.ts` re-exports all of it and
 * stays the one place to read the contract; this split only keeps the enriched document's own
 * schemas (≈ 7 ms of zod construction) out of the Lambdas' cold start, where nothing parses
 * them (ADR 0007).
 */

export const nonEmpty = z.string().check(z.minLength(1));
export const count = z.number().check(z.int(), z.nonnegative());
export const score = z.number().check(z.gte(0), z.lte(1));
export const schemaVersion = z.string().check(z.regex(/^1\.\d+$/));

export { MAX_SUMMARY_SENTENCES } from "./summary-limit.js";

/**
 * Attaches a description that the generated JSON Schema carries: a copy of `schema` (the same
 * schema is described differently in different places), registered in zod's global registry
 * with the description over whatever the original carries. This is what `z.describe` does, less
 * the no-op check it adds: one zod object per description instead of two at a cold start, and
 * nothing run per parse. Pure, so a bundle drops the schemas it never reads.
 */
/* @__NO_SIDE_EFFECTS__ */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  const copy = schema.clone() as T;
  z.globalRegistry.add(copy, { ...z.globalRegistry.get(copy), description });
  return copy;
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

export type Source = z.infer<typeof SourceSchema>;
export type CleanSection = z.infer<typeof CleanSchema>;
export type EnglishSection = z.infer<typeof EnglishSchema>;
export type TranslateUsage = z.infer<typeof TranslateUsageSchema>;
export type Producer = z.infer<typeof ProducerSchema>;

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

/**
 * The schema of each stage's input document: `undefined` for the clean stage, whose input is
 * whatever was uploaded. The stage keys themselves are `STAGE_TABLE` (`keys.ts`).
 */
export const STAGE_INPUT_SCHEMA = {
  clean: undefined,
  translate: CleanDocumentSchema,
  analyze: EnglishDocumentSchema,
} as const;
