import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FailureRecordSchema } from "../../functions/core/document.js";
import { keysFor } from "../../functions/core/keys.js";
import type { PipelineSettings } from "../../functions/core/settings.js";
import { storeTranslationCache } from "../../functions/core/translate/translation-cache.js";
import { analyzeDefinition } from "../../functions/handlers/analyze-definition.js";
import { cleanDefinition } from "../../functions/handlers/clean-definition.js";
import { createStageHandler, type Log } from "../../functions/handlers/stage-handler.js";
import { translateDefinition } from "../../functions/handlers/translate-definition.js";
import { FakeAnalyzer, FakeTranslator } from "../fakes/fake-engines.js";
import { InMemoryArticleStore } from "../fakes/in-memory-store.js";
import { acceptedSettings } from "../support/settings-arbitrary.js";
import { notificationFor, sqsEvent } from "../support/sqs-events.js";
import { validateEnriched } from "../support/validate-enriched.js";

const BUCKET = "articles";
const SEEDS = new URL("../../seeds/", import.meta.url);
const ARTICLES = readdirSync(SEEDS).map((name) => ({
  name,
  bytes: new Uint8Array(readFileSync(new URL(name, SEEDS))),
}));
const silent: Log = { info() {}, warn() {}, error() {} };

/** The failure codes a setting can cause on a good article: it is over a configured limit. */
const LIMIT_CODES = ["TOO_LARGE", "TOO_LONG_TO_TRANSLATE"];

/** One article through the three stage handlers with `settings`, as the Lambdas would run it. */
async function enrich(settings: PipelineSettings, article: { name: string; bytes: Uint8Array }) {
  const store = new InMemoryArticleStore();
  const base = { bucket: BUCKET, store, maxReceiveCount: settings.maxReceiveCount, log: silent };
  const stages = [
    ["incoming", createStageHandler({ ...base, definition: cleanDefinition(BUCKET, settings) })],
    [
      "clean",
      createStageHandler({
        ...base,
        definition: translateDefinition(
          { translator: new FakeTranslator(), cache: storeTranslationCache(store) },
          settings,
        ),
      }),
    ],
    [
      "english",
      createStageHandler({
        ...base,
        definition: analyzeDefinition({ analyzer: new FakeAnalyzer() }, settings),
      }),
    ],
  ] as const;
  const keys = keysFor(article.name);
  await store.put(keys.incoming, article.bytes);
  for (const [input, handler] of stages) {
    if ((await store.head(keys[input])) === undefined) break;
    const response = await handler(sqsEvent(await notificationFor(store, BUCKET, keys[input])));
    expect(response.batchItemFailures).toEqual([]);
  }
  const read = async (key: string) => {
    const object = await store.get(key);
    return object && JSON.parse(new TextDecoder().decode(object.bytes));
  };
  return { enriched: await read(keys.enriched), failed: await read(keys.failed) };
}

describe("every accepted configuration", () => {
  it("yields documents valid against the published v1 schema (or a limit's failure record)", async () => {
    let enrichedSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        acceptedSettings,
        fc.constantFrom(...ARTICLES),
        async (settings, article) => {
          const { enriched, failed } = await enrich(settings, article);
          expect(enriched === undefined).not.toBe(failed === undefined);
          if (enriched !== undefined) {
            enrichedSeen += 1;
            expect(validateEnriched(enriched)).toEqual([]);
            expect(enriched.summary.length).toBeLessThanOrEqual(settings.summarySentences);
          } else {
            expect(FailureRecordSchema.safeParse(failed).success).toBe(true);
            expect(LIMIT_CODES).toContain(failed.code);
          }
        },
      ),
      { numRuns: 60 },
    );
    // The draws reach the enriched path, not only the limits.
    expect(enrichedSeen).toBeGreaterThan(0);
  });
});
