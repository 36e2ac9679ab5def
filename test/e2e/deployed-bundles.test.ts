import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createServer as createHttp2Server, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import S3rver from "@20minutes/s3rver";
import { S3Client } from "@aws-sdk/client-s3";
import type { SQSBatchResponse } from "aws-lambda";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BEDROCK_MAX_ATTEMPTS } from "../../functions/adapters/aws/bedrock-summarizer.js";
import { S3ArticleStore } from "../../functions/adapters/aws/s3-store.js";
import { keysFor, STAGES, type Stage } from "../../functions/core/keys.js";
import { METRIC_NAMESPACE, metricDimensions } from "../../functions/core/metrics.js";
import { DEFAULT_SETTINGS } from "../../functions/core/settings.js";
import { lambdaBuildOptions } from "../../infra/bundling.js";
import { notificationFor, sqsEvent } from "../support/sqs-events.js";
import { validateEnriched } from "../support/validate-enriched.js";

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const BUCKET = "depeche-bundle-test";

/** One CloudWatch embedded-metric-format line: the directive, then dimensions and values. */
type EmfLine = Record<string, unknown> & {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
  };
};

/** The metric values of the EMF lines whose dimension set is exactly `dimensions`. */
function metricsOf(
  lines: readonly EmfLine[],
  dimensions: Record<string, string>,
): Record<string, unknown>[] {
  const names = Object.keys(dimensions).sort();
  return lines
    .filter((line) => {
      const directive = line._aws.CloudWatchMetrics[0];
      return (
        directive?.Namespace === METRIC_NAMESPACE &&
        directive.Dimensions.length === 1 &&
        JSON.stringify([...(directive.Dimensions[0] ?? [])].sort()) === JSON.stringify(names) &&
        Object.entries(dimensions).every(([name, value]) => line[name] === value)
      );
    })
    .map((line) =>
      Object.fromEntries(
        (line._aws.CloudWatchMetrics[0]?.Metrics ?? []).map(({ Name }) => [Name, line[Name]]),
      ),
    );
}

/** What the fake Translate and Comprehend endpoints received, by operation. */
type Calls = Record<string, Record<string, unknown>[]>;

/**
 * Amazon Translate and Comprehend at the wire: their JSON protocol (`X-Amz-Target` names the
 * operation), on 127.0.0.1. TranslateText marks each paragraph "[en]"; the Batch* operations
 * answer every document with one key phrase, one entity and a neutral sentiment. `throttle`
 * says how many of the next calls of an operation answer ThrottlingException instead.
 */
function fakeAwsJsonServices(calls: Calls, throttle: Record<string, number>): Server {
  const answer = (operation: string, input: Record<string, unknown>): unknown => {
    const texts = (input.TextList ?? []) as string[];
    switch (operation) {
      case "TranslateText":
        return {
          TranslatedText: String(input.Text)
            .split("\n\n")
            .map((paragraph) => `[en] ${paragraph}`)
            .join("\n\n"),
          SourceLanguageCode: input.SourceLanguageCode,
          TargetLanguageCode: input.TargetLanguageCode,
        };
      case "BatchDetectKeyPhrases":
        return {
          ResultList: texts.map((_, Index) => ({
            Index,
            KeyPhrases: [{ Text: "diplomatie russe", Score: 0.97, BeginOffset: 0, EndOffset: 16 }],
          })),
          ErrorList: [],
        };
      case "BatchDetectSentiment":
        return {
          ResultList: texts.map((_, Index) => ({
            Index,
            Sentiment: "NEUTRAL",
            SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.8, Mixed: 0 },
          })),
          ErrorList: [],
        };
      case "BatchDetectTargetedSentiment":
        // English entities come from here (the analyze stage sends no BatchDetectEntities)
        return {
          ResultList: texts.map((_, Index) => ({
            Index,
            Entities: [
              {
                DescriptiveMentionIndex: [0],
                Mentions: [
                  {
                    Text: "Ankara",
                    Type: "LOCATION",
                    Score: 0.99,
                    GroupScore: 1,
                    BeginOffset: 0,
                    EndOffset: 6,
                    MentionSentiment: {
                      Sentiment: "NEUTRAL",
                      SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.8, Mixed: 0 },
                    },
                  },
                ],
              },
            ],
          })),
          ErrorList: [],
        };
      default:
        return undefined;
    }
  };
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const operation = String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      if ((throttle[operation] ?? 0) > 0) {
        // Throttled as the services do it; the SDK's retry strategy is expected to resend.
        throttle[operation] = (throttle[operation] ?? 0) - 1;
        calls[`${operation}:throttled`] = [...(calls[`${operation}:throttled`] ?? []), input];
        response.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
        response.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
        return;
      }
      const output = answer(operation, input);
      calls[operation] = [...(calls[operation] ?? []), input];
      response.writeHead(output === undefined ? 400 : 200, {
        "content-type": "application/x-amz-json-1.1",
      });
      response.end(JSON.stringify(output ?? { __type: "UnknownOperationException" }));
    });
  });
}

/** What the fake Bedrock Runtime received and answered, one entry per request. */
interface ConverseCall {
  readonly modelId: string;
  readonly input: Record<string, unknown>;
  readonly status: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Fake Bedrock models, by id: each answers every Converse request the same way. */
const MODELS = {
  grounded: "fake.grounded-v1:0",
  wrongNumber: "fake.wrong-number-v1:0",
  malformed: "fake.malformed-v1:0",
  throttled: "fake.throttled-v1:0",
} as const;

/** The English article the Bedrock cases summarise (uploaded in English: no translation). */
const FERRY_ARTICLE = [
  "Harbour council approves a new ferry line",
  "The harbour council of Portsmouth approved a new ferry line to Cherbourg on Tuesday evening after a long debate. The service will start in March with two crossings a day.",
  "The project will cost 42 million pounds, according to the finance director of the council, Helen Marsh. Local businesses welcomed the decision, while residents near the terminal worried about traffic.",
  "Opponents said the council had ignored a study showing that demand for crossings had fallen over the last five years. The council replied that the study predated the closure of the old road bridge.",
].join("\n\n");

const GROUNDED_SENTENCES = [
  {
    text: "The harbour council of Portsmouth approved a ferry line to Cherbourg that starts in March.",
    paragraphs: [1],
  },
  {
    text: "The project will cost 42 million pounds, according to finance director Helen Marsh.",
    paragraphs: [2],
  },
];

/** A sentence whose number (57 million) is not in the paragraph it cites (42 million is). */
const WRONG_NUMBER_SENTENCE = {
  text: "The ferry project will cost 57 million pounds.",
  paragraphs: [2],
};

/**
 * Amazon Bedrock Runtime's Converse operation at the wire (REST JSON: POST
 * /model/{modelId}/converse) over HTTP/2, on 127.0.0.1, answering as the real service does: the message's
 * content blocks, the stop reason, the token usage and the latency. Token counts are derived
 * from the request so that each answer bills something different, and recorded.
 */
function fakeBedrockRuntime(calls: ConverseCall[]): Http2Server {
  const answerText = (modelId: string): string | undefined => {
    switch (modelId) {
      case MODELS.grounded:
        return JSON.stringify({ sentences: GROUNDED_SENTENCES });
      case MODELS.wrongNumber:
        return JSON.stringify({ sentences: [GROUNDED_SENTENCES[0], WRONG_NUMBER_SENTENCE] });
      case MODELS.malformed:
        return "Here is a summary: the council approved a ferry line.";
      default:
        return undefined;
    }
  };
  // The Bedrock Runtime client speaks HTTP/2 (cleartext, with prior knowledge, to an http: URL).
  return createHttp2Server((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const input = JSON.parse(body || "{}") as Record<string, unknown>;
      const match = /^\/model\/([^/]+)\/converse$/.exec(request.url ?? "");
      const modelId = decodeURIComponent(match?.[1] ?? "");
      const text = match === null ? undefined : answerText(modelId);
      if (text === undefined) {
        const throttled = modelId === MODELS.throttled;
        calls.push({
          modelId,
          input,
          status: throttled ? 429 : 404,
          inputTokens: 0,
          outputTokens: 0,
        });
        const type = throttled ? "ThrottlingException" : "ResourceNotFoundException";
        response.writeHead(throttled ? 429 : 404, {
          "content-type": "application/json",
          "x-amzn-errortype": type,
        });
        response.end(
          JSON.stringify({
            message: throttled
              ? "Too many requests, please wait before trying again."
              : "Model not found",
          }),
        );
        return;
      }
      const inputTokens = Math.ceil(body.length / 4);
      const outputTokens = Math.ceil(text.length / 4);
      calls.push({ modelId, input, status: 200, inputTokens, outputTokens });
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          output: { message: { role: "assistant", content: [{ text }] } },
          stopReason: "end_turn",
          usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
          metrics: { latencyMs: 412 },
        }),
      );
    });
  });
}

/**
 * The Lambdas as they deploy — the split bundles `lambdaBuildOptions` writes — each run in a
 * fresh Node process against the embedded S3 server over the S3 wire protocol (and fake
 * Translate/Comprehend endpoints), configured only through the environment, like Lambda.
 */
describe("the deployed bundles, over the wire", () => {
  let work: string;
  let server: S3rver;
  let services: Server;
  let bedrock: Http2Server;
  const calls: Calls = {};
  const converseCalls: ConverseCall[] = [];
  const throttle: Record<string, number> = {};
  let store: S3ArticleStore;
  let env: NodeJS.ProcessEnv;
  const bundles = {} as Record<Stage, string>;

  /**
   * Invokes a stage's bundled handler with an SQS event, in a fresh Node process; resolves with
   * its response and the embedded-metric-format lines it printed (Powertools Metrics).
   */
  async function invoke(
    stage: Stage,
    keys: readonly string[],
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<SQSBatchResponse & { emf: EmfLine[] }> {
    const event = sqsEvent(
      ...(await Promise.all(keys.map((key) => notificationFor(store, BUCKET, key)))),
    );
    const script = [
      `const { handler } = await import(${JSON.stringify(join(bundles[stage], "index.mjs"))});`,
      "const event = JSON.parse(process.argv[1]);",
      'process.stdout.write("\\nRESULT " + JSON.stringify(await handler(event)) + "\\n");',
    ].join("\n");
    const { stdout } = await exec(
      process.execPath,
      ["--input-type=module", "-e", script, JSON.stringify(event)],
      { env: { ...env, ...extraEnv }, timeout: 60_000 },
    );
    const lines = stdout.split("\n").filter((line) => line.trim() !== "");
    const result = lines.find((line) => line.startsWith("RESULT "))?.slice("RESULT ".length);
    const emf = lines
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as EmfLine)
      .filter((line) => line._aws !== undefined);
    return { ...(JSON.parse(result ?? "null") as SQSBatchResponse), emf };
  }

  const json = async (key: string) => {
    const object = await store.get(key);
    return object === undefined ? undefined : JSON.parse(new TextDecoder().decode(object.bytes));
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "depeche-bundles-"));
    for (const stage of STAGES) {
      bundles[stage] = join(work, stage);
      await build(lambdaBuildOptions(`functions/lambda/${stage}.ts`, bundles[stage]));
    }
    services = fakeAwsJsonServices(calls, throttle);
    await new Promise<void>((resolve) => services.listen(0, "127.0.0.1", resolve));
    const servicesUrl = `http://127.0.0.1:${(services.address() as AddressInfo).port}`;
    bedrock = fakeBedrockRuntime(converseCalls);
    await new Promise<void>((resolve) => bedrock.listen(0, "127.0.0.1", resolve));
    const bedrockUrl = `http://127.0.0.1:${(bedrock.address() as AddressInfo).port}`;
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
      AWS_ENDPOINT_URL_TRANSLATE: servicesUrl,
      AWS_ENDPOINT_URL_COMPREHEND: servicesUrl,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrockUrl,
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
    await new Promise((resolve) => services?.close(resolve));
    await new Promise((resolve) => bedrock?.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  const UPLOADS = {
    french: "incoming/revue de presse/Poutine à Sotchi +1.txt",
    page: "incoming/pages/politique.html",
    references: "incoming/references.txt",
    german: "incoming/deutsch.txt",
  } as const;

  it("clean: cleans text, pages and references, and fails a German text naming its language", async () => {
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
    // Each upload takes another lazily loaded chunk: plain French text (none), a page (the HTML
    // reader), character references (the entity tables), German (franc-min). A broken chunk or
    // dynamic import fails this.
    const response = await invoke("clean", Object.values(UPLOADS));
    expect(response.batchItemFailures).toEqual([]);

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
    // One EMF line per article: three done, one failed, and the failure once more by its code.
    expect(metricsOf(response.emf, metricDimensions("clean"))).toEqual([
      ...Array(3).fill({
        ArticlesSucceeded: 1,
        ArticlesFailed: 0,
        ArticlesRetried: 0,
        ArticlesSkipped: 0,
      }),
      { ArticlesSucceeded: 0, ArticlesFailed: 1, ArticlesRetried: 0, ArticlesSkipped: 0 },
    ]);
    expect(metricsOf(response.emf, metricDimensions("clean", "UNSUPPORTED_LANGUAGE"))).toEqual([
      { ArticlesFailed: 1 },
    ]);
    expect(failure.reason).toContain('"de"');
    expect(await cleaned(UPLOADS.german)).toBeUndefined();
  }, 90_000);

  it("clean → translate → analyze: a valid v1 enriched document, billed as the services saw it", async () => {
    const name = "chaine/Poutine à Sotchi.txt";
    await store.put(
      `incoming/${name}`,
      await readFile(join(ROOT, "seeds/004_c0c2a675c781d31b.txt")),
    );
    const keys = keysFor(name);

    expect((await invoke("clean", [`incoming/${name}`])).batchItemFailures).toEqual([]);
    // Translate throttles the first request: the SDK's retry strategy resends it.
    throttle.TranslateText = 1;
    const translated = await invoke("translate", [keys.clean]);
    expect(translated.batchItemFailures).toEqual([]);
    const analyzed = await invoke("analyze", [keys.english]);
    expect(analyzed.batchItemFailures).toEqual([]);

    const enriched = await json(keys.enriched);
    expect(validateEnriched(enriched)).toEqual([]);
    expect(enriched.source.key).toBe(`incoming/${name}`);
    expect(enriched.english.paragraphs.every((p: string) => p.startsWith("[en] "))).toBe(true);
    // The fake answers offsets 0–16 for every document; the core finds the phrase where it is.
    expect(enriched.keyPhrases[0]?.text).toBe("diplomatie russe");
    expect(enriched.entities).toContainEqual(
      expect.objectContaining({ text: "Ankara", type: "LOCATION" }),
    );
    const sent = (calls.TranslateText ?? []).map((input) => String(input.Text));
    const throttled = calls["TranslateText:throttled"] ?? [];
    expect(sent.length).toBeGreaterThan(0);
    expect(throttled).toHaveLength(1);
    const billed = sent.reduce((n, text) => n + text.length, 0);
    expect(enriched.usage.translate).toMatchObject({
      engine: "amazon-translate",
      requests: sent.length + throttled.length,
      billedCharacters: billed,
    });
    expect(metricsOf(translated.emf, metricDimensions("translate"))).toEqual([
      {
        ArticlesSucceeded: 1,
        ArticlesFailed: 0,
        ArticlesRetried: 0,
        ArticlesSkipped: 0,
        TranslateCharactersBilled: billed,
        TranslateCharactersCached: 0,
        ServiceRequests: sent.length + throttled.length,
        ServiceRetries: 1,
      },
    ]);
    // The seed's "PUBLICITÉ" and "Partager cet article" lines were cleaned away before billing.
    expect(sent.some((text) => /PUBLICITÉ|Partager cet article/.test(text))).toBe(false);
    expect(calls.BatchDetectEntities).toBeUndefined();
    const comprehendRequests = [
      "BatchDetectKeyPhrases",
      "BatchDetectSentiment",
      "BatchDetectTargetedSentiment",
    ].reduce((n, op) => n + (calls[op]?.length ?? 0), 0);
    expect(enriched.usage.analyze.requests).toBe(comprehendRequests);
    // The analyze batch shares its Comprehend requests: they are published once for the batch,
    // then one line per article.
    expect(metricsOf(analyzed.emf, metricDimensions("analyze"))).toEqual([
      { ServiceRequests: comprehendRequests, ServiceRetries: 0 },
      {
        ArticlesSucceeded: 1,
        ArticlesFailed: 0,
        ArticlesRetried: 0,
        ArticlesSkipped: 0,
        ComprehendCharactersBilled: enriched.usage.analyze.billedCharacters,
        ComprehendUnits: enriched.usage.analyze.units,
      },
    ]);
  }, 90_000);

  it("translate with active tracing: the X-Ray daemon gets the invocation and each AWS call as subsegments", async () => {
    const name = "traces/Le sommet.txt";
    await store.put(
      `incoming/${name}`,
      await readFile(join(ROOT, "seeds/002_7551a0c5d4c95c3c.txt")),
    );
    const keys = keysFor(name);
    expect((await invoke("clean", [`incoming/${name}`])).batchItemFailures).toEqual([]);
    // The X-Ray daemon Lambda runs beside a traced function, on 127.0.0.1 here.
    const daemon = createSocket("udp4");
    const documents: Record<string, unknown>[] = [];
    daemon.on("message", (message) => {
      const [header, body] = message.toString("utf8").split("\n");
      expect(JSON.parse(header ?? "")).toEqual({ format: "json", version: 1 });
      documents.push(JSON.parse(body ?? ""));
    });
    await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
    try {
      const root = "1-6760e1a4-0123456789abcdef01234567";
      const traced = await invoke("translate", [keys.clean], {
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
        _X_AMZN_TRACE_ID: `Root=${root};Parent=1f2e3d4c5b6a7980;Sampled=1`,
      });
      expect(traced.batchItemFailures).toEqual([]);
      // Every datagram was sent before the handler returned; give the receiving loop a turn.
      for (let i = 0; i < 50 && !documents.some((d) => d.name === "## translate"); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const invocation = documents.find((d) => d.name === "## translate");
      expect(invocation).toMatchObject({
        type: "subsegment",
        trace_id: root,
        parent_id: "1f2e3d4c5b6a7980",
        annotations: { ColdStart: true, Service: "depeche" },
      });
      const calls = documents.filter((d) => d !== invocation);
      expect(calls.every((d) => d.parent_id === invocation?.id && d.trace_id === root)).toBe(true);
      const operations = calls.map(
        (d) => `${d.name}.${(d.aws as { operation: string }).operation}`,
      );
      expect(operations).toContain("S3.GetObject");
      expect(operations).toContain("S3.PutObject");
      expect(operations).toContain("Translate.TranslateText");
      expect(calls.find((d) => d.name === "Translate")).toMatchObject({
        namespace: "aws",
        aws: { region: "eu-west-3", retries: 0 },
        http: { response: { status: 200 } },
      });
      expect(calls.find((d) => d.name === "S3")).toMatchObject({
        aws: { bucket_name: BUCKET, key: keys.clean },
      });
    } finally {
      daemon.close();
    }
  }, 90_000);

  it("analyze with SUMMARIZER=bedrock: grounded sentences kept with citations, a wrong number dropped, failures fall back to extractive", async () => {
    const names = Object.fromEntries(
      Object.keys(MODELS).map((kind) => [kind, `bedrock/${kind}.txt`]),
    ) as Record<keyof typeof MODELS, string>;
    for (const name of Object.values(names)) {
      await store.put(`incoming/${name}`, new TextEncoder().encode(FERRY_ARTICLE));
    }
    const all = Object.values(names);
    expect(
      (
        await invoke(
          "clean",
          all.map((name) => `incoming/${name}`),
        )
      ).batchItemFailures,
    ).toEqual([]);
    expect(
      (
        await invoke(
          "translate",
          all.map((name) => keysFor(name).clean),
        )
      ).batchItemFailures,
    ).toEqual([]);

    /** Analyses one article with the bedrock summariser on one fake model; its document and calls. */
    const analyze = async (kind: keyof typeof MODELS) => {
      const before = converseCalls.length;
      const response = await invoke("analyze", [keysFor(names[kind]).english], {
        SUMMARIZER: "bedrock",
        BEDROCK_MODEL_ID: MODELS[kind],
      });
      expect(response.batchItemFailures).toEqual([]);
      const enriched = await json(keysFor(names[kind]).enriched);
      expect(validateEnriched(enriched)).toEqual([]);
      return { enriched, sent: converseCalls.slice(before) };
    };

    // A grounded answer: the summary, its citations (zero-based) and the tokens the model billed.
    const grounded = await analyze("grounded");
    expect(grounded.enriched.english.paragraphs).toHaveLength(3);
    expect(grounded.sent).toHaveLength(1);
    const request = grounded.sent[0]?.input as {
      system: { text: string }[];
      messages: { content: { text: string }[] }[];
      inferenceConfig: { maxTokens: number; temperature: number };
    };
    expect(request.inferenceConfig).toEqual({
      maxTokens: DEFAULT_SETTINGS.summaryOutputTokens,
      temperature: 0,
    });
    for (const [index, paragraph] of grounded.enriched.english.paragraphs.entries()) {
      expect(request.messages[0]?.content[0]?.text).toContain(`[${index + 1}] ${paragraph}`);
    }
    expect(grounded.enriched.summary).toEqual(GROUNDED_SENTENCES.map((s) => s.text));
    expect(grounded.enriched.summarization).toEqual({
      engine: "bedrock",
      modelId: MODELS.grounded,
      sentences: GROUNDED_SENTENCES.map((s) => ({
        text: s.text,
        paragraphs: s.paragraphs.map((n) => n - 1),
      })),
      checks: GROUNDED_SENTENCES.map((s) => ({ text: s.text, status: "passed", reason: null })),
      fallbackReason: null,
    });
    expect(grounded.enriched.usage.summary).toEqual({
      engine: "bedrock",
      modelId: MODELS.grounded,
      inputTokens: grounded.sent[0]?.inputTokens,
      outputTokens: grounded.sent[0]?.outputTokens,
      requests: 1,
    });

    // A number absent from the cited paragraph: that sentence goes, the grounded one stays.
    const wrong = await analyze("wrongNumber");
    expect(wrong.enriched.summary).toEqual([GROUNDED_SENTENCES[0]?.text]);
    expect(wrong.enriched.summarization.engine).toBe("bedrock");
    expect(wrong.enriched.summarization.checks).toEqual([
      { text: GROUNDED_SENTENCES[0]?.text, status: "passed", reason: null },
      {
        text: WRONG_NUMBER_SENTENCE.text,
        status: "dropped",
        reason: expect.stringMatching(/^number "57/),
      },
    ]);
    expect(wrong.enriched.usage.summary).toMatchObject({
      inputTokens: wrong.sent[0]?.inputTokens,
      outputTokens: wrong.sent[0]?.outputTokens,
    });

    // An answer that is not the asked JSON: extractive, the reason recorded, the tokens still billed.
    const malformed = await analyze("malformed");
    expect(malformed.enriched.summarization).toMatchObject({
      engine: "extractive",
      modelId: MODELS.malformed,
      fallbackReason: expect.stringContaining("bedrock: unreadable answer"),
    });
    expect(malformed.enriched.summary.length).toBeGreaterThan(0);
    for (const sentence of malformed.enriched.summary) {
      expect(malformed.enriched.english.paragraphs.join("\n")).toContain(sentence);
    }
    expect(malformed.enriched.usage.summary).toMatchObject({
      engine: "bedrock",
      inputTokens: malformed.sent[0]?.inputTokens,
      outputTokens: malformed.sent[0]?.outputTokens,
    });

    // Throttled on every attempt: the SDK's retries run out, the extractive summary stands in.
    const throttled = await analyze("throttled");
    expect(throttled.sent).toHaveLength(BEDROCK_MAX_ATTEMPTS);
    expect(throttled.sent.every((call) => call.status === 429)).toBe(true);
    expect(throttled.enriched.summarization).toMatchObject({
      engine: "extractive",
      modelId: MODELS.throttled,
      fallbackReason: expect.stringMatching(/^bedrock: no answer \(.*ThrottlingException/),
    });
    expect(throttled.enriched.summary).toEqual(malformed.enriched.summary);
    expect(throttled.enriched.usage.summary).toEqual({
      engine: "bedrock",
      modelId: MODELS.throttled,
      inputTokens: 0,
      outputTokens: 0,
      requests: throttled.sent.length,
    });
  }, 120_000);
});
