import type { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";
import { LOCAL_BUCKET, LocalS3Server } from "./local-s3-server.js";

export { LOCAL_BUCKET };

/** The embedded S3 server on 127.0.0.1 over a folder, and the store that talks to it. */
export interface LocalStore {
  readonly server: LocalS3Server;
  readonly client: S3Client;
  readonly store: S3ArticleStore;
  close(): Promise<void>;
}

/**
 * Serves `directory` (the folder `depeche run --store` keeps) as the bucket `depeche-local` on a
 * free port of 127.0.0.1. The local run, the local replay and the estimate's cache all read the
 * store this way, through the same S3 wire protocol the Lambdas use (`LocalS3Server`).
 */
export async function openLocalStore(directory: string): Promise<LocalStore> {
  const server = await LocalS3Server.start({ storeDirectory: directory });
  const client = server.client();
  return {
    server,
    client,
    store: new S3ArticleStore(client, LOCAL_BUCKET),
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
