import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { TranslateClient, TranslateTextCommand } from "@aws-sdk/client-translate";
import { describe, expect, it } from "vitest";
import {
  daemonAddressOf,
  parseTraceHeader,
  type SegmentSink,
  udpSink,
  XRayTracer,
  xrayTracerFromEnvironment,
} from "../../functions/lambda/xray-tracer.js";
import { scriptedClientConfig, scriptedHttp, serviceError } from "../support/scripted-http.js";

const ROOT = "1-67891233-abcdef012345678912345678";
const FUNCTION_SEGMENT = "53995c3f42cd8ad8";
const SAMPLED = `Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=1;Lineage=a87bd80c:1`;

const DAEMON_HEADER = '{"format":"json","version":1}\n';

type Document = Record<string, unknown> & {
  name: string;
  id: string;
  parent_id: string;
  aws?: Record<string, unknown>;
};

/** A sink that keeps every document the daemon would receive, parsed. */
function collectingSink(): SegmentSink & { documents: Document[] } {
  const documents: Document[] = [];
  return {
    documents,
    async send(document) {
      expect(document.startsWith(DAEMON_HEADER)).toBe(true);
      documents.push(JSON.parse(document.slice(DAEMON_HEADER.length)) as Document);
    },
  };
}

/** A tracer on a fixed clock (1 s per reading) and a given trace header. */
function tracerWith(header: string | undefined, sink: SegmentSink, enabled = true) {
  let tick = 1_700_000_000_000;
  return new XRayTracer({
    serviceName: "depeche",
    enabled,
    traceContext: () => parseTraceHeader(header),
    sink,
    now: () => {
      tick += 1000;
      return tick;
    },
  });
}

/** A real Translate client over a scripted edge that also records each request's trace header. */
function translateClient(responses: Parameters<typeof scriptedHttp>[0], maxAttempts = 5) {
  const http = scriptedHttp(responses);
  const traceHeaders: (string | undefined)[] = [];
  const handle = http.requestHandler.handle.bind(http.requestHandler);
  http.requestHandler.handle = async (request) => {
    traceHeaders.push(request.headers["X-Amzn-Trace-Id"]);
    return handle(request);
  };
  return { client: new TranslateClient(scriptedClientConfig(http, maxAttempts)), traceHeaders };
}

const TRANSLATED = {
  status: 200,
  body: { TranslatedText: "Hello.", SourceLanguageCode: "fr", TargetLanguageCode: "en" },
};

const translate = (client: TranslateClient) =>
  client.send(
    new TranslateTextCommand({
      Text: "Bonjour.",
      SourceLanguageCode: "fr",
      TargetLanguageCode: "en",
    }),
  );

describe("XRayTracer", () => {
  it("records the invocation under Lambda's function segment and each SDK command under it", async () => {
    // Prepare: a sampled invocation, a client throttled once before it answers
    const sink = collectingSink();
    const tracer = tracerWith(SAMPLED, sink);
    const { client, traceHeaders } = translateClient([
      serviceError(400, "ThrottlingException"),
      TRANSLATED,
    ]);
    tracer.captureAWSv3Client(client);
    // Act
    const output = await tracer.traceInvocation("## translate", () => translate(client));
    // Assess: the call's subsegment is sent first, then the invocation's; both are complete
    expect(output.TranslatedText).toBe("Hello.");
    const [call, invocation] = sink.documents;
    expect(sink.documents).toHaveLength(2);
    expect(invocation).toMatchObject({
      name: "## translate",
      type: "subsegment",
      trace_id: ROOT,
      parent_id: FUNCTION_SEGMENT,
      annotations: { ColdStart: true, Service: "depeche" },
    });
    expect(call).toMatchObject({
      name: "Translate",
      namespace: "aws",
      type: "subsegment",
      trace_id: ROOT,
      parent_id: invocation?.id,
      aws: { operation: "TranslateText", region: "eu-west-1", retries: 1 },
      http: { response: { status: 200 } },
    });
    expect(call).not.toHaveProperty("error");
    expect(call).not.toHaveProperty("fault");
    for (const document of sink.documents) {
      expect(document.id).toMatch(/^[0-9a-f]{16}$/);
      expect(document.end_time).toBeGreaterThan(document.start_time as number);
    }
    // The service got the trace, its parent being the call's subsegment, on every attempt
    expect(traceHeaders).toEqual(Array(2).fill(`Root=${ROOT};Parent=${call?.id};Sampled=1`));
  });

  it("annotates ColdStart only on the environment's first invocation", async () => {
    const sink = collectingSink();
    const tracer = tracerWith(SAMPLED, sink);
    await tracer.traceInvocation("## clean", async () => "first");
    await tracer.traceInvocation("## clean", async () => "second");
    expect(sink.documents.map((d) => d.annotations)).toEqual([
      { ColdStart: true, Service: "depeche" },
      { ColdStart: false, Service: "depeche" },
    ]);
  });

  it("marks a command the SDK gave up on as a fault, a 4xx as an error, throttling as throttle", async () => {
    const sink = collectingSink();
    const tracer = tracerWith(SAMPLED, sink);
    const unavailable = translateClient([serviceError(503, "ServiceUnavailableException")], 2);
    const throttled = translateClient([serviceError(400, "ThrottlingException", "Rate")], 2);
    const refused = translateClient([serviceError(400, "UnsupportedLanguagePairException")]);
    for (const { client } of [unavailable, throttled, refused]) tracer.captureAWSv3Client(client);
    await tracer.traceInvocation("## translate", async () => {
      for (const { client } of [unavailable, throttled, refused]) {
        await expect(translate(client)).rejects.toThrow();
      }
    });
    const [fault, throttle, error] = sink.documents;
    expect(fault).toMatchObject({
      fault: true,
      aws: { retries: 1 },
      http: { response: { status: 503 } },
    });
    expect(fault).not.toHaveProperty("error");
    expect(throttle).toMatchObject({ error: true, throttle: true });
    expect(error).toMatchObject({ error: true, http: { response: { status: 400 } } });
    expect(error).not.toHaveProperty("throttle");
    expect(error?.cause).toMatchObject({
      exceptions: [{ type: "UnsupportedLanguagePairException", remote: true }],
    });
  });

  it("records the handler's error on the invocation and throws it on", async () => {
    const sink = collectingSink();
    const tracer = tracerWith(SAMPLED, sink);
    const failure = new TypeError("broken");
    await expect(
      tracer.traceInvocation("## analyze", async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    const [invocation] = sink.documents;
    expect(invocation).toMatchObject({ name: "## analyze", fault: true });
    const { exceptions } = (invocation?.cause ?? { exceptions: [] }) as {
      exceptions: Record<string, unknown>[];
    };
    const [exception] = exceptions;
    expect(exception).toMatchObject({ message: "broken", type: "TypeError", remote: false });
    const frames = (exception?.stack ?? []) as { path: string }[];
    expect(frames[0]?.path).toMatch(/xray-tracer\.test\.ts$/);
  });

  it("names the S3 object of a command, never the text it carries", async () => {
    const sink = collectingSink();
    const tracer = tracerWith(SAMPLED, sink);
    let middleware: ((next: unknown, context: unknown) => (args: unknown) => unknown) | undefined;
    const client = {
      middlewareStack: { add: (added: typeof middleware) => (middleware = added) },
      config: { region: async () => "eu-west-3" },
    };
    tracer.captureAWSv3Client(client);
    const next = async () => ({
      output: { $metadata: { httpStatusCode: 200, requestId: "R1", extendedRequestId: "X2" } },
    });
    const context = { clientName: "S3Client", commandName: "PutObjectCommand" };
    const args = {
      input: { Bucket: "depeche-bucket", Key: "clean/a.json", Body: "secret text" },
      request: { headers: {} as Record<string, string> },
    };
    await tracer.traceInvocation("## clean", async () => middleware?.(next, context)(args));
    expect(sink.documents[0]).toMatchObject({ name: "S3" });
    expect(sink.documents[0]?.aws).toEqual({
      operation: "PutObject",
      bucket_name: "depeche-bucket",
      key: "clean/a.json",
      request_id: "R1",
      id_2: "X2",
      region: "eu-west-3",
    });
  });

  it("records nothing for an unsampled invocation, but passes Sampled=0 on to the service", async () => {
    const sink = collectingSink();
    const tracer = tracerWith(`Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=0`, sink);
    const { client, traceHeaders } = translateClient([TRANSLATED]);
    tracer.captureAWSv3Client(client);
    await tracer.traceInvocation("## translate", () => translate(client));
    expect(sink.documents).toEqual([]);
    expect(traceHeaders).toEqual([`Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=0`]);
  });

  it("does nothing when tracing is off or the invocation has no trace header", async () => {
    for (const [header, enabled] of [
      [SAMPLED, false],
      [undefined, true],
    ] as const) {
      const sink = collectingSink();
      const tracer = tracerWith(header, sink, enabled);
      const { client, traceHeaders } = translateClient([TRANSLATED]);
      tracer.captureAWSv3Client(client);
      await tracer.traceInvocation("## translate", () => translate(client));
      expect(sink.documents).toEqual([]);
      expect(traceHeaders).toEqual([undefined]);
    }
  });

  it("never fails an invocation because the daemon cannot be reached", async () => {
    const tracer = tracerWith(SAMPLED, {
      send: async () => {
        throw new Error("EHOSTUNREACH");
      },
    });
    await expect(tracer.traceInvocation("## clean", async () => 42)).resolves.toBe(42);
  });
});

describe("the trace header and the daemon address", () => {
  it("reads Root, Parent and Sampled from Lambda's header", () => {
    expect(parseTraceHeader(SAMPLED)).toEqual({
      root: ROOT,
      parent: FUNCTION_SEGMENT,
      sampled: true,
    });
    expect(parseTraceHeader(`Root=${ROOT};Sampled=1`)).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });

  it("takes the UDP address from either form of AWS_XRAY_DAEMON_ADDRESS", () => {
    expect(daemonAddressOf("169.254.79.129:2000")).toEqual({ host: "169.254.79.129", port: 2000 });
    expect(daemonAddressOf("tcp:127.0.0.1:2000 udp:127.0.0.2:2001")).toEqual({
      host: "127.0.0.2",
      port: 2001,
    });
    expect(daemonAddressOf("")).toBeUndefined();
    expect(daemonAddressOf("no-port")).toBeUndefined();
  });

  it("is on only in a Lambda execution environment with a daemon, unless turned off", () => {
    const lambda = {
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
      AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000",
    };
    expect(xrayTracerFromEnvironment("depeche", lambda).enabled).toBe(true);
    expect(
      xrayTracerFromEnvironment("depeche", { ...lambda, POWERTOOLS_TRACE_ENABLED: "false" })
        .enabled,
    ).toBe(false);
    expect(
      xrayTracerFromEnvironment("depeche", { AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000" }).enabled,
    ).toBe(false);
    expect(
      xrayTracerFromEnvironment("depeche", { AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x" }).enabled,
    ).toBe(false);
  });

  it("sends each document as one UDP datagram to the daemon", async () => {
    const daemon = createSocket("udp4");
    const received = new Promise<string>((resolve) =>
      daemon.once("message", (message) => resolve(message.toString("utf8"))),
    );
    await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
    try {
      const { port } = daemon.address() as AddressInfo;
      const document = `${DAEMON_HEADER}{"name":"## clean"}`;
      await udpSink({ host: "127.0.0.1", port }).send(document);
      expect(await received).toBe(document);
    } finally {
      daemon.close();
    }
  });
});
