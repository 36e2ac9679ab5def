import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import cliProgress from "cli-progress";
import { mapBounded } from "../core/bounded-map.js";
import { failureKeyFor, keysFor } from "../core/keys.js";
import type { PipelineSettings } from "../core/settings.js";
import { amazonTranslationOptions } from "../core/translate/translation-options.js";
import { createEngines, createSummarizer, type EngineName } from "./engines.js";
import { glossaryFromFlag } from "./glossary-file.js";
import { collectInputs, readInput } from "./inputs.js";
import { LocalPipeline, type LocalPipelineOptions, type LocalTransport } from "./local-pipeline.js";
import { REPORT_FILE, writeReport } from "./report/report-command.js";
import { outDirectorySource } from "./report/report-data.js";

export interface RunOptions {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly engine: EngineName;
  readonly settings: PipelineSettings;
  readonly storeDirectory?: string | undefined;
  /** `--glossary`: read and checked before anything starts. */
  readonly glossaryFile?: string | undefined;
  /** Batches in flight per stage (default: the local pipeline's overlap, `LOCAL_CONCURRENCY`). */
  readonly concurrency?: LocalPipelineOptions["concurrency"];
  /**
   * How the handlers reach the local bucket: in the process (the default: no client needs the
   * S3 wire in a run, ADR 0013), or over the embedded server as `depeche serve` does.
   */
  readonly transport?: LocalTransport | undefined;
  /** Where progress and the summary go (the CLI passes process.stdout / stderr). */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface RunSummary {
  readonly enriched: string[];
  readonly failed: { name: string; code: string; reason: string }[];
  readonly missing: string[];
  readonly seconds: number;
}

/**
 * `depeche run`: upload every input to the embedded S3 as `incoming/<name>`, let the stage
 * handlers run on the notifications, then copy each article's one result to
 * `<out>/enriched/<name>.json` or `<out>/failed/<name>.json`.
 */
export async function runCommand(options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const inputs = await collectInputs(options.inputs);
  if (inputs.length === 0) throw new Error(`No input files found in ${options.inputs.join(", ")}`);
  const glossary = await glossaryFromFlag(options.glossaryFile, options.settings);
  const engines = await createEngines(options.engine, {
    chunkBytes: options.settings.translateChunkBytes,
    requestConcurrency: options.settings.serviceRequestConcurrency,
    entities: options.settings.comprehendEntities,
    glossary,
    translateOptions: amazonTranslationOptions(options.settings, {
      source: options.settings.sourceLanguage,
      target: options.settings.targetLanguage,
    }),
  });
  const progress = createProgress(options, inputs.length);
  const pipeline = await LocalPipeline.start({
    translator: engines.translator,
    analyzer: engines.analyzer,
    summarizer: await createSummarizer(options.settings),
    settings: options.settings,
    maxReceiveCount: options.settings.maxReceiveCount,
    storeDirectory: options.storeDirectory,
    concurrency: options.concurrency,
    transport: options.transport ?? "in-process",
    onResult: progress.result,
  });
  // Once the results are out no stage runs: the engines (Apertium's programs) close while
  // the report is written.
  let enginesClosed: Promise<void> | undefined;
  const closeEngines = () => {
    enginesClosed ??= engines.close();
    return enginesClosed;
  };
  try {
    for (const input of inputs) await pipeline.upload(input.name, await readInput(input));
    await pipeline.drain();
    const summary = await collectResults(
      pipeline,
      inputs.map((i) => i.name),
      options.out,
    );
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    const line = `${inputs.length} article${inputs.length === 1 ? "" : "s"}: ${summary.enriched.length} enriched, ${summary.failed.length} failed${summary.missing.length ? `, ${summary.missing.length} without a result` : ""} in ${seconds.toFixed(1)}s → ${options.out}/`;
    options.stdout.write(`${line}\n`);
    // Started now, awaited (and any error seen) below.
    closeEngines().catch(() => {});
    // The page covers the out folder, as `depeche report <out>` does, with this run's sources.
    const reportPath = join(options.out, REPORT_FILE);
    await writeReport(
      outDirectorySource(options.out, async (name) => {
        const object = await pipeline.store.get(keysFor(name).incoming);
        return object?.bytes;
      }),
      options.out,
      seconds,
      reportPath,
    );
    options.stdout.write(`Report: ${reportPath}\n`);
    return { ...summary, seconds };
  } finally {
    progress.stop();
    await Promise.all([pipeline.close(), closeEngines()]);
  }
}

/**
 * Results copied out at once: enough to overlap the embedded server's file reads with our
 * writes, few enough not to open hundreds of files together.
 */
const RESULT_COPY_CONCURRENCY = 8;

async function collectResults(
  pipeline: LocalPipeline,
  names: readonly string[],
  out: string,
): Promise<Omit<RunSummary, "seconds">> {
  type Outcome =
    | { kind: "enriched" }
    | { kind: "failed"; code: string; reason: string }
    | { kind: "missing" };
  // Results are read and written a few at a time, in input order; the summary keeps that order.
  const outcomes = await mapBounded(names, RESULT_COPY_CONCURRENCY, async (name) => {
    const keys = keysFor(name);
    const enrichedPath = join(out, keys.enriched);
    const failedPath = join(out, keys.failed);
    const document = await pipeline.store.get(keys.enriched);
    const failure = document ? undefined : await pipeline.store.get(failureKeyFor(name));
    // One result per article: remove what an earlier run left for the other outcome.
    await rm(document ? failedPath : enrichedPath, { force: true });
    if (document) {
      await writeOut(enrichedPath, document.bytes);
      return { kind: "enriched" } as Outcome;
    }
    if (failure) {
      await writeOut(failedPath, failure.bytes);
      const record = JSON.parse(new TextDecoder().decode(failure.bytes)) as {
        code: string;
        reason: string;
      };
      return { kind: "failed", code: record.code, reason: record.reason } as Outcome;
    }
    return { kind: "missing" } as Outcome;
  });
  const enriched: string[] = [];
  const failed: RunSummary["failed"] = [];
  const missing: string[] = [];
  outcomes.forEach((outcome, i) => {
    const name = names[i] as string;
    if (outcome.kind === "enriched") enriched.push(name);
    else if (outcome.kind === "failed")
      failed.push({ name, code: outcome.code, reason: outcome.reason });
    else missing.push(name);
  });
  return { enriched, failed, missing };
}

async function writeOut(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** A bar on a terminal, one line per finished article everywhere. */
function createProgress(options: RunOptions, total: number) {
  const bar = options.stderr.isTTY
    ? new cliProgress.MultiBar(
        { stream: options.stderr, format: " {bar} {value}/{total} articles", hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const single = bar?.create(total, 0);
  let done = 0;
  let stopped = false;
  const finished = new Set<string>();
  return {
    result: ({ name, status }: { name: string; status: "enriched" | "failed" }) => {
      if (finished.has(name)) return;
      finished.add(name);
      done += 1;
      const line = `[${done}/${total}] ${status === "enriched" ? "✓ enriched" : "✗ failed  "} ${name}`;
      if (bar) {
        bar.log(`${line}\n`);
        single?.update(done);
      } else {
        options.stdout.write(`${line}\n`);
      }
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar?.stop();
    },
  };
}
