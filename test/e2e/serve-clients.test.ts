import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Agent } from "node:http";
import type { LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnrichedDocumentSchema, FailureRecordSchema } from "../../functions/core/document.js";
import {
  debianBinary,
  printedVariable,
  runClient,
  runClientWithLog,
  type ServeProcess,
  startServe,
} from "../support/serve-process.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const SEED = "000_26c99712ce6ead19.txt";
const BUCKET = "depeche-local";
/** Over the clean stage's 5 MiB bound, and big enough for the CLI to upload it in parts. */
const BIG_BYTES = 20 * 1024 * 1024;
/** Keys users really write: a space, accents, `+` and `%`. */
const AWKWARD = "dépêche été+hiver 100%.txt";

let work: string;
let serve: ServeProcess;
let env: NodeJS.ProcessEnv;
let credentials: { accessKeyId: string; secretAccessKey: string };
let region: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "depeche-serve-"));
  serve = await startServe(["--store", join(work, "store")]);
  const banner = serve.stdout();
  credentials = {
    accessKeyId: printedVariable(banner, "AWS_ACCESS_KEY_ID"),
    secretAccessKey: printedVariable(banner, "AWS_SECRET_ACCESS_KEY"),
  };
  region = printedVariable(banner, "AWS_REGION");
  // A clean client environment: only what the banner says, no profile, no CA bundle.
  env = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: join(work, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(work, "no-aws-credentials"),
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}, 60_000);

afterAll(async () => {
  await serve?.interrupt();
  await rm(work, { recursive: true, force: true });
});

const aws = (...args: string[]) =>
  runClient(debianBinary("aws"), ["--endpoint-url", serve.endpoint, ...args], env);

function sdk(config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: serve.endpoint,
    forcePathStyle: true,
    region,
    credentials,
    ...config,
  });
}

describe("depeche serve with the AWS CLI (Debian awscli, v2)", () => {
  it("prints the endpoint, bucket, credentials and a ready aws s3 cp line", () => {
    const banner = serve.stdout();
    expect(banner).toContain(`bucket    ${BUCKET}`);
    expect(banner).toMatch(/export AWS_ACCESS_KEY_ID=\S+/);
    expect(banner).toMatch(/export AWS_SECRET_ACCESS_KEY=\S+/);
    expect(banner).toMatch(/export AWS_REGION=\S+/);
    expect(banner).toContain(
      `aws --endpoint-url ${serve.endpoint} s3 cp seeds/${SEED} s3://${BUCKET}/incoming/`,
    );
  });

  it("enriches a seed copied to incoming/ and serves the document back", async () => {
    await aws(
      "s3",
      "cp",
      "--only-show-errors",
      join(ROOT, "seeds", SEED),
      `s3://${BUCKET}/incoming/`,
    );
    expect(await serve.waitFor(new RegExp(`✓ enriched ${SEED.replace(".", "\\.")}`))).toContain(
      `enriched/${SEED}.json`,
    );

    const printed = await aws("s3", "cp", `s3://${BUCKET}/enriched/${SEED}.json`, "-");
    const document = EnrichedDocumentSchema.parse(JSON.parse(printed));
    expect(document.source).toMatchObject({ bucket: BUCKET, key: `incoming/${SEED}` });
    expect(document.english.paragraphs.length).toBeGreaterThan(0);
  }, 90_000);

  it("ends a 20 MB multipart upload as a TOO_LARGE failure record that s3 ls lists", async () => {
    const big = join(work, "big.bin");
    await writeFile(big, Buffer.alloc(BIG_BYTES, 0x61));
    const upload = await runClientWithLog(
      debianBinary("aws"),
      [
        "--endpoint-url",
        serve.endpoint,
        "--debug",
        "s3",
        "cp",
        "--only-show-errors",
        big,
        `s3://${BUCKET}/incoming/big.bin`,
      ],
      env,
    );
    // The CLI really went through a multipart upload (its default threshold is 8 MiB).
    expect(upload.stderr).toMatch(/CreateMultipartUpload/);
    expect(upload.stderr).toMatch(/CompleteMultipartUpload/);
    const line = await serve.waitFor(/✗ failed\s+big\.bin/);
    expect(line).toContain("TOO_LARGE");

    const head = JSON.parse(
      await aws("s3api", "head-object", "--bucket", BUCKET, "--key", "incoming/big.bin"),
    ) as { ContentLength: number };
    expect(head.ContentLength).toBe(BIG_BYTES);

    const listing = await aws("s3", "ls", `s3://${BUCKET}/failed/`);
    expect(listing).toMatch(/\sbig\.bin\.json$/m);
    const record = FailureRecordSchema.parse(
      JSON.parse(await aws("s3", "cp", `s3://${BUCKET}/failed/big.bin.json`, "-")),
    );
    expect(record).toMatchObject({ code: "TOO_LARGE", stage: "clean" });
    expect(record.source.bytes).toBe(BIG_BYTES);
  }, 120_000);

  it("keeps keys with spaces, accents, + and % intact through the pipeline", async () => {
    const file = join(work, "awkward.txt");
    await writeFile(file, await readFile(join(ROOT, "seeds", "003_8626bd346835ccc0.txt")));
    await aws("s3", "cp", "--only-show-errors", file, `s3://${BUCKET}/incoming/${AWKWARD}`);
    await serve.waitFor(/✓ enriched dépêche été\+hiver 100%\.txt/);

    const listing = await aws("s3", "ls", `s3://${BUCKET}/enriched/dépêche`);
    expect(listing).toContain(`${AWKWARD}.json`);
    const document = EnrichedDocumentSchema.parse(
      JSON.parse(await aws("s3", "cp", `s3://${BUCKET}/enriched/${AWKWARD}.json`, "-")),
    );
    expect(document.source.key).toBe(`incoming/${AWKWARD}`);
  }, 90_000);

  it("answers a ranged get-object with exactly those bytes", async () => {
    const out = join(work, "range.out");
    const meta = JSON.parse(
      await aws(
        "s3api",
        "get-object",
        "--bucket",
        BUCKET,
        "--key",
        `incoming/${SEED}`,
        "--range",
        "bytes=3-11",
        out,
      ),
    ) as { ContentRange: string };
    const seed = await readFile(join(ROOT, "seeds", SEED));
    expect(meta.ContentRange).toBe(`bytes 3-11/${seed.byteLength}`);
    expect(await readFile(out)).toEqual(seed.subarray(3, 12));
  });

  it("refuses a wrong secret with SignatureDoesNotMatch", async () => {
    const wrong = { ...env, AWS_SECRET_ACCESS_KEY: "not-the-secret" };
    await expect(
      runClient(
        debianBinary("aws"),
        ["--endpoint-url", serve.endpoint, "s3", "ls", `s3://${BUCKET}/`],
        wrong,
      ),
    ).rejects.toThrow(/SignatureDoesNotMatch/);
  });
});

describe("depeche serve with the AWS SDK for JavaScript", () => {
  it("lists with a prefix, page by page", async () => {
    const client = sdk({ requestChecksumCalculation: "WHEN_REQUIRED" });
    for (const n of [1, 2, 3]) {
      await client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: `notes/page ${n}.md`, Body: `note ${n}` }),
      );
    }
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: "notes/",
          MaxKeys: 2,
          ContinuationToken: token,
        }),
      );
      pages += 1;
      keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ""));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(pages).toBe(2);
    expect(keys).toEqual(["notes/page 1.md", "notes/page 2.md", "notes/page 3.md"]);
    client.destroy();
  });

  it("puts and reads with the SDK's default settings (checksums on)", async () => {
    const client = sdk();
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `notes/${AWKWARD}`, Body: "é+%" }),
    );
    const got = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `notes/${AWKWARD}` }),
    );
    expect(await got.Body?.transformToString()).toBe("é+%");
    const head = await client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `notes/${AWKWARD}` }),
    );
    expect(head.ContentLength).toBe(Buffer.byteLength("é+%"));
    client.destroy();
  });

  it("serves virtual-host-style requests on <bucket>.s3.localhost", async () => {
    // Resolve *.localhost to the loopback, as browsers and systemd-resolved do.
    const lookup: LookupFunction = (hostname, options, callback) => {
      if (!hostname.endsWith("localhost")) throw new Error(`unexpected host ${hostname}`);
      if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
      else callback(null, "127.0.0.1", 4);
    };
    const hosts: string[] = [];
    const client = sdk({
      endpoint: serve.endpoint.replace("127.0.0.1", "s3.localhost"),
      forcePathStyle: false,
      requestHandler: { httpAgent: new Agent({ lookup }) },
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        hosts.push((args.request as { hostname: string }).hostname);
        return next(args);
      },
      { step: "finalizeRequest" },
    );
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "notes/vhost.txt", Body: "v" }));
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "notes/vhost" }),
    );
    expect(hosts).toEqual([`${BUCKET}.s3.localhost`, `${BUCKET}.s3.localhost`]);
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["notes/vhost.txt"]);
    client.destroy();
  });

  it("ends a multipart upload over the size bound as TOO_LARGE", async () => {
    const client = sdk({ requestChecksumCalculation: "WHEN_REQUIRED" });
    const Key = "incoming/parts.html";
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }),
    );
    // S3's minimum part size is 5 MiB (all but the last part).
    const parts = [Buffer.alloc(5 * 1024 * 1024, 0x62), Buffer.alloc(1024 * 1024, 0x63)];
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      const part = await client.send(
        new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: i + 1, Body: body }),
      );
      etags.push(part.ETag ?? "");
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    expect(await serve.waitFor(/✗ failed\s+parts\.html/)).toContain("TOO_LARGE");
    client.destroy();
  }, 60_000);

  it("refuses unsigned and wrongly signed requests", async () => {
    const anonymous = await fetch(`${serve.endpoint}/${BUCKET}/incoming/${SEED}`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain("<Code>AccessDenied</Code>");

    const client = sdk({ credentials: { ...credentials, secretAccessKey: "wrong" } });
    await expect(
      client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "incoming/" })),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    client.destroy();
  });
});

describe("depeche serve with other clients a user may have (Debian packages)", () => {
  const seed = join(ROOT, "seeds", "001_51d2232ddbd615fb.txt");

  it("boto3: upload_file, paginated list_objects_v2, head and ranged get", async () => {
    const script = `
import json, sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1])
s3.upload_file(sys.argv[2], "${BUCKET}", "incoming/boto3 é+%.txt")
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket="${BUCKET}", Prefix="incoming/boto3", PaginationConfig={"PageSize": 1}):
    keys += [o["Key"] for o in page.get("Contents", [])]
head = s3.head_object(Bucket="${BUCKET}", Key="incoming/boto3 é+%.txt")
part = s3.get_object(Bucket="${BUCKET}", Key="incoming/boto3 é+%.txt", Range="bytes=0-1")["Body"].read()
print(json.dumps({"keys": keys, "length": head["ContentLength"], "part": list(part)}))
`;
    const printed = await runClient(
      debianBinary("python3"),
      ["-c", script, serve.endpoint, seed],
      env,
    );
    const result = JSON.parse(printed) as { keys: string[]; length: number; part: number[] };
    const bytes = await readFile(seed);
    expect(result.length).toBe(bytes.byteLength);
    expect(result.part).toEqual([...bytes.subarray(0, 2)]);
    expect(result.keys).toEqual(["incoming/boto3 é+%.txt"]);
    await serve.waitFor(/✓ enriched boto3 é\+%\.txt/);
  }, 90_000);

  it("s3cmd: put, ls, get", async () => {
    const host = serve.endpoint.replace("http://", "");
    const s3cmd = (...args: string[]) =>
      runClient(
        debianBinary("s3cmd"),
        [
          `--host=${host}`,
          `--host-bucket=${host}`,
          "--no-ssl",
          `--access_key=${credentials.accessKeyId}`,
          `--secret_key=${credentials.secretAccessKey}`,
          `--region=${region}`,
          "--config=/dev/null",
          ...args,
        ],
        env,
      );
    await s3cmd("put", "--quiet", seed, `s3://${BUCKET}/incoming/s3cmd article.txt`);
    await serve.waitFor(/✓ enriched s3cmd article\.txt/);
    expect(await s3cmd("ls", `s3://${BUCKET}/enriched/`)).toContain("s3cmd article.txt.json");
    const out = join(work, "s3cmd.json");
    await s3cmd("get", "--quiet", "--force", `s3://${BUCKET}/enriched/s3cmd article.txt.json`, out);
    expect(EnrichedDocumentSchema.parse(JSON.parse(await readFile(out, "utf8"))).source.key).toBe(
      "incoming/s3cmd article.txt",
    );
  }, 90_000);

  it("rclone: copyto, lsf, cat", async () => {
    const rcloneEnv = {
      ...env,
      RCLONE_CONFIG_DEPECHE_TYPE: "s3",
      RCLONE_CONFIG_DEPECHE_PROVIDER: "Other",
      RCLONE_CONFIG_DEPECHE_ENDPOINT: serve.endpoint,
      RCLONE_CONFIG_DEPECHE_ACCESS_KEY_ID: credentials.accessKeyId,
      RCLONE_CONFIG_DEPECHE_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      RCLONE_CONFIG_DEPECHE_REGION: region,
      RCLONE_CONFIG_DEPECHE_FORCE_PATH_STYLE: "true",
      RCLONE_CONFIG: join(work, "no-rclone.conf"),
    };
    const rclone = (...args: string[]) => runClient(debianBinary("rclone"), args, rcloneEnv);
    await rclone("copyto", seed, `depeche:${BUCKET}/incoming/rclone+été.txt`);
    await serve.waitFor(/✓ enriched rclone\+été\.txt/);
    expect(await rclone("lsf", `depeche:${BUCKET}/enriched/`)).toContain("rclone+été.txt.json");
    const document = EnrichedDocumentSchema.parse(
      JSON.parse(await rclone("cat", `depeche:${BUCKET}/enriched/rclone+été.txt.json`)),
    );
    expect(document.source.key).toBe("incoming/rclone+été.txt");
  }, 90_000);
});
