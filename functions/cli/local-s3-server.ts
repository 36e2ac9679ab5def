import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "@20minutes/s3rver";
import { S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { CliError } from "./exit-codes.js";
import { DirectArticleStore } from "./local-direct-store.js";
import { conditionalPuts } from "./local-s3-conditional.js";
import { errorXml, listObjectsV2 } from "./local-s3-list.js";
import {
  atomicObjects,
  type DirectObjects,
  type ObjectFileStore,
} from "./s3rver-atomic-objects.js";
import { rememberBucketConfiguration } from "./s3rver-bucket-memo.js";
import { checkSignature } from "./sigv4-check.js";

/** The bucket name inside the embedded server; any valid name works. */
export const LOCAL_BUCKET = "depeche-local";

/** The region clients sign for; the embedded server answers for any. */
export const LOCAL_REGION = "us-east-1";

/**
 * The one key pair the embedded server accepts: s3rver's built-in account (its own check needs
 * the key to exist; ours, in front, checks the signature). Printed by `depeche serve`.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** `depeche serve`'s default port: s3rver's own default, so tools set up for s3rver just work. */
export const DEFAULT_SERVE_PORT = 4568;

/** Only the loopback interface: the server has one fixed key pair and no TLS. */
export const LOCAL_ADDRESS = "127.0.0.1";

/**
 * Marks a `--store` folder as the embedded bucket's (so a typo cannot make depeche write into,
 * or report on, an unrelated folder).
 */
export const STORE_MARKER = ".depeche-store";

export interface LocalS3Options {
  /** 0 picks a free port. */
  readonly port?: number;
  /** Keep the bucket in this folder; a temporary folder (removed on close) otherwise. */
  readonly storeDirectory?: string | undefined;
}

/**
 * The embedded S3-compatible server `depeche run`, `serve` and `report` share: s3rver on
 * 127.0.0.1 with its files in a depeche store, SigV4 checked in front of it, path-style requests
 * on `http://127.0.0.1:<port>` and virtual-host-style ones on
 * `http://<bucket>.s3.localhost:<port>`.
 */
export class LocalS3Server {
  private constructor(
    private readonly s3rver: S3rver,
    private readonly objects: DirectObjects,
    private readonly http: Server,
    readonly port: number,
    readonly directory: string,
    /** The folder was made for this server: the bucket started empty. */
    readonly temporary: boolean,
  ) {}

  static async start(options: LocalS3Options = {}): Promise<LocalS3Server> {
    const temporary = options.storeDirectory === undefined;
    const directory = options.storeDirectory ?? (await mkdtemp(join(tmpdir(), "depeche-s3-")));
    if (!temporary) await openStore(directory);
    const s3rver = new S3rver({
      silent: true,
      directory,
      // The signature is checked by checkSignature, before a request reaches s3rver.
      allowMismatchedSignatures: true,
      // `<bucket>.s3.localhost` is a virtual-host-style request for <bucket>.
      serviceEndpoint: "localhost",
      configureBuckets: [{ name: LOCAL_BUCKET, configs: [] }],
    });
    rememberBucketConfiguration(s3rver.store);
    // Whole-object reads and writes, as S3's are (s3rver writes in place).
    const objects = atomicObjects(s3rver.store as unknown as ObjectFileStore);
    await s3rver.configureBuckets();
    // s3rver logs every request through koa-logger even when silent (timing, colours, a
    // formatted line dropped by the silent transport): 2 % of a `depeche run` profile.
    const requestLog = s3rver.middleware.findIndex((middleware) => middleware.name === "logger");
    if (requestLog >= 0) s3rver.middleware.splice(requestLog, 1);
    // S3's conditional writes (If-Match / If-None-Match on PUT), which s3rver lacks.
    s3rver.middleware.unshift(conditionalPuts());
    const handle = s3rver.callback();
    const http = createServer((request, response) => {
      if (request.method === "OPTIONS") return void handle(request, response);
      const problem = checkSignature(
        { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers },
        (id) =>
          id === LOCAL_CREDENTIALS.accessKeyId ? LOCAL_CREDENTIALS.secretAccessKey : undefined,
      );
      if (problem !== undefined) return sendError(request, response, problem);
      const listing = listingBucket(request);
      if (listing === undefined) return void handle(request, response);
      listObjectsV2(s3rver.store, listing.bucket, listing.query, response).catch(
        (error: unknown) => {
          response.writeHead(500, { "content-type": "application/xml" });
          response.end(errorXml("InternalError", String(error)));
        },
      );
    });
    const port = await listen(http, options.port ?? 0);
    return new LocalS3Server(s3rver, objects, http, port, directory, temporary);
  }

  /** Path-style endpoint, the one to give clients. */
  get endpoint(): string {
    return `http://${LOCAL_ADDRESS}:${this.port}`;
  }

  /** Virtual-host-style endpoint: the bucket goes in front (`depeche-local.s3.localhost`). */
  get virtualHostEndpoint(): string {
    return `http://s3.localhost:${this.port}`;
  }

  /** An SDK client for this server, as the handlers and `depeche report` use it. */
  client(): S3Client {
    return new S3Client({
      endpoint: this.endpoint,
      forcePathStyle: true,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  /**
   * The bucket from inside this process, without the HTTP round trip (`DirectArticleStore`):
   * same objects, same conditional writes, but no notification for its writes.
   */
  directStore(): DirectArticleStore {
    return new DirectArticleStore(this.objects, LOCAL_BUCKET);
  }

  /**
   * Each write and delete, shaped like an S3 notification but with the key decoded (S3 sends
   * it URL-encoded: convert before handing it to the handlers).
   */
  onEvent(listener: (event: S3Event) => void): void {
    this.s3rver.on("event", listener);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    this.s3rver.logger.close();
    if (this.temporary) await rm(this.directory, { recursive: true, force: true });
  }
}

/**
 * Makes sure `directory` is a depeche store: creates it (or adopts an empty folder, or one that
 * holds only the bucket from before stores were marked) and refuses anything else, in one line.
 */
export async function openStore(directory: string): Promise<void> {
  const entries = await listStore(directory);
  if (entries === undefined || entries.length === 0) {
    await mkdir(directory, { recursive: true });
    await writeMarker(directory);
    return;
  }
  if (entries.includes(STORE_MARKER)) {
    await readFile(join(directory, STORE_MARKER)).catch((error: unknown) => {
      throw unreadable(directory, error);
    });
    return;
  }
  if (entries.length === 1 && entries[0] === LOCAL_BUCKET) {
    await writeMarker(directory);
    return;
  }
  throw new CliError(
    `${directory} is not a depeche store (no ${STORE_MARKER} file, and it holds other things): give --store a new or empty folder`,
  );
}

/** True when `directory` is a depeche store (for `depeche report`, which never creates one). */
export async function isStore(directory: string): Promise<boolean> {
  return (await listStore(directory))?.includes(STORE_MARKER) ?? false;
}

async function listStore(directory: string): Promise<string[] | undefined> {
  try {
    const info = await stat(directory);
    if (!info.isDirectory()) {
      throw new CliError(`${directory} is not a depeche store: it is a file, not a folder`);
    }
    return await readdir(directory);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw unreadable(directory, error);
  }
}

async function writeMarker(directory: string): Promise<void> {
  await writeFile(
    join(directory, STORE_MARKER),
    `${JSON.stringify({ store: "depeche", bucket: LOCAL_BUCKET })}\n`,
  ).catch((error: unknown) => {
    throw unreadable(directory, error);
  });
}

function unreadable(directory: string, error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === "EACCES" || code === "EPERM") {
    return new CliError(`cannot use the store ${directory}: permission denied`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function listen(http: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new CliError(
            `port ${port} on ${LOCAL_ADDRESS} is already in use (another depeche serve?): choose another with --port`,
          ),
        );
      } else if (error.code === "EACCES") {
        reject(new CliError(`port ${port} needs privileges: choose one above 1023 with --port`));
      } else {
        reject(error);
      }
    });
    http.listen(port, LOCAL_ADDRESS, () => {
      const address = http.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}

/** The bucket and query of a ListObjectsV2 request (path- or virtual-host-style), else undefined. */
function listingBucket(
  request: IncomingMessage,
): { bucket: string; query: URLSearchParams } | undefined {
  if (request.method !== "GET") return undefined;
  const url = new URL(request.url ?? "/", "http://local");
  if (url.searchParams.get("list-type") !== "2") return undefined;
  const host = (request.headers.host ?? "").replace(/:\d+$/, "");
  const virtual = /^(.+)\.s3\.localhost$/.exec(host)?.[1];
  const segments = url.pathname.split("/").filter(Boolean);
  if (virtual !== undefined) {
    return segments.length === 0 ? { bucket: virtual, query: url.searchParams } : undefined;
  }
  return segments.length === 1 && segments[0]
    ? { bucket: decodeURIComponent(segments[0]), query: url.searchParams }
    : undefined;
}

function sendError(
  request: IncomingMessage,
  response: ServerResponse,
  problem: { status: number; code: string; message: string },
): void {
  // The body of a refused upload is not read; drop the connection after answering.
  response.writeHead(problem.status, {
    "content-type": "application/xml",
    connection: "close",
  });
  if (request.method === "HEAD") return void response.end();
  response.end(errorXml(problem.code, problem.message));
}
