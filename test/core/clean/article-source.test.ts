import { describe, expect, it } from "vitest";
import { articleSource } from "../../../functions/core/clean/decode/article-source.js";
import { cleanArticle } from "../../../functions/core/clean/index.js";

const BODY =
  "Les pluies diluviennes qui s'abattent depuis mardi sur le Gard ont fait sortir plusieurs rivières de leur lit, a indiqué la préfecture.";
const SECOND =
  "Trois communes ont été placées en alerte rouge et les écoles resteront fermées jeudi, selon les autorités locales.";

describe("articleSource", () => {
  it.each([
    ["plain text", "Un article.\nUne ligne.", { text: "Un article.\nUne ligne.", html: false }],
    [
      "text that starts with a brace",
      "{Exclusif} Le maire démissionne.",
      { text: "{Exclusif} Le maire démissionne.", html: false },
    ],
    ["an HTML page", "<!doctype html><p>x</p>", { text: "<!doctype html><p>x</p>", html: true }],
  ])("reads %s as itself", (_name, input, expected) => {
    expect(articleSource(input)).toEqual(expected);
  });

  it("takes body, headline, byline and date from a JSON export", () => {
    const json = JSON.stringify({
      title: " Crues dans le Gard ",
      body: BODY,
      author: "Marie Dupont",
      date: "2024-10-17",
      url: "https://exemple.fr",
    });
    expect(articleSource(json)).toEqual({
      text: BODY,
      html: false,
      title: "Crues dans le Gard",
      author: "Marie Dupont",
      published: "2024-10-17",
    });
  });

  it("reads schema.org NewsArticle fields, one wrapper level deep, HTML bodies included", () => {
    const json = JSON.stringify({
      data: {
        headline: "Crues",
        articleBody: `<p>${BODY}</p><p>${BODY}</p>`,
        author: [{ name: "M. D." }],
      },
    });
    expect(articleSource(json)).toMatchObject({ title: "Crues", author: "M. D.", html: true });
  });

  it("refuses JSON that holds no article body, naming the fields it looked for", () => {
    expect(() => articleSource('{"id": 42, "tags": ["a"]}')).toThrow(
      /JSON without an article body: none of the fields articleBody, body/,
    );
  });
});

describe("cleanArticle on a JSON export", () => {
  it("cleans the body as scraped text and keeps the export's headline", async () => {
    const json = JSON.stringify({
      title: "Crues dans le Gard",
      body: `${BODY}\n\nPartager cet article\n\n${SECOND}`,
    });
    const article = await cleanArticle(new TextEncoder().encode(json));
    expect(article).toMatchObject({ title: "Crues dans le Gard", format: "text", language: "fr" });
    expect(article.paragraphs).toEqual([BODY, SECOND]);
  });
});
