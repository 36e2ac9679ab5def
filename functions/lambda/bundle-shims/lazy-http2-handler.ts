export { streamCollector } from "@smithy/core/serde";
/**
 * Stands in for `@smithy/node-http-handler` in the Lambda bundles: the same `NodeHttpHandler`
 * and `streamCollector`, and a `NodeHttp2Handler` that loads the real one (and Node's `http2`)
 * on its first request. Only the Bedrock Runtime client uses HTTP/2, and only when the deployer
 * chose the Bedrock summariser; but because the package's index re-exports both handlers, code
 * splitting put the HTTP/2 handler beside the HTTP/1 one in the chunk every cold start loads, and
 * `node:http2` costs ≈ 6 ms of CPU to load. With the default (extractive) summariser it is now
 * never loaded; with Bedrock, the first summary request loads it.
 *
 * The real modules are imported by relative path: a bare `@smithy/node-http-handler` here would
 * be aliased back to this file.
 */
// @ts-expect-error: dist-es ships no declarations beside it (the package's types are the same API)
export { NodeHttpHandler } from "../../../node_modules/@smithy/node-http-handler/dist-es/node-http-handler.js";

type Http2HandlerOptions = ConstructorParameters<
  typeof import("@smithy/node-http-handler").NodeHttp2Handler
>[0];

type RealHttp2Handler = import("@smithy/node-http-handler").NodeHttp2Handler;

export class NodeHttp2Handler {
  readonly metadata = { handlerProtocol: "h2" };
  readonly #options: Http2HandlerOptions;
  /** Settings the client changed before the first request, applied once the real one exists. */
  readonly #updates: [key: never, value: never][] = [];
  #real: Promise<RealHttp2Handler> | undefined;
  #loaded: RealHttp2Handler | undefined;

  static create(instanceOrOptions?: unknown): unknown {
    if (typeof (instanceOrOptions as { handle?: unknown } | undefined)?.handle === "function") {
      return instanceOrOptions;
    }
    return new NodeHttp2Handler(instanceOrOptions as Http2HandlerOptions);
  }

  constructor(options?: Http2HandlerOptions) {
    this.#options = options;
  }

  /** Whether the real handler (and `node:http2`) has been loaded: tests read it. */
  get loaded(): boolean {
    return this.#loaded !== undefined;
  }

  async handle(
    ...args: Parameters<RealHttp2Handler["handle"]>
  ): ReturnType<RealHttp2Handler["handle"]> {
    return (await this.#load()).handle(...args);
  }

  updateHttpClientConfig(key: never, value: never): void {
    if (this.#loaded === undefined) this.#updates.push([key, value]);
    else this.#loaded.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): object {
    return this.#loaded?.httpHandlerConfigs() ?? {};
  }

  destroy(): void {
    this.#loaded?.destroy();
  }

  #load(): Promise<RealHttp2Handler> {
    this.#real ??= import(
      // @ts-expect-error: as above, no declarations beside dist-es
      "../../../node_modules/@smithy/node-http-handler/dist-es/node-http2-handler.js"
    ).then(({ NodeHttp2Handler: Real }: { NodeHttp2Handler: typeof NodeHttp2Handler }) => {
      const real = new Real(this.#options) as unknown as RealHttp2Handler;
      for (const [key, value] of this.#updates) real.updateHttpClientConfig(key, value);
      this.#loaded = real;
      return real;
    });
    return this.#real;
  }
}
