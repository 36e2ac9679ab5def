import { createServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { HttpRequest } from "@smithy/core/protocols";
import { describe, expect, it } from "vitest";
import { NodeHttp2Handler } from "../../functions/lambda/bundle-shims/lazy-http2-handler.js";
import { parse } from "../../functions/lambda/bundle-shims/no-css-parser.js";

describe("the CSS parser stand-in", () => {
  it("fails loudly instead of returning a sheet", () => {
    expect(() => parse("p { color: red }")).toThrow(/not bundled/);
  });
});

describe("the HTTP/2 handler that loads on its first request", () => {
  it("returns a handler it is given, as the SDK's does", () => {
    const given = { handle: async () => ({ response: {} }) };
    expect(NodeHttp2Handler.create(given)).toBe(given);
  });

  it("loads the real handler only when a request is sent, then answers over HTTP/2", async () => {
    // Prepare: a cleartext HTTP/2 server on 127.0.0.1, as the Bedrock Runtime client talks to
    const server = createServer((request, response) => {
      response.writeHead(200, { "content-type": "application/json", "x-path": request.url ?? "" });
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const handler = NodeHttp2Handler.create({ requestTimeout: 5_000 }) as NodeHttp2Handler;
    // A setting changed before the first request still reaches the real handler
    handler.updateHttpClientConfig("requestTimeout" as never, 4_000 as never);
    try {
      expect(handler.loaded).toBe(false);
      // Act
      const { response } = await handler.handle(
        new HttpRequest({
          protocol: "http:",
          hostname: "127.0.0.1",
          port,
          method: "POST",
          path: "/model/m/converse",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      );
      // Assess
      expect(handler.loaded).toBe(true);
      expect(response.statusCode).toBe(200);
      expect(response.headers["x-path"]).toBe("/model/m/converse");
      expect(handler.httpHandlerConfigs()).toMatchObject({ requestTimeout: 4_000 });
    } finally {
      handler.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
