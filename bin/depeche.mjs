#!/usr/bin/env node
// Launcher for the depeche CLI: runs the TypeScript sources through tsx (Node 20 cannot strip
// types), so the CLI and the Lambdas execute the very same code.
import { tsImport } from "tsx/esm/api";

// The AWS SDK warns on every Node 20 start that its 2027 releases will need Node 22. The lock
// file pins today's SDK and the Lambdas run Node 24, so the warning only adds noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { cli } = await tsImport("../functions/cli/main.ts", import.meta.url);
await cli(process.argv.slice(2));
