import type { EntitySource } from "../core/analyze/comprehend-requests.js";
import { asError } from "../core/errors.js";
import type { Summarizer, TextAnalyzer, TranslationOptions, Translator } from "../core/ports.js";
import type { PipelineSettings } from "../core/settings.js";
import type { Glossary } from "../core/translate/glossary.js";
import { CliError } from "./exit-codes.js";

export type EngineName = "offline" | "amazon";

export interface Engines {
  readonly translator: Translator;
  readonly analyzer: TextAnalyzer;
  close(): Promise<void>;
}

/**
 * Builds the engines behind the ports. Adapters are imported on demand so that `--engine
 * offline` never loads the AWS Translate/Comprehend clients and `amazon` never starts Apertium.
 */
export async function createEngines(
  name: EngineName,
  options: {
    chunkBytes: number;
    /** `serviceRequestConcurrency`: one article's requests in flight (Amazon engines). */
    requestConcurrency?: number | undefined;
    glossary?: Glossary | undefined;
    /** Amazon Translate's profanity/brevity/formality (the offline engine has none). */
    translateOptions?: TranslationOptions | undefined;
    /** `comprehendEntities`: where Comprehend's English entities come from (Amazon engines). */
    entities?: EntitySource | undefined;
  },
): Promise<Engines> {
  if (name === "amazon") {
    const [
      { TranslateClient },
      { ComprehendClient },
      { AmazonTranslator },
      { ComprehendAnalyzer },
      { importTerminology, cliTerminologyName },
      { SERVICE_RETRY },
    ] = await Promise.all([
      import("@aws-sdk/client-translate"),
      import("@aws-sdk/client-comprehend"),
      import("../adapters/aws/translate-translator.js"),
      import("../adapters/aws/comprehend-analyzer.js"),
      import("../adapters/aws/translate-terminology.js"),
      import("../adapters/aws/service-calls.js"),
    ]);
    // The same retry strategy as the Lambdas: the SDK's, adaptive, bounded.
    const translateClient = new TranslateClient({ ...SERVICE_RETRY });
    const comprehendClient = new ComprehendClient({ ...SERVICE_RETRY });
    await assertAwsConfigured(translateClient, "--engine amazon");
    const { glossary } = options;
    const terminology =
      glossary === undefined ? undefined : { name: cliTerminologyName(glossary), glossary };
    if (terminology !== undefined) {
      await importTerminology(translateClient, terminology.name, terminology.glossary);
    }
    return {
      translator: new AmazonTranslator(translateClient, {
        chunkBytes: options.chunkBytes,
        requestConcurrency: options.requestConcurrency,
        terminology,
        options: options.translateOptions,
      }),
      analyzer: new ComprehendAnalyzer(comprehendClient, {
        requestConcurrency: options.requestConcurrency,
        entities: options.entities,
      }),
      close: async () => {
        translateClient.destroy();
        comprehendClient.destroy();
      },
    };
  }
  const [{ ApertiumTranslator }, { BuiltinAnalyzer }] = await Promise.all([
    import("../adapters/local/apertium-translator.js"),
    import("../adapters/local/builtin-analyzer.js"),
  ]);
  const translator = await ApertiumTranslator.start({ glossary: options.glossary });
  return {
    translator,
    analyzer: new BuiltinAnalyzer(),
    close: () => translator.close(),
  };
}

/**
 * The generative summariser the settings ask for (`--summarizer bedrock --bedrock-model-id …`),
 * with the user's AWS credentials, whichever engine translates; `undefined` for extractive.
 */
export async function createSummarizer(
  settings: Pick<PipelineSettings, "summarizer" | "bedrockModelId">,
): Promise<Summarizer | undefined> {
  const { summarizerFor } = await import("../adapters/aws/summarizer-on-demand.js");
  const summarizer = await summarizerFor(settings);
  if (summarizer !== undefined)
    await assertAwsConfigured(summarizer.client, "--summarizer bedrock");
  return summarizer;
}

/**
 * Fails the run up front, with what to do, when no region or credentials can be found — rather
 * than letting every article retry its way to a RETRIES_EXHAUSTED failure record.
 */
async function assertAwsConfigured(
  client: { config: { region: () => Promise<string>; credentials: () => Promise<unknown> } },
  option: string,
): Promise<void> {
  try {
    await client.config.region();
    await client.config.credentials();
  } catch (error) {
    throw new CliError(
      `${option} needs an AWS region and credentials (aws configure, AWS_PROFILE, or AWS_REGION with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY): ${asError(error).message}`,
    );
  }
}
