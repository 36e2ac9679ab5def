import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { comprehendFeatures } from "../core/analyze/comprehend-requests.js";
import { asError, InputError } from "../core/errors.js";
import {
  type ArticleEstimate,
  type EstimateReport,
  estimateArticle,
  estimateReport,
} from "../core/estimate.js";
import { bedrockTokenPriceFor, type PriceTable } from "../core/pricing.js";
import type { PipelineSettings } from "../core/settings.js";
import type { Glossary } from "../core/translate/glossary.js";
import { dryRunCache } from "../core/translate/metered-translator.js";
import {
  storeTranslationCache,
  type TranslationCache,
} from "../core/translate/translation-cache.js";
import { CliError } from "./exit-codes.js";
import { openLocalStore } from "./local-store.js";
import {
  articleNameOf,
  folderObjects,
  parseS3Location,
  type SourceObject,
  s3ProblemOf,
} from "./object-source.js";
import { createProgress } from "./progress.js";

export interface EstimateOptions {
  /** A folder or file, or `s3://bucket/prefix`. */
  readonly location: string;
  readonly settings: PipelineSettings;
  readonly prices: PriceTable;
  /** A local store (`depeche run --store`) whose translation cache applies to a folder. */
  readonly storeDirectory?: string | undefined;
  /** The bucket whose `cache/translate/` applies to an S3 source (default: the source bucket). */
  readonly cacheBucket?: string | undefined;
  /** The S3 client for `s3://` sources (tests pass one bound to an embedded server). */
  readonly s3Client?: S3Client | undefined;
  /** The glossary the deployed translator applies. */
  readonly glossary?: Glossary | undefined;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface EstimateResult extends EstimateReport {
  readonly location: string;
  /** The Bedrock model the summary tokens are priced for; null with the extractive summariser. */
  readonly summaryModelId: string | null;
  /** Comprehend features priced per document (`comprehendFeatures` of the settings). */
  readonly comprehendFeatures: number;
}

/** Objects read ahead of the one being cleaned: S3 latency overlaps the CPU work. */
const READ_AHEAD = 8;

/**
 * `depeche estimate`: price a batch before anything is paid. Every object is read and cleaned
 * by the clean stage's own code, the translation cache the bucket holds is applied (read only),
 * and the Translate requests and Comprehend documents are built and counted, never sent.
 */
export async function estimateCommand(options: EstimateOptions): Promise<EstimateResult> {
  const { settings } = options;
  const summaryModelId = settings.summarizer === "bedrock" ? settings.bedrockModelId : undefined;
  // Before reading anything: a model the price table lacks is one line, not a late crash.
  if (summaryModelId !== undefined) {
    try {
      bedrockTokenPriceFor(summaryModelId, options.prices);
    } catch (error) {
      throw new CliError(asError(error).message);
    }
  }
  const source = await openSource(options);
  try {
    const progress = createProgress(options.stderr, source.objects.length, "objects priced");
    const articles: ArticleEstimate[] = [];
    const reads = new Map<number, Promise<Awaited<ReturnType<SourceObject["read"]>>>>();
    const startRead = (index: number): void => {
      const object = source.objects[index];
      if (object === undefined || reads.has(index)) return;
      const read = object.read(options.settings.maxObjectBytes);
      // Handled where it is awaited; this keeps an early rejection from being "unhandled".
      read.catch(() => undefined);
      reads.set(index, read);
    };
    for (const [index, object] of source.objects.entries()) {
      for (let ahead = index; ahead < index + READ_AHEAD; ahead += 1) startRead(ahead);
      const read = reads.get(index) as Promise<Awaited<ReturnType<SourceObject["read"]>>>;
      reads.delete(index);
      const estimate = await estimateArticle(
        object.name,
        { bucket: object.bucket, key: object.key },
        () => read.catch((error: unknown) => source.rethrow(error)),
        { cache: source.cache, glossary: options.glossary },
        options.settings,
      );
      articles.push(estimate);
      progress.tick();
    }
    progress.stop();
    return {
      location: options.location,
      summaryModelId: summaryModelId ?? null,
      comprehendFeatures: comprehendFeatures(settings).length,
      ...estimateReport(articles, options.prices, summaryModelId),
    };
  } finally {
    await source.close();
  }
}

interface OpenSource {
  readonly objects: readonly SourceObject[];
  readonly cache: TranslationCache;
  /** Maps a read error the user can fix to a `CliError`; other errors pass through. */
  rethrow(error: unknown): never;
  close(): Promise<void>;
}

async function openSource(options: EstimateOptions): Promise<OpenSource> {
  const s3 = parseS3Location(options.location);
  if (s3 === undefined) {
    const objects = await folderObjects(options.location);
    if (objects.length === 0) throw new CliError(`no article files in ${options.location}`);
    const local =
      options.storeDirectory === undefined
        ? undefined
        : await openLocalStore(options.storeDirectory);
    return {
      objects,
      cache: dryRunCache(local && storeTranslationCache(local.store)),
      rethrow: (error) => {
        throw error;
      },
      close: async () => local?.close(),
    };
  }

  const client = options.s3Client ?? new S3Client({});
  const owned = options.s3Client === undefined;
  const rethrow = (error: unknown, where: string = options.location): never => {
    if (error instanceof InputError) throw error;
    const problem = s3ProblemOf(error, where);
    throw problem === undefined ? asError(error) : new CliError(problem);
  };
  try {
    const store = new S3ArticleStore(client, s3.bucket);
    const objects: SourceObject[] = [];
    for await (const listed of store.list(s3.prefix)) {
      objects.push({
        name: articleNameOf(listed.key),
        bucket: s3.bucket,
        key: listed.key,
        size: listed.size,
        async read(maxBytes) {
          const object = await store.get(listed.key, { maxBytes });
          if (object === undefined) {
            throw new InputError("SOURCE_MISSING", `${listed.key} was deleted while listing`);
          }
          return object;
        },
      });
    }
    if (objects.length === 0) throw new CliError(`no objects under ${options.location}`);
    const cacheBucket = options.cacheBucket ?? s3.bucket;
    const cacheStore = new S3ArticleStore(client, cacheBucket);
    const cache = storeTranslationCache(cacheStore);
    const guarded: TranslationCache = {
      get: (key) =>
        cache.get(key).catch((error: unknown) => rethrow(error, `s3://${cacheBucket}/cache/`)),
      put: (key, value) => cache.put(key, value),
    };
    return {
      objects,
      cache: dryRunCache(guarded),
      rethrow,
      close: async () => {
        if (owned) client.destroy();
      },
    };
  } catch (error) {
    if (owned) client.destroy();
    if (error instanceof CliError) throw error;
    return rethrow(error);
  }
}
