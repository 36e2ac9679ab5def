import type { StoredObject } from "../core/ports.js";
import { serialize } from "../core/serialize.js";
import type { PipelineSettings } from "../core/settings.js";
import { cleanStage } from "../core/stages/clean-stage.js";
import type { StageDefinition } from "./stage-handler.js";

/** Stages 1–3 of the recipe behind the store: incoming/<name> → clean/<name>.json. */
export function cleanDefinition(
  bucket: string,
  settings: PipelineSettings,
): StageDefinition<StoredObject & { key: string }> {
  return {
    stage: "clean",
    maxInputBytes: settings.maxObjectBytes,
    // The upload itself is the input: no document schema to parse.
    parse: (object, event) => ({ ...object, key: event.key }),
    sourceOf: (object) => ({ key: object.key, bytes: object.size, etag: object.etag }),
    run: async (object) => ({
      body: serialize(await cleanStage(object, { bucket, key: object.key }, settings)),
    }),
  };
}
