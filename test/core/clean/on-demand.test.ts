import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { articleSource } from "../../../functions/core/clean/article-source.js";
import { cleanDecoded } from "../../../functions/core/clean/clean-core.js";
import { decodeBytes } from "../../../functions/core/clean/decode.js";
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

  it("decodes character references in text exactly as cleanArticle does", async () => {
    const text = [
      "Le sommet de l&#8217;OTAN s&rsquo;ouvre &agrave; Vilnius",
      "",
      "Les dirigeants de l&#x2019;Alliance se retrouvent mardi&nbsp;: AT&T et R&D n&apos;y sont pas. Le secr&eacute;taire g&eacute;n&eacute;ral a pr&eacute;sent&eacute; l&#8217;ordre du jour, qui porte sur l&#8217;Ukraine et la d&eacute;fense a&eacute;rienne.",
    ].join("\n");
    const bytes = new TextEncoder().encode(text);
    const cleaned = await cleanArticleLoadingHtmlOnDemand(bytes);
    expect(cleaned).toEqual(cleanArticle(bytes));
    expect(cleaned.title).toBe("Le sommet de l’OTAN s’ouvre à Vilnius");
    expect(cleaned.paragraphs[0]).toContain(
      "l’Alliance se retrouvent mardi : AT&T et R&D n'y sont",
    );
  });

  it("refuses to clean a text with references or a page without the reader it needs", () => {
    const text = "Le sommet de l&#8217;OTAN\n\nLes dirigeants se retrouvent mardi à Vilnius.";
    const decoded = decodeBytes(new TextEncoder().encode(text));
    expect(() => cleanDecoded(new Uint8Array(), decoded, articleSource(decoded.text), {})).toThrow(
      /decodeReferences/,
    );
    const page = decodeBytes(new TextEncoder().encode("<html><body><p>Bonjour.</p></body></html>"));
    expect(() => cleanDecoded(new Uint8Array(), page, articleSource(page.text), {})).toThrow(
      /readHtml/,
    );
  });

  it("rejects bad input with the same InputError", async () => {
    await expect(cleanArticleLoadingHtmlOnDemand(new Uint8Array())).rejects.toMatchObject({
      code: "EMPTY_INPUT",
    });
  });
});
