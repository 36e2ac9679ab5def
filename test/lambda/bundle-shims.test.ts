import { describe, expect, it } from "vitest";
import { parse } from "../../functions/lambda/bundle-shims/no-css-parser.js";
import { gte } from "../../functions/lambda/bundle-shims/semver-gte.js";

describe("the semver shim of the Lambda bundles", () => {
  it.each([
    ["20.20.2", "8.0.0", true],
    ["8.0.0", "8.0.0", true],
    ["v24.1.0", "8.0.0", true],
    ["7.10.1", "8.0.0", false],
    ["3.2.1", "3.10.0", false],
    ["3.10.0", "3.2.1", true],
    ["2.1400.0", "2.2.0", true],
    ["1.0.0-beta.1", "1.0.0", true],
  ])("gte(%s, %s) is %s, numerically per part (not as strings)", (a, b, expected) => {
    expect(gte(a, b)).toBe(expected);
  });
});

describe("the CSS parser stand-in", () => {
  it("fails loudly instead of returning a sheet", () => {
    expect(() => parse("p { color: red }")).toThrow(/not bundled/);
  });
});
