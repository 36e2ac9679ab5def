import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * Signature Version 4 check for the embedded S3 server, as S3 does it: the canonical request is
 * rebuilt from the request as it arrived (its path and query, re-encoded the RFC 3986 way, and
 * the headers the client says it signed), signed with the secret of the access key named in the
 * credential scope, and compared with the signature the client sent.
 *
 * Why not s3rver's own check: it rebuilds the path from its route parameters, so a bucket
 * request sent as `/depeche-local/` (how the AWS SDK sends ListObjectsV2) is canonicalised
 * without the trailing slash and every valid signature is refused. The server runs s3rver with
 * its check off and this one in front of it.
 *
 * Chunk signatures of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` bodies are not checked (the seed
 * signature over the headers is); neither are clock skew and presigned expiry. Local use only.
 */
export interface SignedRequest {
  readonly method: string;
  /** Path and query as sent (`req.url`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export type SignatureProblem = {
  readonly status: 400 | 403;
  readonly code: string;
  readonly message: string;
};

const ALGORITHM = "AWS4-HMAC-SHA256";

/** `undefined` when the request is signed with SigV4 by a known key; the S3 error otherwise. */
export function checkSignature(
  request: SignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
): SignatureProblem | undefined {
  const [path = "/", rawQuery = ""] = splitOnce(request.url, "?");
  const query = parseQuery(rawQuery);
  const auth = authorizationOf(request.headers, query);
  if ("problem" in auth) return auth.problem;
  const secret = secretOf(auth.accessKeyId);
  if (secret === undefined) {
    return {
      status: 403,
      code: "InvalidAccessKeyId",
      message: "The AWS Access Key Id you provided does not exist in our records.",
    };
  }
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${headerValue(request.headers, name)}\n`)
    .join("");
  const canonicalRequest = [
    request.method,
    canonicalPath(path),
    canonicalQuery(query, auth.presigned),
    canonicalHeaders,
    auth.signedHeaders.join(";"),
    auth.presigned
      ? "UNSIGNED-PAYLOAD"
      : (headerValue(request.headers, "x-amz-content-sha256") ?? "UNSIGNED-PAYLOAD"),
  ].join("\n");
  const stringToSign = [
    ALGORITHM,
    auth.amzDate,
    auth.scope.join("/"),
    sha256Hex(canonicalRequest),
  ].join("\n");
  const [date = "", region = "", service = ""] = auth.scope;
  const key = signingKey(secret, date, region, service);
  const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
  const provided = Buffer.from(auth.signature);
  if (expected.length === provided.length && timingSafeEqual(expected, provided)) return undefined;
  return {
    status: 403,
    code: "SignatureDoesNotMatch",
    message:
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  };
}

interface Authorization {
  readonly accessKeyId: string;
  readonly scope: string[];
  readonly signedHeaders: string[];
  readonly signature: string;
  readonly amzDate: string;
  readonly presigned: boolean;
}

function authorizationOf(
  headers: IncomingHttpHeaders,
  query: [string, string][],
): Authorization | { problem: SignatureProblem } {
  const header = headerValue(headers, "authorization");
  const param = (name: string) => query.find(([k]) => k === name)?.[1];
  if (header !== undefined) {
    if (!header.startsWith(`${ALGORITHM} `)) {
      return malformed(
        "Only Signature Version 4 (AWS4-HMAC-SHA256) is supported by the local server.",
      );
    }
    const fields = new Map(
      header
        .slice(ALGORITHM.length + 1)
        .split(",")
        .map((part) => splitOnce(part.trim(), "=") as [string, string]),
    );
    const credential = fields.get("Credential");
    const signedHeaders = fields.get("SignedHeaders");
    const signature = fields.get("Signature");
    const amzDate = headerValue(headers, "x-amz-date");
    if (!credential || !signedHeaders || !signature || !amzDate) {
      return malformed("The authorization header is malformed.");
    }
    return fromParts(credential, signedHeaders, signature, amzDate, false);
  }
  if (param("X-Amz-Algorithm") !== undefined) {
    const credential = param("X-Amz-Credential");
    const signedHeaders = param("X-Amz-SignedHeaders");
    const signature = param("X-Amz-Signature");
    const amzDate = param("X-Amz-Date");
    if (param("X-Amz-Algorithm") !== ALGORITHM || !credential || !signedHeaders || !signature) {
      return malformed("Query-string authentication needs the X-Amz-* parameters of SigV4.");
    }
    return fromParts(credential, signedHeaders, signature, amzDate ?? "", true);
  }
  return {
    problem: {
      status: 403,
      code: "AccessDenied",
      message: "Anonymous requests are refused: sign with the credentials depeche serve printed.",
    },
  };
}

function fromParts(
  credential: string,
  signedHeaders: string,
  signature: string,
  amzDate: string,
  presigned: boolean,
): Authorization | { problem: SignatureProblem } {
  const parts = credential.split("/");
  if (parts.length !== 5) return malformed("The credential scope is malformed.");
  const [accessKeyId = "", ...scope] = parts;
  return {
    accessKeyId,
    scope,
    signedHeaders: signedHeaders.split(";"),
    signature,
    amzDate,
    presigned,
  };
}

function malformed(message: string): { problem: SignatureProblem } {
  return { problem: { status: 400, code: "AuthorizationHeaderMalformed", message } };
}

/** Each segment decoded, then encoded once the RFC 3986 way (S3 does not double-encode). */
function canonicalPath(path: string): string {
  return path
    .split("/")
    .map((segment) => encodeRfc3986(safeDecode(segment)))
    .join("/");
}

function canonicalQuery(query: [string, string][], presigned: boolean): string {
  return query
    .filter(([key]) => !(presigned && key === "X-Amz-Signature"))
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

function parseQuery(raw: string): [string, string][] {
  if (raw === "") return [];
  return raw.split("&").map((pair) => {
    const [key = "", value = ""] = splitOnce(pair, "=");
    return [safeDecode(key), safeDecode(value)];
  });
}

/** Header values trimmed with inner runs of spaces folded, as SigV4 canonicalises them. */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const joined = Array.isArray(value) ? value.join(",") : value;
  return joined.trim().replace(/\s+/g, " ");
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function splitOnce(text: string, separator: string): string[] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + separator.length)];
}

/** Byte order, as SigV4 sorts (not locale order). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Derived signing keys by secret and scope: four HMACs that change once a day per client, out of
 * the five a request's check costs. A handful of scopes at most (one key pair, a region or two).
 */
const signingKeys = new Map<string, Buffer | string>();
const SIGNING_KEYS_KEPT = 16;

function signingKey(secret: string, date: string, region: string, service: string) {
  const id = [secret, date, region, service].join("\n");
  let key = signingKeys.get(id);
  if (key === undefined) {
    key = [date, region, service, "aws4_request"].reduce<Buffer | string>(
      (k, part) => hmac(k, part),
      `AWS4${secret}`,
    );
    if (signingKeys.size >= SIGNING_KEYS_KEPT) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}
