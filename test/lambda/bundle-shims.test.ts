import { describe, expect, it } from "vitest";
import { parse } from "../../functions/lambda/bundle-shims/no-css-parser.js";

describe("the CSS parser stand-in", () => {
  it("fails loudly instead of returning a sheet", () => {
    expect(() => parse("p { color: red }")).toThrow(/not bundled/);
  });
});
