import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { described, nonEmpty, SourceSchema } from "../../functions/core/stage-documents.js";

describe("described", () => {
  it("gives each copy its own description and leaves the shared schema undescribed", () => {
    const first = described(nonEmpty, "First use.");
    const second = described(nonEmpty, "Second use.");
    expect(first).not.toBe(nonEmpty);
    expect(z.globalRegistry.get(first)?.description).toBe("First use.");
    expect(z.globalRegistry.get(second)?.description).toBe("Second use.");
    expect(z.globalRegistry.get(nonEmpty)?.description).toBeUndefined();
  });

  it("keeps what the schema accepts and refuses", () => {
    const copy = described(nonEmpty, "Not empty.");
    expect(copy.safeParse("x")).toMatchObject({ success: true, data: "x" });
    expect(copy.safeParse("").success).toBe(false);
    expect(copy.safeParse(1).success).toBe(false);
  });

  it("describes over the original's metadata (a described schema described again)", () => {
    const again = described(SourceSchema, "Where it came from.");
    expect(z.globalRegistry.get(SourceSchema)?.description).toBe(
      "Which uploaded object this document was made from.",
    );
    expect(z.globalRegistry.get(again)?.description).toBe("Where it came from.");
  });

  it("adds no check that a parse would run", () => {
    expect(described(nonEmpty, "Not empty.")._zod.def.checks).toEqual(nonEmpty._zod.def.checks);
  });
});
