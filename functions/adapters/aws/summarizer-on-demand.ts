import type { PipelineSettings } from "../../core/settings.js";
import type { BedrockSummarizer } from "./bedrock-summarizer.js";

/**
 * The generative summariser the settings ask for, or `undefined` for the extractive default.
 * The Bedrock client is imported only when asked for, so the default analyze bundle and CLI
 * never load it (ADR 0007's split bundles keep it in a chunk of its own).
 */
export async function summarizerFor(
  settings: Pick<PipelineSettings, "summarizer" | "bedrockModelId">,
): Promise<BedrockSummarizer | undefined> {
  if (settings.summarizer !== "bedrock" || settings.bedrockModelId === undefined) return undefined;
  const { bedrockSummarizer } = await import("./bedrock-summarizer.js");
  return bedrockSummarizer(settings.bedrockModelId);
}
