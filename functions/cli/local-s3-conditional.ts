/**
 * Conditional PUTs for the embedded S3 server. s3rver ignores `If-Match` / `If-None-Match` on
 * PUT, which S3 honours (conditional writes, 2024) and the story index relies on. This Koa
 * middleware, first in s3rver's chain, answers them as S3 does: 412 PreconditionFailed when
 * `If-None-Match: *` meets an existing object or `If-Match` another ETag, 404 NoSuchKey when
 * `If-Match` meets no object. Conditional writes to one key run one at a time (check and write
 * together), so two concurrent writers cannot both win.
 */

/** What the middleware reads of Koa's context; s3rver sets `store` on every context. */
interface Context {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, unknown>;
  get(header: string): string;
  status: number;
  type: string;
  body: unknown;
  readonly store: {
    getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
  };
}

type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;

function unquote(etag: string): string {
  return etag.trim().replace(/^W\//u, "").replace(/"/gu, "");
}

function s3Error(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** Conditional PUT semantics for s3rver (see the module comment). */
export function conditionalPuts(): Middleware {
  const tails = new Map<string, Promise<unknown>>();
  return async (ctx, next) => {
    const ifMatch = ctx.get("if-match");
    const ifNoneMatch = ctx.get("if-none-match");
    const plainPut =
      ctx.method === "PUT" && ctx.get("x-amz-copy-source") === "" && !("partNumber" in ctx.query);
    if (!plainPut || (ifMatch === "" && ifNoneMatch === "")) return next();
    const [bucket = "", ...rest] = ctx.path.replace(/^\//u, "").split("/");
    const key = rest.map(decodeURIComponent).join("/");
    const id = `${decodeURIComponent(bucket)}/${key}`;
    const run = async (): Promise<void> => {
      const current = await ctx.store.getMetadata(decodeURIComponent(bucket), key).then(
        (metadata) => unquote(metadata.etag),
        () => undefined,
      );
      if (ifNoneMatch !== "" && current !== undefined) {
        return s3Error(
          ctx,
          412,
          "PreconditionFailed",
          "At least one of the pre-conditions you specified did not hold",
        );
      }
      if (ifMatch !== "" && current === undefined) {
        return s3Error(ctx, 404, "NoSuchKey", "The specified key does not exist.");
      }
      if (ifMatch !== "" && unquote(ifMatch) !== current) {
        return s3Error(
          ctx,
          412,
          "PreconditionFailed",
          "At least one of the pre-conditions you specified did not hold",
        );
      }
      await next();
    };
    // One conditional write per key at a time: chain on the previous one.
    const previous = tails.get(id) ?? Promise.resolve();
    const mine = previous.then(run, run);
    const tail = mine.catch(() => undefined);
    tails.set(id, tail);
    try {
      await mine;
    } finally {
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
}
