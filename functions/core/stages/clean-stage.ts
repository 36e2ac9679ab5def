import type { CleanedArticle } from "../clean/clean-article.js";
import { cleanArticle } from "../clean/index.js";
import type { CleanDocument, Source } from "../document.js";
import { InputError } from "../errors.js";
import type { StoredObject } from "../ports.js";
import { SCHEMA_VERSION } from "../serialize.js";
import type { PipelineSettings } from "../settings.js";
import { sha256Hex } from "../sha256.js";
import { PRODUCER } from "../version.js";
import { assertTranslatable } from "./bounds.js";

export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
}

/** Stages 1–3: what the clean Lambda does with an uploaded object. */
export async function cleanStage(
  object: StoredObject,
  ref: ObjectRef,
  settings: PipelineSettings,
): Promise<CleanDocument> {
  // 1. decode + clean
  const cleaned = await cleanArticle(object.bytes);
  // 2. detect language
  assertSupportedLanguage(cleaned, settings);
  // 3. bound the bill
  assertTranslatable(cleaned.title, cleaned.paragraphs, settings);
  return {
    schemaVersion: SCHEMA_VERSION,
    stage: "clean",
    source: describeSource(object, ref),
    clean: {
      language: cleaned.language,
      encoding: cleaned.encoding,
      format: cleaned.format,
      title: cleaned.title,
      author: cleaned.author,
      published: cleaned.published,
      publishedSource: cleaned.publishedSource,
      paragraphs: cleaned.paragraphs,
    },
    producer: PRODUCER,
  };
}

function describeSource(object: StoredObject, ref: ObjectRef): Source {
  return {
    bucket: ref.bucket,
    key: ref.key,
    bytes: object.size,
    sha256: sha256Hex(object.bytes),
    etag: object.etag,
  };
}

function assertSupportedLanguage(cleaned: CleanedArticle, settings: PipelineSettings): void {
  const { language } = cleaned;
  if (language === settings.sourceLanguage || language === settings.targetLanguage) return;
  const named = language === "und" ? "an undetermined language" : `language "${language}"`;
  throw new InputError(
    "UNSUPPORTED_LANGUAGE",
    `The article is in ${named}; depeche translates "${settings.sourceLanguage}" to "${settings.targetLanguage}" and passes "${settings.targetLanguage}" through.`,
  );
}
