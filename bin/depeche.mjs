#!/usr/bin/env node
// Launcher for the depeche CLI: runs the TypeScript sources through tsx (Node 20 cannot strip
// types), so the CLI and the Lambdas execute the very same code.
import { setFlagsFromString } from "node:v8";
import { tsImport } from "tsx/esm/api";

// V8 lets the old space grow to a multiple of what survived the last full collection before it
// collects again (up to 4× on a machine with room): a 1,000-article `depeche run` whose live
// heap is ≈ 80 MB reached a 280 MB heap, and peak RSS grew 1.6× from 100 to 1,000 articles
// with nothing retained. Growing by half of the live heap at most keeps the heap near what is
// live (more full collections, ≈ 50 ms each, on the second core mostly). Not a cap: the heap
// still grows as far as the live data needs, so a larger run cannot run out of heap from it.
const HEAP_GROWING_PERCENT = 50;
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

// The AWS SDK warns on every Node 20 start that its 2027 releases will need Node 22. The lock
// file pins today's SDK and the Lambdas run Node 24, so the warning only adds noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { cli } = await tsImport("../functions/cli/main.ts", import.meta.url);
await cli(process.argv.slice(2));
