import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import S3rver from "@20minutes/s3rver";
import { S3Client } from "@aws-sdk/client-s3";
import type { SQSBatchResponse } from "aws-lambda";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ArticleStore } from "../../functions/adapters/aws/s3-store.js";
import { keysFor } from "../../functions/core/keys.js";
import { lambdaBuildOptions } from "../../infra/bundling.js";
import { notificationFor, sqsEvent } from "../support/sqs-events.js";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const BUCKET = "depeche-bundle-test";

/**
 * The clean Lambda as it deploys — the split bundle `lambdaBuildOptions` writes — run in a fresh
 * Node process against the embedded S3 server over the S3 wire protocol, configured only through
 * the environment, like Lambda. Each upload takes another lazily loaded chunk: plain French text
 * (none), a page (the HTML reader), a text with character references (the entity tables), a
 * German text (franc-min). If esbuild's chunk wiring or a dynamic import broke, this fails.
 */
describe("the deployed clean bundle, over the S3 wire protocol", () => {
  let work: string;
  let server: S3rver;
  let store: S3ArticleStore;
  let env: NodeJS.ProcessEnv;
  let bundle: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "depeche-clean-bundle-"));
    bundle = join(work, "bundle");
    await build(lambdaBuildOptions("functions/lambda/clean.ts", bundle));
    server = new S3rver({
      port: 0,
      address: "127.0.0.1",
      silent: true,
      directory: join(work, "s3"),
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
    store = new S3ArticleStore(
      new S3Client({
        endpoint,
        forcePathStyle: true,
        region: "eu-west-3",
        credentials,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      }),
      BUCKET,
    );
    env = {
      PATH: process.env.PATH,
      BUCKET_NAME: BUCKET,
      MAX_RECEIVE_COUNT: "5",
      POWERTOOLS_LOG_LEVEL: "ERROR",
      AWS_REGION: "eu-west-3",
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
      AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  const UPLOADS = {
    french: "incoming/revue de presse/Poutine à Sotchi +1.txt",
    page: "incoming/pages/politique.html",
    references: "incoming/references.txt",
    german: "incoming/deutsch.txt",
  } as const;

  it("cleans text, pages and references, and fails a German text naming its language", async () => {
    const text = (path: string) => readFile(join(ROOT, path));
    await store.put(UPLOADS.french, await text("seeds/000_26c99712ce6ead19.txt"));
    await store.put(UPLOADS.page, await text("test/fixtures/clean/html-01-politique.html"));
    await store.put(
      UPLOADS.references,
      new TextEncoder().encode(
        "Le sommet de l&#8217;OTAN s&rsquo;ouvre &agrave; Vilnius\n\nLes dirigeants de l&#x2019;Alliance se retrouvent mardi pour deux jours de discussions sur l&#8217;Ukraine, la d&eacute;fense a&eacute;rienne et le budget commun.",
      ),
    );
    await store.put(
      UPLOADS.german,
      new TextEncoder().encode(
        "Der Stadtrat hat am Dienstagabend nach dreistündiger Debatte den Haushalt für das kommende Jahr verabschiedet. Die Opposition stimmte dagegen und kritisierte die Erhöhung der Grundsteuer sowie die Verschiebung der Schulsanierung.",
      ),
    );
    const event = sqsEvent(
      ...(await Promise.all(
        Object.values(UPLOADS).map((key) => notificationFor(store, BUCKET, key)),
      )),
    );

    const script = [
      `const { handler } = await import(${JSON.stringify(join(bundle, "index.mjs"))});`,
      `const event = JSON.parse(process.argv[1]);`,
      "process.stdout.write(JSON.stringify(await handler(event)));",
    ].join("\n");
    const { stdout } = await exec(
      process.execPath,
      ["--input-type=module", "-e", script, JSON.stringify(event)],
      { env, timeout: 60_000 },
    );
    const response = JSON.parse(stdout) as SQSBatchResponse;
    expect(response.batchItemFailures).toEqual([]);

    const json = async (key: string) => {
      const object = await store.get(key);
      return object === undefined ? undefined : JSON.parse(new TextDecoder().decode(object.bytes));
    };
    const cleaned = async (upload: string) => json(keysFor(upload.slice("incoming/".length)).clean);

    const french = await cleaned(UPLOADS.french);
    expect(french).toMatchObject({
      stage: "clean",
      source: { bucket: BUCKET, key: UPLOADS.french },
      clean: { language: "fr", format: "text" },
    });
    const page = (await cleaned(UPLOADS.page))?.clean;
    expect(page).toMatchObject({ language: "fr", format: "html" });
    expect(page.paragraphs.length).toBeGreaterThan(2);
    const references = (await cleaned(UPLOADS.references))?.clean;
    expect(references.title).toBe("Le sommet de l’OTAN s’ouvre à Vilnius");
    expect(references.paragraphs[0]).toContain("l’Alliance");

    const failure = await json(keysFor("deutsch.txt").failed);
    expect(failure).toMatchObject({ code: "UNSUPPORTED_LANGUAGE" });
    expect(failure.reason).toContain('"de"');
    expect(await cleaned(UPLOADS.german)).toBeUndefined();
  }, 90_000);
});
