import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { CliError } from "./exit-codes.js";
import { LOCAL_REGION, LocalBucket } from "./local-bucket.js";
import type { DirectArticleStore } from "./local-direct-store.js";
import { conditionalPuts } from "./local-s3-conditional.js";
import { errorXml, listObjectsV2 } from "./local-s3-list.js";
import { checkSignature } from "./sigv4-check.js";

export { LOCAL_BUCKET, LOCAL_REGION } from "./local-bucket.js";
export { isStore, openStore, STORE_MARKER } from "./local-store-folder.js";

/**
 * The one key pair the embedded server accepts: s3rver's built-in account (its own check needs
 * the key to exist; ours, in front, checks the signature). Printed by `depeche serve`.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** `depeche serve`'s default port: s3rver's own default, so tools set up for s3rver just work. */
export const DEFAULT_SERVE_PORT = 4568;

/** Only the loopback interface: the server has one fixed key pair and no TLS. */
export const LOCAL_ADDRESS = "127.0.0.1";

export interface LocalS3Options {
  /** 0 picks a free port. */
  readonly port?: number;
  /** Keep the bucket in this folder; a temporary folder (removed on close) otherwise. */
  readonly storeDirectory?: string | undefined;
}

/**
 * The embedded S3-compatible server `depeche serve`, `report` and `replay` use: the local
 * bucket (`LocalBucket`, s3rver's file store) behind s3rver's S3 protocol on 127.0.0.1, SigV4
 * checked in front of it, path-style requests on `http://127.0.0.1:<port>` and
 * virtual-host-style ones on `http://<bucket>.s3.localhost:<port>`. Writes its clients make are
 * notified to the bucket's listeners.
 */
export class LocalS3Server {
  private constructor(
    readonly bucket: LocalBucket,
    private readonly http: Server,
    readonly port: number,
  ) {}

  static async start(options: LocalS3Options = {}): Promise<LocalS3Server> {
    const bucket = await LocalBucket.open({ storeDirectory: options.storeDirectory });
    const { s3rver } = bucket;
    s3rver.on("event", (event: S3Event) => bucket.dispatch(event));
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
    const port = await listen(http, options.port ?? 0).catch(async (error: unknown) => {
      await bucket.close();
      throw error;
    });
    return new LocalS3Server(bucket, http, port);
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

  /** The bucket's folder. */
  get directory(): string {
    return this.bucket.directory;
  }

  /** The folder was made for this server: the bucket started empty. */
  get temporary(): boolean {
    return this.bucket.temporary;
  }

  /**
   * The bucket from inside this process, without the HTTP round trip (`DirectArticleStore`):
   * same objects, same conditional writes, same notifications.
   */
  directStore(): DirectArticleStore {
    return this.bucket.store();
  }

  /**
   * Each write and delete, over the wire or from inside, shaped like an S3 notification but
   * with the key decoded (S3 sends it URL-encoded: convert before handing it to the handlers).
   */
  onEvent(listener: (event: S3Event) => void): void {
    this.bucket.onEvent(listener);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    await this.bucket.close();
  }
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
