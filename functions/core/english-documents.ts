import * as z from "zod/mini";
import { CleanDocumentSchema, count, described, nonEmpty } from "./stage-documents.js";

/**
 * The English document (`english/<name>.json`), which the translate stage writes and the analyze
 * stage parses, with the sections only it has. A module of its own so that the translate Lambda,
 * which parses clean documents only, builds none of these schemas at its cold start (ADR 0007);
 * `document.ts` re-exports them with the rest of the contract.
 */

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

export type EnglishSection = z.infer<typeof EnglishSchema>;
export type TranslateUsage = z.infer<typeof TranslateUsageSchema>;

/** Written by the translate stage to `english/<name>.json`. */
export const EnglishDocumentSchema = z.extend(CleanDocumentSchema, {
  stage: z.literal("english"),
  english: EnglishSchema,
  translateUsage: TranslateUsageSchema,
});
export type EnglishDocument = z.infer<typeof EnglishDocumentSchema>;
