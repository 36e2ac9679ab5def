import type { ArgsDef } from "citty";
import { describe, expect, it } from "vitest";
import { forStream, unknownOption } from "../../functions/cli/command-line.js";

const ARGS: ArgsDef = {
  inputs: { type: "positional" },
  out: { type: "string" },
  engine: { type: "enum", options: ["offline", "amazon"] },
  "summary-sentences": { type: "string" },
  verbose: { type: "boolean", alias: ["V"] },
};

describe("unknownOption", () => {
  it.each([
    [["seeds", "--out", "x"], undefined],
    [["seeds", "--out=x", "--engine", "amazon"], undefined],
    [["seeds", "--summary-sentences", "2", "--summarySentences=2"], undefined],
    [["seeds", "--no-verbose", "-V", "--help"], undefined],
    // The value of a string option is not an option, even when it starts with a dash.
    [["seeds", "--out", "--glosary"], undefined],
    [["seeds", "--", "--anything"], undefined],
    [["seeds", "--glosary", "x"], "--glosary"],
    [["seeds", "--glosary=x"], "--glosary"],
    [["seeds", "-x"], "-x"],
    [["seeds", "--no-out"], "--no-out"],
  ])("in %j finds %s", (args, expected) => {
    expect(unknownOption(args, ARGS)).toBe(expected);
  });
});

describe("forStream", () => {
  const coloured = "\u001b[36m--out\u001b[39m";
  it.each([
    [{ isTTY: true }, {}, coloured],
    [{ isTTY: true }, { NO_COLOR: "1" }, "--out"],
    [{ isTTY: true }, { NO_COLOR: "yes" }, "--out"],
    [{ isTTY: false }, {}, "--out"],
    [{}, {}, "--out"],
  ])("on %o with %o writes %j", (stream, env, expected) => {
    expect(forStream(coloured, stream, env)).toBe(expected);
  });
});
