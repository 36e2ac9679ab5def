import { type TranslateClient, TranslateTextCommand } from "@aws-sdk/client-translate";

/**
 * The cost baseline: what the known S3 → Translate samples do with an uploaded object. They read
 * the body as text and send it whole in one TranslateText request: no cleaning (bylines, share
 * buttons and comment prompts are billed too), no cache (a re-upload is billed again).
 */
export async function translateWholeText(
  client: TranslateClient,
  text: string,
  pair: { readonly source: string; readonly target: string },
): Promise<string> {
  const response = await client.send(
    new TranslateTextCommand({
      Text: text,
      SourceLanguageCode: pair.source,
      TargetLanguageCode: pair.target,
    }),
  );
  return response.TranslatedText ?? "";
}
