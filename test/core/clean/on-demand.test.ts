import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../../functions/core/clean/index.js";
import { cleanArticleLoadingHtmlOnDemand } from "../../../functions/core/clean/on-demand.js";

const FIXTURES = new URL("../../fixtures/clean/", import.meta.url);
const SEEDS = new URL("../../../seeds/", import.meta.url);

async function inputs(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const files = [
    ...(await readdir(SEEDS)).map((f) => new URL(f, SEEDS)),
    ...(await readdir(FIXTURES))
      .filter((f) => /\.(txt|html)$/.test(f))
      .map((f) => new URL(f, FIXTURES)),
  ];
  return Promise.all(
    files.map(async (url) => ({
      name: url.pathname.split("/").at(-1) ?? "",
      bytes: new Uint8Array(await readFile(url)),
    })),
  );
}

describe("cleanArticleLoadingHtmlOnDemand", () => {
  it("cleans every seed and fixture, text and HTML, exactly as cleanArticle does", async () => {
    const all = await inputs();
    expect(all.some((i) => i.name.endsWith(".html"))).toBe(true);
    for (const { bytes } of all) {
      expect(await cleanArticleLoadingHtmlOnDemand(bytes)).toEqual(cleanArticle(bytes));
    }
  });

  it("rejects bad input with the same InputError", async () => {
    await expect(cleanArticleLoadingHtmlOnDemand(new Uint8Array())).rejects.toMatchObject({
      code: "EMPTY_INPUT",
    });
  });
});
