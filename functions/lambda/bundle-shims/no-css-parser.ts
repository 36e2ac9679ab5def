/**
 * Stands in for `cssomnom/parse` in the Lambda bundles. linkedom imports it for one getter,
 * `HTMLStyleElement.sheet`, which neither the clean stage nor Readability reads (they drop
 * `<style>` elements unparsed). The real parser is ~200 KB, a sixth of the clean package.
 * Reading `.sheet` in a bundle fails loudly rather than returning a wrong answer.
 */
export function parse(_css: string): never {
  throw new Error(
    "CSS parsing is not bundled in the Lambdas (functions/lambda/bundle-shims/no-css-parser.ts)",
  );
}
