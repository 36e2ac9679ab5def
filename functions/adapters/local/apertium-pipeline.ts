/**
 * A long-lived Apertium pipeline: the programs of one or more mode files (fr-es, then spa-eng),
 * each started once with `-z` (flush on NUL) and chained stdout → stdin, no shell in between.
 * A request is one paragraph in stream format followed by NUL; its reply comes back followed by
 * NUL. Requests are written in order and may be in flight together (the twenty programs work
 * as an assembly line); replies are matched to requests by the id each one carries.
 *
 * When a program dies, or a reply does not come back in time, every pending request is
 * rejected with `TransientError` and the pipeline is stopped: the owner starts a new one.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { TransientError } from "../../core/errors.js";
import { encodeRequest, splitReply } from "./apertium-stream.js";

/** Where Debian's apertium packages install their mode files. */
export const DEFAULT_APERTIUM_DATA_DIR = "/usr/share/apertium";

/**
 * A reply slower than this means a stuck program. A 2,000-word article takes ~0.2 s on one
 * core; thirty seconds per request is two orders of magnitude of slack on a loaded CI machine.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Bytes of each program's stderr kept to explain a death. */
const STDERR_TAIL_BYTES = 2_000;

const NUL = "\0";

interface Pending {
  readonly id: number;
  readonly resolve: (reply: string) => void;
  readonly reject: (error: Error) => void;
}

/** One program of a mode file: executable and arguments. */
export type Stage = readonly [string, ...string[]];

/**
 * The programs of an Apertium mode file, `-z` added to each, `$1` (the generator's mode) set to
 * `-n` (no `*`/`#`/`@` marks, the `apertium -u` behaviour) and `$2` (tagger options) dropped.
 * Mode files are one shell pipeline of plain commands with single-quoted paths.
 */
export function parseModeFile(source: string, options: { marks?: boolean } = {}): Stage[] {
  const generator = options.marks === true ? "-g" : "-n";
  return source
    .trim()
    .split("|")
    .map((command) => {
      const words = [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
        (m) => m[1] ?? m[2] ?? m[3] ?? "",
      );
      const [program, ...args] = words.flatMap((word) =>
        word === "$1" ? [generator] : word === "$2" ? [] : [word],
      );
      if (program === undefined) throw new Error(`empty command in mode file: ${source}`);
      return [program, "-z", ...args] as const;
    });
}

/**
 * The programs of the named modes, in order (`["fr-es", "spa-eng"]`: French → English).
 * `marks`: the generators keep Apertium's marks on words they could not translate (`*` unknown,
 * `@` untranslated lemma, `#` generation failure), so the caller can count and remove them.
 */
export async function modeStages(
  modes: readonly string[],
  dataDir: string,
  options: { marks?: boolean } = {},
): Promise<Stage[]> {
  const files = await Promise.all(
    modes.map((mode) => readFile(join(dataDir, "modes", `${mode}.mode`), "utf8")),
  );
  return files.flatMap((file) => parseModeFile(file, options));
}

export class ApertiumPipeline {
  private readonly processes: ChildProcess[] = [];
  private readonly stderr = new Map<ChildProcess, string>();
  private readonly pending: Pending[] = [];
  private nextId = 1;
  private buffer = "";
  private failure: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;

  private constructor(
    private readonly stages: readonly Stage[],
    private readonly timeoutMs: number,
  ) {}

  /** Starts every program; resolves once all of them are running. */
  static async start(
    stages: readonly Stage[],
    timeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<ApertiumPipeline> {
    const pipeline = new ApertiumPipeline(stages, timeoutMs);
    await pipeline.spawnAll();
    return pipeline;
  }

  /** Process ids of the programs (for tests that check nothing is left behind). */
  get pids(): number[] {
    return this.processes.flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
  }

  /** False once a program died, a reply timed out, or `close` was called. */
  get alive(): boolean {
    return this.failure === undefined && !this.closing;
  }

  /** Translates one paragraph (plain text in, stream format out, request id removed). */
  request(text: string): Promise<string> {
    if (!this.alive) {
      return Promise.reject(this.failure ?? new TransientError("Apertium pipeline is closed"));
    }
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      if (this.pending.length === 1) this.armTimer();
      this.processes[0]?.stdin?.write(`${encodeRequest(text, id)}${NUL}`);
    });
  }

  /** Ends stdin (the programs exit in order), kills what has not exited after a grace period. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.clearTimer();
    this.rejectAll(new TransientError("Apertium pipeline closed with requests pending"));
    const exited = this.processes.map((p) => exitOf(p));
    this.processes[0]?.stdin?.end();
    const graceful = await Promise.race([
      Promise.all(exited).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref()),
    ]);
    if (!graceful) {
      for (const p of this.processes) if (p.exitCode === null && p.signalCode === null) p.kill();
      await Promise.all(exited);
    }
  }

  private async spawnAll(): Promise<void> {
    let previous: ChildProcess | undefined;
    for (const [program, ...args] of this.stages) {
      const child: ChildProcess = spawn(program, args, {
        stdio: [previous?.stdout ?? "pipe", "pipe", "pipe"],
      });
      this.processes.push(child);
      this.stderr.set(child, "");
      child.stderr?.setEncoding("utf8");
      child.stderr?.on("data", (data: string) => {
        const tail = (this.stderr.get(child) ?? "") + data;
        this.stderr.set(child, tail.slice(-STDERR_TAIL_BYTES));
      });
      child.on("error", (error) => this.fail(`${program} could not run: ${error.message}`));
      child.on("exit", (code, signal) => {
        if (this.closing) return;
        const why = (this.stderr.get(child) ?? "").trim();
        this.fail(
          `${program} exited (${signal ?? `code ${code}`})${why ? `: ${why.slice(-300)}` : ""}`,
        );
      });
      previous = child;
    }
    // A broken pipe on the first stdin surfaces as 'exit' of a program; ignore the stream error.
    this.processes[0]?.stdin?.on("error", () => {});
    const last = this.processes.at(-1);
    last?.stdout?.setEncoding("utf8");
    last?.stdout?.on("data", (data: string) => this.onData(data));
    await Promise.all(
      this.processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.pid !== undefined) resolve();
            else p.once("spawn", () => resolve()).once("error", () => resolve());
          }),
      ),
    );
    if (this.failure) {
      await this.close();
      throw this.failure;
    }
  }

  private onData(data: string): void {
    this.buffer += data;
    for (let end = this.buffer.indexOf(NUL); end >= 0; end = this.buffer.indexOf(NUL)) {
      const reply = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      const { requestId, body } = splitReply(reply);
      // Some programs echo an extra NUL: a reply without an id and without text is no reply.
      if (requestId === undefined && body.trim() === "") continue;
      const head = this.pending[0];
      if (head === undefined || requestId !== head.id) {
        this.fail(
          `Apertium answered request ${requestId ?? "?"} when ${head?.id ?? "none"} was due`,
        );
        return;
      }
      this.pending.shift();
      head.resolve(body);
      this.clearTimer();
      if (this.pending.length > 0) this.armTimer();
    }
  }

  private armTimer(): void {
    this.clearTimer();
    this.timer = setTimeout(
      () => this.fail(`Apertium did not answer within ${this.timeoutMs} ms`),
      this.timeoutMs,
    );
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Records the first failure, rejects everything pending and stops the programs. */
  private fail(message: string): void {
    if (this.failure !== undefined || this.closing) return;
    this.failure = new TransientError(`Apertium pipeline failed: ${message}`);
    this.clearTimer();
    this.rejectAll(this.failure);
    for (const p of this.processes) if (p.exitCode === null && p.signalCode === null) p.kill();
  }

  private rejectAll(error: Error): void {
    for (const pending of this.pending.splice(0)) pending.reject(error);
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
}
