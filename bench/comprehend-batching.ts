import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { mockClient } from "aws-sdk-client-mock";
import { ComprehendAnalyzer } from "../functions/adapters/aws/comprehend-analyzer.js";
import { COMPREHEND_MAX_BATCH_DOCUMENTS } from "../functions/core/analyze/comprehend-requests.js";
import type { AnalysisInput } from "../functions/core/ports.js";
import { answerComprehend } from "./cost.js";
import type { TranslationJob } from "./offline.js";

/** One SQS batch of the analyze Lambda at its default size: 25 articles. */
export const BATCH_ARTICLES = COMPREHEND_MAX_BATCH_DOCUMENTS;

export interface ComprehendBatchingResult {
  readonly articles: number;
  /** Documents (≤ 5,000 bytes each) the articles pack into, per feature. */
  readonly documents: number;
  /** Batch* requests for the batch delivered together (what the analyze Lambda sends). */
  readonly sharedCalls: number;
  readonly sharedCallsByFeature: Readonly<Record<string, number>>;
  /** The same articles one per invocation (the analyze batch size before the batching). */
  readonly oneByOneCalls: number;
}

/**
 * Comprehend requests for `BATCH_ARTICLES` corpus articles delivered as one SQS batch: the
 * analyze Lambda's `runBatch` hands all of them to one `ComprehendAnalyzer.analyzeEach` (shown
 * by test/handlers/lambda-handlers.test.ts), counted here against a mocked client; and the
 * same articles analysed one per call. The texts are the corpus's cleaned paragraphs (French:
 * the English the stage would see packs into about as many 5,000-byte documents).
 */
export async function measureComprehendBatching(
  jobs: readonly TranslationJob[],
): Promise<ComprehendBatchingResult> {
  const inputs: AnalysisInput[] = jobs.slice(0, BATCH_ARTICLES).map((job) => ({
    title: job.texts[0] ?? null,
    paragraphs: job.texts.slice(1),
    language: "en",
  }));
  const mock = mockClient(ComprehendClient);
  try {
    answerComprehend(mock);
    const analyzer = new ComprehendAnalyzer(new ComprehendClient({ region: "eu-west-1" }));
    const outcomes = await analyzer.analyzeEach(inputs);
    const failed = outcomes.find((outcome) => outcome instanceof Error);
    if (failed !== undefined) throw failed;
    const sharedCallsByFeature: Record<string, number> = {};
    let documents = 0;
    for (const call of mock.calls()) {
      const name = call.args[0].constructor.name.replace(/Command$/u, "");
      sharedCallsByFeature[name] = (sharedCallsByFeature[name] ?? 0) + 1;
      if (name === "BatchDetectSentiment") {
        const input = call.args[0].input as { TextList?: string[] };
        documents += input.TextList?.length ?? 0;
      }
    }
    const sharedCalls = mock.calls().length;
    mock.resetHistory();
    for (const input of inputs) await analyzer.analyze([input]);
    return {
      articles: inputs.length,
      documents,
      sharedCalls,
      sharedCallsByFeature,
      oneByOneCalls: mock.calls().length,
    };
  } finally {
    mock.restore();
  }
}
