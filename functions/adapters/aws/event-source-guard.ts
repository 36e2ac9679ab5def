import { GetEventSourceMappingCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { type SpendGuard, SpendPausedError } from "../../handlers/replay-item.js";

/** Mapping states in which the spend breaker has paused (or is pausing) a stage. */
const PAUSED_STATES: ReadonlySet<string> = new Set(["Disabled", "Disabling"]);

/**
 * `SpendGuard` on the translate stage's event source mapping: the spend breaker pauses
 * translation by disabling it (infra/spend-breaker.ts), so a replay reads the same switch and
 * refuses to bill while it is off.
 */
export class EventSourceSpendGuard implements SpendGuard {
  constructor(
    private readonly client: LambdaClient,
    private readonly mappingId: string,
  ) {}

  async assertOpen(): Promise<void> {
    const mapping = await this.client.send(
      new GetEventSourceMappingCommand({ UUID: this.mappingId }),
    );
    if (PAUSED_STATES.has(mapping.State ?? "")) {
      throw new SpendPausedError(
        `translation is paused by the spend breaker (event source mapping ${this.mappingId} is ${mapping.State}); resume it, then replay again`,
      );
    }
  }
}
