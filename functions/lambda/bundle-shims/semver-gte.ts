/**
 * What the Lambda bundles keep of `semver`: `gte` on plain `x.y.z` versions. Its only users in
 * a bundle are the X-Ray SDK under Powertools Tracer (`cls-hooked` checks the Node version; the
 * SDK v2 patcher checks `AWS.VERSION`, never called: our clients are v3). The full package
 * compiles dozens of regular expressions at import, a measurable part of a cold start
 * (infra/bundling.ts says how much).
 */
const numbers = (version: string): number[] =>
  version
    .replace(/^v/u, "")
    .split(/[.+-]/u)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0);

/** `a >= b`, comparing major, minor and patch; pre-release tags are ignored. */
export function gte(a: string, b: string): boolean {
  const x = numbers(a);
  const y = numbers(b);
  for (let i = 0; i < 3; i++) {
    const [p, q] = [x[i] ?? 0, y[i] ?? 0];
    if (p !== q) return p > q;
  }
  return true;
}
