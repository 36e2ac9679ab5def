import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import type { Socket } from "node:dgram";

/**
 * X-Ray subsegments for a stage Lambda, sent to the daemon Lambda runs next to every traced
 * function (ADR 0001). Lambda's active tracing already records the function's own segment
 * (initialization, invocation, overhead); this adds what operators read inside it:
 *   - one `## <stage>` subsegment per invocation, annotated `ColdStart` and `Service`, with the
 *     error (its `cause`) when the handler throws;
 *   - one subsegment per AWS SDK command (`S3`, `Translate`, `Comprehend`: namespace `aws`,
 *     operation, region, request id, retries, HTTP status, error/throttle/fault flags), with the
 *     trace header passed on to the service.
 * These are the subsegments Powertools Tracer recorded, without the X-Ray SDK under it: that SDK
 * (CommonJS, cls-hooked's async hooks, sampling pollers, plugins, the SDK v2 patcher) cost about
 * 11 ms of CPU at every cold start, a quarter of the SDK clients' own (ADR 0007 has the profile).
 */

/** The fields of the trace header Lambda gives each invocation (`_X_AMZN_TRACE_ID`). */
export interface TraceContext {
  /** `Root`: the trace id, `1-<hex time>-<24 hex>`. */
  readonly root: string;
  /** `Parent`: the id of Lambda's function segment, which our subsegments hang under. */
  readonly parent: string;
  /** `Sampled=1`: X-Ray keeps this trace; otherwise nothing is recorded, only passed on. */
  readonly sampled: boolean;
}

/** Where subsegment documents go: the daemon's UDP port, or a test's collector. */
export interface SegmentSink {
  send(document: string): Promise<void>;
}

export interface XRayTracerOptions {
  readonly serviceName: string;
  /** Off outside Lambda and when `POWERTOOLS_TRACE_ENABLED=false` (`xrayTracerFromEnvironment`). */
  readonly enabled: boolean;
  /** The current invocation's trace header fields (read per invocation, not at cold start). */
  readonly traceContext: () => TraceContext | undefined;
  readonly sink: SegmentSink;
  /** Milliseconds since the epoch; X-Ray times are seconds with a fraction. */
  readonly now?: () => number;
}

/** What `captureAWSv3Client` needs of an SDK v3 client: its middleware stack and region. */
export interface CapturableClient {
  // biome-ignore lint/suspicious/noExplicitAny: every client's overloaded `add` fits this
  readonly middlewareStack: { add(...args: any[]): void };
  readonly config: { readonly region?: unknown };
}

/** The one SDK middleware signature used here: a build-step middleware of any command. */
type BuildMiddleware = (
  next: (args: CommandArgs) => Promise<unknown>,
  context: { readonly clientName?: string; readonly commandName?: string },
) => (args: CommandArgs) => Promise<unknown>;

interface CommandArgs {
  readonly input?: unknown;
  readonly request?: unknown;
}

/** One X-Ray subsegment, sent on its own ("independent subsegment") when it closes. */
interface Subsegment {
  name: string;
  id: string;
  trace_id: string;
  parent_id: string;
  type: "subsegment";
  start_time: number;
  end_time?: number;
  namespace?: "aws";
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, string | number>;
  http?: { response: { status: number } };
  error?: true;
  throttle?: true;
  fault?: true;
  cause?: { working_directory: string; exceptions: CapturedException[] };
}

interface CapturedException {
  id: string;
  message: string;
  type: string;
  remote: boolean;
  stack: { path: string; line: number; label: string }[];
}

/** What one invocation records: its trace, its `## stage` subsegment, the sends in flight. */
interface Invocation {
  readonly trace: TraceContext;
  readonly parent: Subsegment | undefined;
  readonly sends: Promise<void>[];
}

/** The daemon's documents are one JSON header line, then the segment. */
const DAEMON_HEADER = '{"format":"json","version":1}\n';

/** Stack frames kept per exception: enough to find the line, small enough for one datagram. */
const MAX_STACK_FRAMES = 20;

const MIDDLEWARE_NAME = "depecheXRaySubsegment";

export class XRayTracer {
  readonly #options: XRayTracerOptions;
  readonly #now: () => number;
  readonly #current = new AsyncLocalStorage<Invocation>();
  #coldStart = true;

  constructor(options: XRayTracerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.#options.enabled;
  }

  /**
   * Runs one invocation inside a `name` subsegment of Lambda's function segment. The
   * subsegments of the invocation are sent before it returns, so none waits for a thawed
   * environment. Without tracing, or without a trace header, `run` runs alone.
   */
  async traceInvocation<T>(name: string, run: () => Promise<T>): Promise<T> {
    const coldStart = this.#coldStart;
    this.#coldStart = false;
    const trace = this.#options.enabled ? this.#options.traceContext() : undefined;
    if (trace === undefined) return run();
    const parent = trace.sampled ? this.#open(name, trace, trace.parent) : undefined;
    if (parent !== undefined) {
      parent.annotations = { ColdStart: coldStart, Service: this.#options.serviceName };
    }
    const invocation: Invocation = { trace, parent, sends: [] };
    try {
      return await this.#current.run(invocation, run);
    } catch (error) {
      if (parent !== undefined) {
        parent.fault = true;
        parent.cause = causeOf(error, false);
      }
      throw error;
    } finally {
      if (parent !== undefined) invocation.sends.push(this.#close(parent));
      await Promise.allSettled(invocation.sends);
    }
  }

  /**
   * Records every command of `client` as a subsegment of the current invocation's. Added at the
   * SDK's build step, so one subsegment spans a command's retries and says how many there were.
   */
  captureAWSv3Client<C extends CapturableClient>(client: C): C {
    const middleware: BuildMiddleware = (next, context) => async (args) => {
      const invocation = this.#current.getStore();
      if (invocation === undefined) return next(args);
      const { trace, parent } = invocation;
      const service = (context.clientName ?? "AWS").replace(/Client$/, "");
      const segment = parent === undefined ? undefined : this.#open(service, trace, parent.id);
      setTraceHeader(args.request, trace, segment?.id ?? trace.parent);
      if (segment === undefined) return next(args);
      segment.namespace = "aws";
      const aws: Record<string, string | number> = {
        operation: (context.commandName ?? "").replace(/Command$/, ""),
        ...objectOf(args.input),
      };
      try {
        const result = await next(args);
        recordResponse(segment, aws, metadataOf((result as { output?: unknown })?.output));
        return result;
      } catch (error) {
        const status = recordResponse(segment, aws, metadataOf(error));
        if (isThrottling(error, status)) segment.throttle = true;
        if (status === undefined || status >= 500) segment.fault = true;
        else segment.error = true;
        segment.cause = causeOf(error, true);
        throw error;
      } finally {
        const region = await regionOf(client);
        if (region !== undefined) aws.region = region;
        segment.aws = aws;
        invocation.sends.push(this.#close(segment));
      }
    };
    client.middlewareStack.add(middleware, {
      step: "build",
      name: MIDDLEWARE_NAME,
      override: true,
    });
    return client;
  }

  #open(name: string, trace: TraceContext, parentId: string): Subsegment {
    return {
      name,
      id: randomBytes(8).toString("hex"),
      trace_id: trace.root,
      parent_id: parentId,
      type: "subsegment",
      start_time: this.#now() / 1000,
    };
  }

  #close(segment: Subsegment): Promise<void> {
    segment.end_time = this.#now() / 1000;
    // A lost trace must never fail an article.
    return this.#options.sink.send(DAEMON_HEADER + JSON.stringify(segment)).catch(() => {});
  }
}

/**
 * The current invocation's trace header, as Lambda gives it: in the invoke store of newer
 * runtimes, else in `_X_AMZN_TRACE_ID` (`Root=…;Parent=…;Sampled=1`).
 */
export function traceContextFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): TraceContext | undefined {
  return parseTraceHeader(invokeStoreTraceId() ?? env._X_AMZN_TRACE_ID);
}

/** Newer Node runtimes keep the trace header in a per-invocation store on `globalThis.awslambda`. */
function invokeStoreTraceId(): string | undefined {
  const runtime = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): unknown } } })
    .awslambda;
  const id = runtime?.InvokeStore?.getXRayTraceId();
  return typeof id === "string" ? id : undefined;
}

export function parseTraceHeader(header: string | undefined): TraceContext | undefined {
  const fields = new Map(
    (header ?? "").split(";").map((field) => {
      const at = field.indexOf("=");
      return [field.slice(0, at).trim(), field.slice(at + 1).trim()] as const;
    }),
  );
  const root = fields.get("Root");
  const parent = fields.get("Parent");
  if (!root || !parent) return undefined;
  return { root, parent, sampled: fields.get("Sampled") === "1" };
}

/**
 * The tracer of a deployed stage: on in a Lambda execution environment (`AWS_EXECUTION_ENV`)
 * unless `POWERTOOLS_TRACE_ENABLED=false`, as Powertools Tracer decided; it sends to
 * `AWS_XRAY_DAEMON_ADDRESS`, which Lambda sets when active tracing is on.
 */
export function xrayTracerFromEnvironment(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): XRayTracer {
  const daemon = daemonAddressOf(env.AWS_XRAY_DAEMON_ADDRESS);
  const enabled =
    (env.AWS_EXECUTION_ENV ?? "") !== "" &&
    (env.POWERTOOLS_TRACE_ENABLED ?? "").toLowerCase() !== "false" &&
    env.AWS_SAM_LOCAL === undefined &&
    daemon !== undefined;
  return new XRayTracer({
    serviceName,
    enabled,
    traceContext: traceContextFromEnvironment,
    sink: daemon === undefined ? { send: async () => {} } : udpSink(daemon),
  });
}

/** `host:port`, or the daemon's two-address form `tcp:host:port udp:host:port`. */
export function daemonAddressOf(
  address: string | undefined,
): { host: string; port: number } | undefined {
  if (address === undefined || address.trim() === "") return undefined;
  const parts = address.trim().split(/\s+/);
  const udp = parts.length > 1 ? parts.find((part) => part.startsWith("udp:"))?.slice(4) : parts[0];
  const match = udp?.match(/^(.+):(\d+)$/);
  if (match === null || match === undefined) return undefined;
  return { host: match[1] as string, port: Number(match[2]) };
}

/**
 * One socket per environment, made on the first send and never holding the process open.
 * `node:dgram` is loaded then too (≈ 1 ms of CPU): only a sampled, traced invocation sends.
 */
export function udpSink(daemon: { host: string; port: number }): SegmentSink {
  let socket: Promise<Socket> | undefined;
  return {
    async send(document) {
      socket ??= import("node:dgram").then(({ createSocket }) => {
        const made = createSocket("udp4");
        made.unref();
        return made;
      });
      const open = await socket;
      await new Promise<void>((resolve, reject) =>
        open.send(document, daemon.port, daemon.host, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    },
  };
}

function setTraceHeader(request: unknown, trace: TraceContext, parentId: string): void {
  const headers = (request as { headers?: unknown } | undefined)?.headers;
  if (typeof headers !== "object" || headers === null) return;
  (headers as Record<string, string>)["X-Amzn-Trace-Id"] =
    `Root=${trace.root};Parent=${parentId};Sampled=${trace.sampled ? "1" : "0"}`;
}

/** What X-Ray shows of a command's input: the S3 object it names, nothing of the text. */
function objectOf(input: unknown): Record<string, string> {
  const { Bucket, Key } = (input ?? {}) as { Bucket?: unknown; Key?: unknown };
  return {
    ...(typeof Bucket === "string" ? { bucket_name: Bucket } : {}),
    ...(typeof Key === "string" ? { key: Key } : {}),
  };
}

interface ResponseMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly extendedRequestId?: string;
  readonly attempts?: number;
}

function metadataOf(value: unknown): ResponseMetadata {
  return ((value as { $metadata?: ResponseMetadata } | undefined)?.$metadata ??
    {}) as ResponseMetadata;
}

/** Fills the `aws` and `http` blocks from the SDK's `$metadata`; returns the HTTP status. */
function recordResponse(
  segment: Subsegment,
  aws: Record<string, string | number>,
  metadata: ResponseMetadata,
): number | undefined {
  if (metadata.requestId !== undefined) aws.request_id = metadata.requestId;
  if (metadata.extendedRequestId !== undefined) aws.id_2 = metadata.extendedRequestId;
  if (metadata.attempts !== undefined) aws.retries = Math.max(0, metadata.attempts - 1);
  const status = metadata.httpStatusCode;
  if (status !== undefined) segment.http = { response: { status } };
  return status;
}

function isThrottling(error: unknown, status: number | undefined): boolean {
  const { name, $retryable } = (error ?? {}) as { name?: unknown; $retryable?: unknown };
  return (
    status === 429 ||
    ($retryable as { throttling?: unknown } | undefined)?.throttling === true ||
    (typeof name === "string" && /Throttl|TooManyRequests|RequestLimitExceeded/.test(name))
  );
}

async function regionOf(client: CapturableClient): Promise<string | undefined> {
  try {
    const region = client.config.region;
    const value = typeof region === "function" ? await region() : region;
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The exception as X-Ray's `cause` block: message, type and the parsed stack frames. */
function causeOf(error: unknown, remote: boolean): Subsegment["cause"] {
  const e = error instanceof Error ? error : new Error(String(error));
  const stack = (e.stack ?? "")
    .split("\n")
    .slice(1, MAX_STACK_FRAMES + 1)
    .map((line) => {
      const frame = line.trim().replace(/^at /, "");
      const located =
        frame.match(/^(.*?) \((.*):(\d+):\d+\)$/) ?? frame.match(/^()(.*):(\d+):\d+$/);
      return located === null
        ? { path: frame, line: 0, label: "anonymous" }
        : {
            path: located[2] as string,
            line: Number(located[3]),
            label: located[1] || "anonymous",
          };
    });
  return {
    working_directory: process.cwd(),
    exceptions: [
      { id: randomBytes(8).toString("hex"), message: e.message, type: e.name, remote, stack },
    ],
  };
}
