import * as z from "zod/mini";
import { DATE_SOURCES } from "./clean/select/dates.js";

/**
 * The parts of the v1 document that a stage Lambda reads at run time: the clean document
 * (`clean/<name>.json`) with its sections, and the building blocks `document.ts` and
 * `english-documents.ts` (`english/<name>.json`, parsed by analyze only) compose theirs from.
 * `document.ts` re-exports all of it and stays the one place to read the contract; the split
 * only keeps schemas a Lambda never parses out of its cold start: the enriched document's own
 * (≈ 7 ms of zod construction) out of every Lambda, the English document's out of translate
 * (ADR 0007).
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
 * nothing run per parse.
 */
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
