import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { asError, InputError } from "../core/errors.js";
import { articleName, PREFIX } from "../core/keys.js";
import type { StoredObject } from "../core/ports.js";
import { CliError } from "./exit-codes.js";
import { collectInputs } from "./inputs.js";

/** An `s3://bucket/prefix` location. */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/** S3 bucket naming rules: 3–63 lowercase letters, digits, dots and hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix` → its parts; `undefined` for anything that does not start with `s3://`. */
export function parseS3Location(location: string): S3Location | undefined {
  if (!location.startsWith("s3://")) return undefined;
  const rest = location.slice("s3://".length);
  const slash = rest.indexOf("/");
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? "" : rest.slice(slash + 1);
  if (!BUCKET_NAME.test(bucket)) {
    throw new CliError(`"${location}" does not name an S3 bucket (s3://bucket/prefix)`);
  }
  return { bucket, prefix };
}

/**
 * The article name an object is enriched under: the part after `incoming/` for the pipeline
 * bucket's own uploads, the whole key for an archive bucket (so `2024/05/a.txt` stays apart
 * from `2025/05/a.txt`).
 */
export function articleNameOf(key: string): string {
  return key.startsWith(PREFIX.incoming) ? (articleName("clean", key) ?? key) : key;
}

/** One object to price or replay, read only when asked. */
export interface SourceObject {
  readonly name: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** The bounded read the clean Lambda does: `InputError("TOO_LARGE")` above `maxBytes`. */
  read(maxBytes: number): Promise<StoredObject>;
}

/** The files of a folder (or the files named), as objects of the bucket `local`. */
export async function folderObjects(path: string): Promise<SourceObject[]> {
  const inputs = await collectInputs([path]);
  return Promise.all(
    inputs.map(async (input) => {
      const { size } = await stat(input.path);
      return {
        name: input.name,
        bucket: "local",
        key: `${PREFIX.incoming}${input.name}`,
        size,
        async read(maxBytes: number): Promise<StoredObject> {
          if (size > maxBytes) {
            throw new InputError(
              "TOO_LARGE",
              `The object is ${size} bytes; the limit is ${maxBytes} bytes (MAX_OBJECT_BYTES).`,
            );
          }
          const bytes = new Uint8Array(await readFile(input.path));
          const etag = createHash("md5").update(bytes).digest("hex");
          return { bytes, size: bytes.byteLength, etag };
        },
      };
    }),
  );
}

/** The one line to print for an S3 error the user can fix, or `undefined` for anything else. */
export function s3ProblemOf(error: unknown, location: string): string | undefined {
  const { name, $metadata } = asError(error) as Error & { $metadata?: { httpStatusCode?: number } };
  if (name === "NoSuchBucket") return `no such bucket: ${location}`;
  if (name === "AccessDenied" || $metadata?.httpStatusCode === 403) {
    return `access denied to ${location} (your credentials need s3:ListBucket and s3:GetObject there)`;
  }
  const { code } = error as { code?: string };
  if (code === "ENOTFOUND" || code === "ECONNREFUSED" || code === "EAI_AGAIN") {
    return `cannot reach S3 for ${location} (${code}): check the network, AWS_REGION and AWS_ENDPOINT_URL_S3`;
  }
  if (name === "CredentialsProviderError" || /credential|region/i.test(asError(error).message)) {
    return `${location} needs an AWS region and credentials (aws configure, AWS_PROFILE, or AWS_REGION with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): ${asError(error).message}`;
  }
  return undefined;
}
