import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listKeys } from "../../functions/cli/local-pipeline.js";
import { EnrichedDocumentSchema } from "../../functions/core/document.js";
import { printedVariable, startServe } from "../support/serve-process.js";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const BUCKET = "depeche-local";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "depeche-serve-life-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function clientFor(endpoint: string, banner: string): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: printedVariable(banner, "AWS_REGION"),
    credentials: {
      accessKeyId: printedVariable(banner, "AWS_ACCESS_KEY_ID"),
      secretAccessKey: printedVariable(banner, "AWS_SECRET_ACCESS_KEY"),
    },
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
}

/** `depeche serve` expected to refuse to start: its exit code and stderr. */
async function serveFails(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await exec(process.execPath, [join(ROOT, "bin/depeche.mjs"), "serve", ...args], {
      cwd: ROOT,
      timeout: 60_000,
    });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe("depeche serve: stopping and starting again", () => {
  it("stops cleanly on Ctrl-C and the next serve on the same store finishes what was left", async () => {
    const store = join(work, "store");
    const first = await startServe(["--store", store]);
    const client = clientFor(first.endpoint, first.stdout());
    const seeds = (await readdir(join(ROOT, "seeds"))).sort();
    for (const seed of seeds) {
      await client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `incoming/${seed}`,
          Body: await readFile(join(ROOT, "seeds", seed)),
        }),
      );
    }
    client.destroy();
    expect(await first.interrupt()).toBe(0);
    expect(first.stderr()).toMatch(/^Stopping/m);
    const finishedFirst = seeds.filter((s) => first.stdout().includes(`✓ enriched ${s}`));

    const second = await startServe(["--store", store]);
    const left = seeds.filter((s) => !finishedFirst.includes(s));
    if (left.length > 0) {
      await second.waitFor(new RegExp(`^Resuming ${left.length} article`));
      for (const seed of left)
        await second.waitFor(new RegExp(`✓ enriched ${seed.replace(".", "\\.")}`));
    }
    const again = clientFor(second.endpoint, second.stdout());
    const enriched = await listKeys(again, "enriched/");
    expect(enriched.sort()).toEqual(seeds.map((s) => `enriched/${s}.json`));
    // Nothing half-written: every stage document and result parses.
    for (const key of [
      ...enriched,
      ...(await listKeys(again, "clean/")),
      ...(await listKeys(again, "english/")),
    ]) {
      const object = await again.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const json = JSON.parse((await object.Body?.transformToString()) ?? "");
      if (key.startsWith("enriched/")) EnrichedDocumentSchema.parse(json);
    }
    again.destroy();
    expect(await second.interrupt()).toBe(0);
  }, 180_000);
});

describe("depeche serve --glossary", () => {
  it("translates what clients upload with the glossary, as depeche run does", async () => {
    const terms = join(work, "serve-terms.csv");
    await writeFile(terms, "fr,en\nSotchi,Sochi\n");
    const serve = await startServe(["--glossary", terms]);
    const client = clientFor(serve.endpoint, serve.stdout());
    const seed = "000_26c99712ce6ead19.txt";
    const french = await readFile(join(ROOT, "seeds", seed), "utf8");
    expect(french).toContain("Sotchi");
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `incoming/${seed}`, Body: french }),
    );
    await serve.waitFor(new RegExp(`✓ enriched ${seed.replace(".", "\\.")}`));
    const object = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `enriched/${seed}.json` }),
    );
    const document = EnrichedDocumentSchema.parse(
      JSON.parse((await object.Body?.transformToString()) ?? ""),
    );
    const english = [document.english.title ?? "", ...document.english.paragraphs].join("\n");
    expect(english).toContain("Sochi");
    expect(english).not.toContain("Sotchi");
    expect(document.usage.translate?.glossary?.name).toBe("serve-terms");
    client.destroy();
    expect(await serve.interrupt()).toBe(0);
  }, 120_000);
});

describe("depeche serve: wrong use gets one line and exit 1", () => {
  it("names the line of a bad glossary before starting", async () => {
    const terms = join(work, "bad-terms.csv");
    await writeFile(terms, "fr,en\nSotchi,Sochi\nSotchi,Sotchi\n");
    const { code, stderr } = await serveFails("--port", "0", "--glossary", terms);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^depeche: glossary .*bad-terms\.csv:3: duplicate source term "Sotchi"/,
      ),
    ]);
  }, 60_000);

  it("names a port in use", async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const { code, stderr } = await serveFails("--port", String(port));
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([
        `depeche: port ${port} on 127.0.0.1 is already in use (another depeche serve?): choose another with --port`,
      ]);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it("refuses a store folder that is not a depeche store", async () => {
    const folder = join(work, "photos");
    await mkdir(folder);
    await writeFile(join(folder, "holiday.jpg"), "not a bucket");
    const { code, stderr } = await serveFails("--port", "0", "--store", folder);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^depeche: .*photos is not a depeche store/),
    ]);
    // And leaves it alone.
    expect(await readdir(folder)).toEqual(["holiday.jpg"]);
  }, 60_000);

  it("refuses a file given as the store", async () => {
    const file = join(work, "notes.txt");
    await writeFile(file, "");
    const { code, stderr } = await serveFails("--port", "0", "--store", file);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^depeche: .*notes\.txt is not a depeche store: it is a file, not a folder$/,
      ),
    ]);
  }, 60_000);
});
