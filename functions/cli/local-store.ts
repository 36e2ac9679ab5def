import S3rver from "@20minutes/s3rver";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ArticleStore } from "../adapters/aws/s3-store.js";

/** The bucket name inside the embedded server; any valid name works. */
export const LOCAL_BUCKET = "depeche-local";

/** The embedded S3 server on 127.0.0.1 over a folder, and the store that talks to it. */
export interface LocalStore {
  readonly server: S3rver;
  readonly client: S3Client;
  readonly store: S3ArticleStore;
  close(): Promise<void>;
}

/**
 * Serves `directory` (the folder `depeche run --store` keeps) as the bucket `depeche-local` on a
 * free port of 127.0.0.1. The local run, the local replay and the estimate's cache all read the
 * store this way, through the same S3 wire protocol the Lambdas use.
 */
export async function openLocalStore(directory: string): Promise<LocalStore> {
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: LOCAL_BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
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
