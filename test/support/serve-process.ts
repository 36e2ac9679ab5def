import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/depeche.mjs");
const execFileAsync = promisify(execFile);

/** `depeche serve` in a child process, as a user runs it in a terminal. */
export interface ServeProcess {
  readonly endpoint: string;
  readonly child: ChildProcess;
  /** Everything printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout has a line matching `pattern` (rejects if the process exits first). */
  waitFor(pattern: RegExp): Promise<string>;
  /** Ctrl-C, then the exit code. */
  interrupt(): Promise<number | null>;
}

export async function startServe(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const watchers = new Set<() => void>();
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const watcher of watchers) watcher();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const watcher of watchers) watcher();
  });

  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = out.split("\n").find((l) => pattern.test(l));
        if (line !== undefined) {
          watchers.delete(check);
          resolve(line);
        } else if (gone) {
          watchers.delete(check);
          reject(new Error(`depeche serve exited before printing ${pattern}:\n${out}\n${err}`));
        }
      };
      watchers.add(check);
      check();
    });

  const endpointLine = await waitFor(/^\s+endpoint\s+http:\/\//);
  const endpoint = /http:\/\/127\.0\.0\.1:\d+/.exec(endpointLine)?.[0];
  if (!endpoint) throw new Error(`no endpoint in ${endpointLine}`);
  return {
    endpoint,
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor,
    interrupt: async () => {
      if (!gone) child.kill("SIGINT");
      return exited;
    },
  };
}

/** The value of `export NAME=value` in the banner. */
export function printedVariable(banner: string, name: string): string {
  const value = new RegExp(`export ${name}=(\\S+)`).exec(banner)?.[1];
  if (value === undefined) throw new Error(`${name} not printed`);
  return value;
}

/** Debian's binary: PATH may hold another `aws` (a pip-installed v1) ahead of it. */
export function debianBinary(name: string): string {
  const path = `/usr/bin/${name}`;
  return existsSync(path) ? path : name;
}

/** Runs a client program; resolves with its output, rejects with it on a non-zero exit. */
export async function runClient(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return (await runClientWithLog(file, args, env)).stdout;
}

/** The same, with what the client printed on stderr (its debug log). */
export async function runClientWithLog(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync(file, args, {
      env,
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(" ")} failed: ${failed.message}\n${failed.stderr ?? ""}`);
  }
}
