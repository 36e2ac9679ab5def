import { type LambdaClient, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import type { EventSourceSwitch } from "../../handlers/spend-breaker.js";

/** `EventSourceSwitch` on Lambda's UpdateEventSourceMapping (only `Enabled` changes). */
export class LambdaEventSourceSwitch implements EventSourceSwitch {
  constructor(private readonly client: LambdaClient) {}

  async setEnabled(mappingId: string, enabled: boolean): Promise<void> {
    await this.client.send(
      new UpdateEventSourceMappingCommand({ UUID: mappingId, Enabled: enabled }),
    );
  }
}
