import { InputError } from "../errors.js";
import type { PipelineSettings } from "../settings.js";
import { utf8Bytes } from "../text/measure.js";

/** Stage 3: refuse, before any call is billed, a clean text longer than the configured bound. */
export function assertTranslatable(
  title: string | null,
  paragraphs: readonly string[],
  settings: PipelineSettings,
): void {
  const bytes = utf8Bytes([title ?? "", ...paragraphs].join("\n"));
  if (bytes > settings.maxTranslateBytes) {
    throw new InputError(
      "TOO_LONG_TO_TRANSLATE",
      `The cleaned article is ${bytes} bytes; the limit for translation is ${settings.maxTranslateBytes} bytes (MAX_TRANSLATE_BYTES). Nothing was sent to translation.`,
    );
  }
}
