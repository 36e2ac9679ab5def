/**
 * Where each stage reads and writes. Output keys are derived from the input key only, so a
 * re-delivered event overwrites the same object instead of adding a second one.
 *
 *   incoming/<name> → clean/<name>.json → english/<name>.json → enriched/<name>.json
 *                                  any stage ↘ failed/<name>.json
 */
export const PREFIX = {
  incoming: "incoming/",
  clean: "clean/",
  english: "english/",
  enriched: "enriched/",
  failed: "failed/",
  cache: "cache/",
  /** The story index (same-story grouping), written by the analyze stage. */
  stories: "stories/",
} as const;

export type Stage = "clean" | "translate" | "analyze";

const STAGE_INPUT: Record<Stage, { prefix: string; suffix: string }> = {
  clean: { prefix: PREFIX.incoming, suffix: "" },
  translate: { prefix: PREFIX.clean, suffix: ".json" },
  analyze: { prefix: PREFIX.english, suffix: ".json" },
};

/** The article name (`a/b.txt`) behind a stage's input key, or undefined if the key is not one. */
export function articleName(stage: Stage, key: string): string | undefined {
  const { prefix, suffix } = STAGE_INPUT[stage];
  if (!key.startsWith(prefix) || !key.endsWith(suffix)) return undefined;
  const name = key.slice(prefix.length, key.length - suffix.length);
  return name.length > 0 && !name.endsWith("/") ? name : undefined;
}

/** Which stage an object triggers, as the stack's notification filters route it (none for outputs). */
export function stageForKey(key: string): Stage | undefined {
  return STAGES.find((stage) => articleName(stage, key) !== undefined);
}

export const STAGES: readonly Stage[] = ["clean", "translate", "analyze"];

/** Prefix and suffix of each stage's input: the stack's S3 notification filters. */
export const STAGE_TRIGGERS: Readonly<Record<Stage, { prefix: string; suffix: string }>> =
  STAGE_INPUT;

export const keysFor = (name: string) => ({
  incoming: `${PREFIX.incoming}${name}`,
  clean: `${PREFIX.clean}${name}.json`,
  english: `${PREFIX.english}${name}.json`,
  enriched: `${PREFIX.enriched}${name}.json`,
  failed: `${PREFIX.failed}${name}.json`,
});
