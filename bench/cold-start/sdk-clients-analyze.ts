import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { S3Client } from "@aws-sdk/client-s3";

// Cold-start baseline for the analyze Lambda: the same AWS SDK clients, built the same way at
// module scope, and nothing of ours. Bundled exactly like the Lambda entries.
const s3 = new S3Client({});
const comprehend = new ComprehendClient({});

/** Exported so the clients are part of the module's observable result. */
export const clients = [s3, comprehend];
