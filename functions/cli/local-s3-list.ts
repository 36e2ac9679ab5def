import type { ServerResponse } from "node:http";

/**
 * ListObjectsV2 for the embedded server, over s3rver's file store. s3rver answers it itself
 * except for one thing: its continuation tokens are DES-encrypted, and OpenSSL 3 (Node ≥ 17)
 * has no DES without the legacy provider, so every truncated listing (more than `max-keys`,
 * or more than 1,000 objects) failed with an InternalError. Here the token is the last key
 * returned, base64url-encoded (opaque to clients, as S3's is), and `encoding-type=url` is
 * honoured (s3rver ignores it; the AWS CLI asks for it on every listing).
 */
export interface ListingStore {
  getBucket(bucket: string): Promise<unknown>;
  listObjects(
    bucket: string,
    options: { prefix?: string; delimiter?: string; startAfter?: string; maxKeys?: number },
  ): Promise<{
    objects: {
      key: string;
      size: number;
      lastModifiedDate: Date;
      metadata: { etag: string };
    }[];
    commonPrefixes: string[];
    isTruncated: boolean;
  }>;
}

/** S3's page size cap. */
const MAX_KEYS = 1000;

export async function listObjectsV2(
  store: ListingStore,
  bucket: string,
  query: URLSearchParams,
  response: ServerResponse,
): Promise<void> {
  if (!(await store.getBucket(bucket))) {
    response.writeHead(404, { "content-type": "application/xml" });
    response.end(errorXml("NoSuchBucket", "The specified bucket does not exist"));
    return;
  }
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const token = query.get("continuation-token");
  const startAfter = token
    ? Buffer.from(token, "base64url").toString("utf8")
    : (query.get("start-after") ?? "");
  const requested = Number(query.get("max-keys") ?? MAX_KEYS);
  if (!Number.isInteger(requested) || requested < 0) {
    response.writeHead(400, { "content-type": "application/xml" });
    response.end(errorXml("InvalidArgument", "max-keys must be a non-negative integer"));
    return;
  }
  const maxKeys = Math.min(MAX_KEYS, requested);
  const result =
    maxKeys === 0
      ? { objects: [], commonPrefixes: [], isTruncated: false }
      : await store.listObjects(bucket, {
          prefix,
          delimiter,
          startAfter,
          maxKeys,
        });
  const url = query.get("encoding-type") === "url";
  const text = (value: string) => escapeXml(url ? encodeKey(value) : value);
  const last = [...result.objects.map((o) => o.key), ...result.commonPrefixes].sort().at(-1);
  const next = result.isTruncated && last ? Buffer.from(last, "utf8").toString("base64url") : "";
  const element = (name: string, value: string | number) => `<${name}>${value}</${name}>`;
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    element("Name", escapeXml(bucket)),
    element("Prefix", text(prefix)),
    token ? element("ContinuationToken", escapeXml(token)) : "",
    !token && query.has("start-after") ? element("StartAfter", text(startAfter)) : "",
    next ? element("NextContinuationToken", next) : "",
    element("KeyCount", result.objects.length + result.commonPrefixes.length),
    element("MaxKeys", maxKeys),
    delimiter ? element("Delimiter", text(delimiter)) : "",
    url ? element("EncodingType", "url") : "",
    element("IsTruncated", String(result.isTruncated)),
    ...result.objects.map(
      (o) =>
        `<Contents>${element("Key", text(o.key))}${element("LastModified", o.lastModifiedDate.toISOString())}${element("ETag", escapeXml(o.metadata.etag))}${element("Size", o.size)}<StorageClass>STANDARD</StorageClass></Contents>`,
    ),
    ...result.commonPrefixes.map(
      (p) => `<CommonPrefixes>${element("Prefix", text(p))}</CommonPrefixes>`,
    ),
    "</ListBucketResult>",
  ];
  response.writeHead(200, { "content-type": "application/xml" });
  response.end(parts.join(""));
}

/** S3's `encoding-type=url`: form-style escaping, `/` kept. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+");
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** The five XML special characters (S3 object keys may hold any of them). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`;
}
