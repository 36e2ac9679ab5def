import { describe, expect, it } from "vitest";
import { COMPREHEND_ENGINE } from "../../functions/core/analyze/comprehend-requests.js";
import { documentFingerprint, type FingerprintInput } from "../../functions/core/fingerprint.js";
import { type ReplayConfiguration, replayDecision } from "../../functions/core/replay.js";
import { DEFAULT_SETTINGS, type PipelineSettings } from "../../functions/core/settings.js";

const amazon: FingerprintInput = {
  settings: DEFAULT_SETTINGS,
  translation: { engine: "amazon-translate" },
  analyzer: COMPREHEND_ENGINE,
};
const offline: FingerprintInput = {
  settings: DEFAULT_SETTINGS,
  translation: { engine: "apertium" },
  analyzer: "builtin",
};

function withSettings(
  input: FingerprintInput,
  change: Partial<PipelineSettings>,
): FingerprintInput {
  return { ...input, settings: { ...input.settings, ...change } };
}

describe("documentFingerprint: the configuration that shaped a document", () => {
  it("is 16 hex digits, the same for the same configuration", () => {
    expect(documentFingerprint(amazon)).toMatch(/^[0-9a-f]{16}$/);
    expect(documentFingerprint({ ...amazon })).toBe(documentFingerprint(amazon));
    expect(documentFingerprint(offline)).not.toBe(documentFingerprint(amazon));
  });

  it("changes with a setting that shapes documents, not with one that only paces requests", () => {
    const base = documentFingerprint(amazon);
    expect(documentFingerprint(withSettings(amazon, { summarySentences: 1 }))).not.toBe(base);
    expect(documentFingerprint(withSettings(amazon, { serviceRequestConcurrency: 1 }))).toBe(base);
  });

  it("tells Comprehend's entity sources apart, and leaves the offline analyser's alone", () => {
    const detect = { comprehendEntities: "detect-entities" } as const;
    expect(documentFingerprint(withSettings(amazon, detect))).not.toBe(documentFingerprint(amazon));
    expect(documentFingerprint(withSettings(offline, detect))).toBe(documentFingerprint(offline));
  });

  it("makes a replay re-run an Amazon document whose entities came from the other source", () => {
    const config = (settings: PipelineSettings): ReplayConfiguration => ({
      producerVersion: "1.1.0",
      settings,
      translation: { engine: "amazon-translate" },
      analyzer: COMPREHEND_ENGINE,
    });
    const madeWith = (settings: PipelineSettings) => ({
      source: { etag: "e1" },
      clean: { language: "fr" },
      producer: {
        version: "1.1.0",
        fingerprint: documentFingerprint({ ...amazon, settings }),
      },
    });
    const detect: PipelineSettings = { ...DEFAULT_SETTINGS, comprehendEntities: "detect-entities" };

    expect(
      replayDecision("e1", madeWith(detect), undefined, config(DEFAULT_SETTINGS), false),
    ).toEqual({ run: true, reason: "settings" });
    expect(
      replayDecision("e1", madeWith(DEFAULT_SETTINGS), undefined, config(DEFAULT_SETTINGS), false),
    ).toEqual({ run: false, reason: "up-to-date" });
  });
});
