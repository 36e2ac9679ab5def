/**
 * `npm run eval [-- <mode> [options]]`: the quality evaluations, one mode each.
 *
 *   npm run eval                  the cleaner on the gold fixtures (test/fixtures/gold), a table
 *   npm run eval -- --json        the same as JSON
 *   npm run eval -- clean         the cleaner on the WCXB development articles (../shared corpus)
 *   npm run eval -- translate     translation quality (issue 15)
 *
 * Each mode is a module under scripts/eval/ exporting one `(args) => Promise<void>`, imported
 * only when chosen. A mode is one line in `MODES`.
 */

type EvalMode = (args: readonly string[]) => Promise<void>;

const MODES: Readonly<Record<string, () => Promise<EvalMode>>> = {
  fixtures: async () => (await import("./eval/fixtures.js")).evalFixtures,
  clean: async () => (await import("./eval/clean-wcxb.js")).evalCleanWcxb,
  translate: async () => (await import("./eval/translate.js")).evalTranslate,
};

/** The mode when the first argument is not one (`npm run eval -- --json`). */
const DEFAULT_MODE = "fixtures";

const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith("-");
const mode = named ? first : DEFAULT_MODE;
const load = MODES[mode];
if (load === undefined) {
  console.error(`npm run eval: unknown mode "${mode}"; modes: ${Object.keys(MODES).join(", ")}`);
  process.exit(1);
}
await (await load())(named ? rest : process.argv.slice(2));
