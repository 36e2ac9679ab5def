import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { asError } from "../core/errors.js";
import { keysFor, PREFIX } from "../core/keys.js";
import type { PipelineSettings } from "../core/settings.js";
import type { Glossary } from "../core/translate/glossary.js";
import { storeTranslationCache } from "../core/translate/translation-cache.js";
import {
  createReplayRunner,
  type ReplayItemResult,
  replayedBeforeKey,
} from "../handlers/replay-item.js";
import type { Log } from "../handlers/stage-handler.js";
import { createEngines, type EngineName } from "./engines.js";
import { CliError } from "./exit-codes.js";
import { LOCAL_BUCKET, openLocalStore } from "./local-store.js";
import { createProgress } from "./progress.js";

export interface LocalReplayOptions {
  /** The folder `depeche run --store` kept. */
  readonly storeDirectory: string;
  readonly force: boolean;
  readonly engine: EngineName;
  readonly settings: PipelineSettings;
  /** The glossary the translator applies now (its hash is part of the fingerprint). */
  readonly glossary?: Glossary | undefined;
  /** Where `before/` and `after/` of every re-run article go, for `depeche diff`. */
  readonly out: string;
  /** Names this replay (`replay/<execution>/before/` in the store). */
  readonly execution: string;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface LocalReplaySummary {
  readonly execution: string;
  readonly uploads: number;
  readonly results: readonly ReplayItemResult[];
  /** Articles run again, by the reason they were. */
  readonly rerun: Readonly<Record<string, number>>;
  /** Articles left alone, by the reason they were. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly out: string;
}

const silentLog: Log = { info() {}, warn() {}, error() {} };

/**
 * `depeche replay --store <dir>`: the local twin of the replay state machine. Every upload kept
 * in the store goes through the same replay runner the Lambda uses: re-run when its enriched
 * document comes from an older producer version or another configuration fingerprint (or with
 * `force`), left alone otherwise. Each re-run article's previous and new documents are copied to
 * `<out>/before/` and `<out>/after/`.
 */
export async function replayLocal(options: LocalReplayOptions): Promise<LocalReplaySummary> {
  const info = await stat(options.storeDirectory).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new CliError(
      `no store at ${options.storeDirectory} (make one with depeche run <inputs> --store ${options.storeDirectory})`,
    );
  }
  const local = await openLocalStore(options.storeDirectory);
  try {
    const uploads: string[] = [];
    for await (const object of local.store.list(PREFIX.incoming)) uploads.push(object.key);
    if (uploads.length === 0) {
      throw new CliError(
        `the store ${options.storeDirectory} holds no uploads (fill it with depeche run <inputs> --store ${options.storeDirectory})`,
      );
    }
    const engines = await createEngines(options.engine, {
      chunkBytes: options.settings.translateChunkBytes,
      requestConcurrency: options.settings.serviceRequestConcurrency,
      entities: options.settings.comprehendEntities,
      glossary: options.glossary,
    });
    const results: ReplayItemResult[] = [];
    try {
      const run = createReplayRunner({
        pipelineBucket: LOCAL_BUCKET,
        pipeline: local.store,
        sourceStore: () => local.store,
        deps: {
          translator: engines.translator,
          analyzer: engines.analyzer,
          cache: storeTranslationCache(local.store),
        },
        settings: options.settings,
        log: silentLog,
      });
      const progress = createProgress(options.stderr, uploads.length, "uploads replayed");
      for (const key of uploads) {
        const item = {
          bucket: LOCAL_BUCKET,
          key,
          force: options.force,
          execution: options.execution,
          attempt: 1,
          maxAttempts: 1,
        };
        results.push(await run(item).catch((error: unknown) => faulted(key, error)));
        progress.tick();
      }
      progress.stop();
    } finally {
      await engines.close();
    }
    await exportBeforeAfter(local.store, results, options);
    return {
      execution: options.execution,
      uploads: uploads.length,
      results,
      rerun: countBy(results.filter((r) => r.status !== "skipped")),
      skipped: countBy(results.filter((r) => r.status === "skipped")),
      out: options.out,
    };
  } finally {
    await local.close();
  }
}

/** A fault on the only attempt: the runner has written the RETRIES_EXHAUSTED record. */
function faulted(key: string, error: unknown): ReplayItemResult {
  return {
    name: key.slice(PREFIX.incoming.length),
    key,
    status: "failed",
    reason: "no-result",
    code: `RETRIES_EXHAUSTED (${asError(error).message})`,
    translateCharacters: 0,
    comprehendUnits: 0,
  };
}

function countBy(results: readonly ReplayItemResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { reason } of results) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

async function exportBeforeAfter(
  store: Awaited<ReturnType<typeof openLocalStore>>["store"],
  results: readonly ReplayItemResult[],
  options: LocalReplayOptions,
): Promise<void> {
  await rm(join(options.out, "before"), { recursive: true, force: true });
  await rm(join(options.out, "after"), { recursive: true, force: true });
  for (const result of results) {
    if (result.status !== "enriched") continue;
    const before = await store.get(replayedBeforeKey(options.execution, result.name));
    const after = await store.get(keysFor(result.name).enriched);
    if (before) await writeOut(join(options.out, "before", `${result.name}.json`), before.bytes);
    if (after) await writeOut(join(options.out, "after", `${result.name}.json`), after.bytes);
  }
}

async function writeOut(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}
