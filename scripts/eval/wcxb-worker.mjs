// The worker threads of `npm run eval -- clean` start here: Node runs JavaScript, so this file
// registers tsx in the thread and then loads the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./wcxb-worker.ts");
