import { keysFor } from "../core/keys.js";
import type { PipelineSettings } from "../core/settings.js";
import { amazonTranslationOptions } from "../core/translate/translation-options.js";
import { createEngines, createSummarizer, type EngineName } from "./engines.js";
import { glossaryFromFlag } from "./glossary-file.js";
import { LocalPipeline } from "./local-pipeline.js";
import { LOCAL_BUCKET, LOCAL_CREDENTIALS, LOCAL_REGION } from "./local-s3-server.js";

export interface ServeOptions {
  readonly port: number;
  readonly engine: EngineName;
  readonly settings: PipelineSettings;
  readonly storeDirectory?: string | undefined;
  /** `--glossary`, as `depeche run` takes it: read and checked before the server starts. */
  readonly glossaryFile?: string | undefined;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Resolves when the server should shut down (the CLI: the first Ctrl-C). */
  readonly stopSignal: Promise<void>;
}

/** The seed the printed example uploads. */
const EXAMPLE_SEED = "seeds/000_26c99712ce6ead19.txt";

/**
 * `depeche serve`: the embedded S3 server and the stage handlers of `depeche run`, kept running.
 * Anything a client writes to `incoming/` goes through clean → translate → analyze exactly as
 * `run`'s uploads do; one line per finished article. Ends when `stopSignal` resolves: routing
 * stops, the batches in the handlers finish, the server closes.
 */
export async function serveCommand(options: ServeOptions): Promise<void> {
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
  let pipeline: LocalPipeline | undefined;
  try {
    const started = new Map<string, number>();
    const lines: Promise<void>[] = [];
    pipeline = await LocalPipeline.start({
      translator: engines.translator,
      analyzer: engines.analyzer,
      summarizer: await createSummarizer(options.settings),
      settings: options.settings,
      maxReceiveCount: options.settings.maxReceiveCount,
      storeDirectory: options.storeDirectory,
      port: options.port,
      onUpload: (name) => started.set(name, performance.now()),
      onResult: (result) => {
        const since = started.get(result.name);
        started.delete(result.name);
        if (pipeline === undefined) return;
        lines.push(
          progressLine(pipeline, result, since).then((line) => {
            options.stdout.write(`${line}\n`);
          }),
        );
      },
    });
    options.stdout.write(banner(pipeline, options));
    const resumed = await pipeline.resume();
    if (resumed > 0) {
      options.stdout.write(
        `Resuming ${resumed} article${resumed === 1 ? "" : "s"} left unfinished in the store.\n`,
      );
    }
    await options.stopSignal;
    const pending = pipeline.pending;
    options.stderr.write(
      pending > 0
        ? "Stopping: letting the articles in the handlers finish (Ctrl-C again to quit at once; anything unfinished is resumed by the next serve on the same --store)…\n"
        : "Stopping.\n",
    );
    await pipeline.stop();
    await Promise.all(lines);
  } finally {
    await pipeline?.close();
    await engines.close();
  }
}

function banner(pipeline: LocalPipeline, options: ServeOptions): string {
  const server = pipeline.server;
  if (server === undefined) throw new Error("depeche serve runs the pipeline on the S3 wire");
  const endpoint = server.endpoint;
  const aws = `aws --endpoint-url ${endpoint}`;
  const store = options.storeDirectory
    ? `kept in ${options.storeDirectory}`
    : "temporary (deleted on exit; keep it with --store DIR)";
  return [
    `depeche serve: an S3 endpoint for the pipeline (engine: ${options.engine})`,
    "",
    `  endpoint  ${endpoint}   (virtual-host style: ${server.virtualHostEndpoint})`,
    `  bucket    ${LOCAL_BUCKET}   (store: ${store})`,
    "",
    "Paste into another terminal:",
    "",
    `  export AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId}`,
    `  export AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    `  export AWS_REGION=${LOCAL_REGION}`,
    `  ${aws} s3 cp ${EXAMPLE_SEED} s3://${LOCAL_BUCKET}/incoming/`,
    `  ${aws} s3 cp s3://${LOCAL_BUCKET}/${keysFor("000_26c99712ce6ead19.txt").enriched} -`,
    `  ${aws} s3 ls s3://${LOCAL_BUCKET}/failed/`,
    "",
    "Objects written to incoming/ are processed; results appear under enriched/ and failed/. Ctrl-C stops.",
    "",
  ].join("\n");
}

async function progressLine(
  pipeline: LocalPipeline,
  result: { name: string; status: "enriched" | "failed" },
  since: number | undefined,
): Promise<string> {
  const keys = keysFor(result.name);
  const took = since === undefined ? "" : ` (${((performance.now() - since) / 1000).toFixed(1)}s)`;
  if (result.status === "enriched") return `✓ enriched ${result.name} → ${keys.enriched}${took}`;
  const record = await pipeline.store.get(keys.failed).catch(() => undefined);
  let detail = "";
  if (record) {
    try {
      const { code, reason } = JSON.parse(new TextDecoder().decode(record.bytes)) as {
        code: string;
        reason: string;
      };
      detail = ` ${code}: ${reason}`;
    } catch {
      // An object a client wrote under failed/ by hand: name it without a code.
    }
  }
  return `✗ failed   ${result.name} → ${keys.failed}${took}${detail}`;
}
