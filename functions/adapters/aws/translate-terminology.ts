import { ImportTerminologyCommand, type TranslateClient } from "@aws-sdk/client-translate";
import { type Glossary, glossaryCsv } from "../../core/translate/glossary.js";

/**
 * Imports a glossary as an Amazon Translate custom terminology (CSV, one direction), replacing
 * the terms of a terminology of the same name. The stack does this with a custom resource
 * (`infra/terminology.ts`); `depeche run --engine amazon --glossary` does it here, once per run.
 */
export async function importTerminology(
  client: TranslateClient,
  name: string,
  glossary: Glossary,
): Promise<void> {
  await client.send(
    new ImportTerminologyCommand({
      Name: name,
      MergeStrategy: "OVERWRITE",
      Description: `depeche glossary ${glossary.name} (sha256 ${glossary.sha256})`,
      TerminologyData: {
        File: new TextEncoder().encode(glossaryCsv(glossary)),
        Format: "CSV",
        Directionality: "UNI",
      },
    }),
  );
}

/** The terminology name the CLI imports a glossary under. */
export const cliTerminologyName = (glossary: Glossary): string =>
  `depeche-${glossary.name}`.slice(0, 256);
