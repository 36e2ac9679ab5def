import fc from "fast-check";
import {
  PIPELINE_SETTINGS,
  type PipelineSettings,
  type SettingDomain,
  settingsRelationProblems,
} from "../../functions/core/settings.js";

/** Values a property test draws for one setting: anywhere in its bounds, edges included. */
export function arbitraryOf(domain: SettingDomain): fc.Arbitrary<unknown> {
  switch (domain.kind) {
    case "integer":
      return fc.oneof(
        fc.constantFrom(domain.min, domain.max),
        fc.integer({ min: domain.min, max: domain.max }),
        // Small values are where limits bite (a 1-byte object limit, a 4-byte request).
        fc.integer({ min: domain.min, max: Math.min(domain.max, domain.min + 20_000) }),
      );
    case "choice":
      return fc.constantFrom(...domain.options);
    case "boolean":
      return fc.boolean();
    case "pattern":
      return domain.example === undefined
        ? fc.constant(undefined)
        : fc.constantFrom(undefined, domain.example);
  }
}

/** Any configuration the run-time settings accept: each within its bounds, relations holding. */
export const acceptedSettings: fc.Arbitrary<PipelineSettings> = (
  fc.record(
    Object.fromEntries(
      Object.entries(PIPELINE_SETTINGS).map(([name, setting]) => [
        name,
        arbitraryOf(setting.domain),
      ]),
    ),
  ) as fc.Arbitrary<PipelineSettings>
).filter((settings) => settingsRelationProblems(settings).length === 0);
