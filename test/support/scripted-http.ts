import { Readable } from "node:stream";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";

/** One canned HTTP answer of an AWS JSON service: a status and a JSON body. */
export interface CannedResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A service error as the JSON protocols send it (`__type` names the exception). */
export const serviceError = (status: number, type: string, message = "test"): CannedResponse => ({
  status,
  body: { __type: type, message },
});

/**
 * The HTTP edge of a real SDK client: answers each request with the next canned response (the
 * last one repeats) or with what `responses(operation, body)` says, and records the operation and body of every request the SDK sent, retries
 * included. The client's middleware — serialisation, the retry strategy, deserialisation — runs
 * for real; only the network is replaced.
 */
export function scriptedHttp(
  responses:
    | readonly CannedResponse[]
    | ((operation: string, body: Record<string, unknown>) => CannedResponse),
) {
  const requests: { operation: string; body: Record<string, unknown> }[] = [];
  let next = 0;
  const answerTo = (operation: string, body: Record<string, unknown>) => {
    if (typeof responses === "function") return responses(operation, body);
    const answer = responses[Math.min(next, responses.length - 1)];
    next += 1;
    return answer;
  };
  const requestHandler = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const operation = String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      const body = JSON.parse(String(request.body ?? "{}")) as Record<string, unknown>;
      requests.push({ operation, body });
      const answer = answerTo(operation, body);
      if (answer === undefined) throw new Error("no canned response");
      return {
        response: {
          statusCode: answer.status,
          headers: { "content-type": "application/x-amz-json-1.1" },
          body: Readable.from([Buffer.from(JSON.stringify(answer.body))]),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  return { requests, requestHandler };
}

/**
 * Client settings for a test: the scripted edge, fixed credentials, and the SDK's standard
 * retry strategy with `maxAttempts` but no waiting between attempts (the decision of what to
 * retry is the SDK's; only the backoff delay is zero, so tests do not sleep).
 */
export function scriptedClientConfig(
  http: ReturnType<typeof scriptedHttp>,
  maxAttempts = 5,
): Record<string, unknown> {
  return {
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    requestHandler: http.requestHandler,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 0),
  };
}
