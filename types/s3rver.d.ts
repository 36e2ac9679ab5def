// Minimal typings for @20minutes/s3rver 4 (the package ships none): only what depeche uses.
declare module "@20minutes/s3rver" {
  import type { EventEmitter } from "node:events";
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    allowMismatchedSignatures?: boolean;
    /** Host suffix for virtual-host-style requests: `<bucket>.s3.<serviceEndpoint>`. */
    serviceEndpoint?: string;
    configureBuckets?: { name: string; configs: (string | Buffer)[] }[];
  }

  /**
   * The file store behind the buckets: its listing, and its bucket-level calls (`key`
   * undefined = the bucket itself).
   */
  type S3rverStore = import("../functions/cli/local-s3-list.js").ListingStore & {
    getBucket(bucket: string): Promise<unknown>;
    putBucket(bucket: string): Promise<unknown>;
    deleteBucket(bucket: string): Promise<unknown>;
    getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
    putSubresource(bucket: string, key: string | undefined, resource: unknown): Promise<void>;
    deleteSubresource(bucket: string, key: string | undefined, type: string): Promise<void>;
  };

  class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    /** Koa's middleware list (s3rver extends Koa): composed when the server starts listening. */
    middleware: ((ctx: never, next: () => Promise<void>) => Promise<void>)[];
    close(): Promise<void>;
    /** Creates the configured buckets (what `run` does before listening). */
    configureBuckets(): Promise<void>;
    /** The Koa request listener, for serving it from one's own HTTP server. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    readonly logger: { close(): void };
    /** The file store behind the buckets. */
    readonly store: S3rverStore;
  }

  export default S3rver;
}
