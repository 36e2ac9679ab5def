import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../../functions/core/clean/index.js";
import { isoDate, publicationDate } from "../../../functions/core/clean/select/dates.js";

describe("isoDate", () => {
  it.each([
    ["2025-02-01T10:00:00+01:00", "2025-02-01T10:00:00+01:00"],
    ["2025-02-01T09:00:00.123Z", "2025-02-01T09:00:00Z"],
    ["2025-02-01T10:00:00+0100", "2025-02-01T10:00:00+01:00"],
    ["2025-02-01T10:00", "2025-02-01"],
    ["2025-02-01", "2025-02-01"],
    ["12 mars 2024 à 10h35", "2024-03-12"],
    ["1er août 2023", "2023-08-01"],
    ["March 5, 2024", "2024-03-05"],
    ["25.Jun.2019", "2019-06-25"],
    ["26/08/2025 à 06h30", "2025-08-26"],
    ["10/31/2024", "2024-10-31"],
  ])("reads %s as %s", (value, expected) => {
    expect(isoDate(value)).toBe(expected);
  });

  it.each(["2025-02-30", "31 février 2024", "hier", "13/13/2024", "1850-01-01"])(
    "finds no date in %s",
    (value) => {
      expect(isoDate(value)).toBeNull();
    },
  );
});

describe("publicationDate", () => {
  it("takes the first readable candidate and names its source", () => {
    expect(
      publicationDate([
        { value: "bientôt", source: "json-ld" },
        { value: "2024-03-12T08:00:00Z", source: "meta" },
      ]),
    ).toEqual({ published: "2024-03-12T08:00:00Z", source: "meta" });
  });

  it("skips a date after the page was fetched", () => {
    expect(
      publicationDate(
        [
          { value: "2031-01-01", source: "json-ld" },
          { value: "12 mars 2024", source: "text" },
        ],
        "2026-01-03T12:15:11.299007",
      ),
    ).toEqual({ published: "2024-03-12", source: "text" });
  });
});

describe("cleanArticle's publication date", () => {
  const body =
    "<p>Le conseil municipal a adopté mardi soir le budget de la ville pour l'année prochaine, après trois heures de débat sur les écoles.</p>";

  it("reads a JSON-LD datePublished before the meta tags", async () => {
    const html = `<!doctype html><html><head>
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Le Journal"},{"@type":"NewsArticle","headline":"Le budget adopté","datePublished":"2024-03-12T08:00:00+01:00"}]}</script>
      <meta property="article:published_time" content="2024-03-13T09:00:00+01:00">
      </head><body><article><h1>Le budget adopté</h1>${body}</article></body></html>`;
    const article = await cleanArticle(new TextEncoder().encode(html));
    expect(article.published).toBe("2024-03-12T08:00:00+01:00");
    expect(article.publishedSource).toBe("json-ld");
  });

  it("reads a dateline of scraped text as a day, and never a date after the crawl", async () => {
    const text = [
      "Le budget de la ville adopté après trois heures de débat",
      "Publié le 12 mars 2024 à 10h35",
      "Le conseil municipal a adopté mardi soir le budget de la ville pour l'année prochaine, après trois heures de débat sur les écoles.",
    ].join("\n");
    const bytes = new TextEncoder().encode(text);
    const article = await cleanArticle(bytes);
    expect(article.published).toBe("2024-03-12");
    expect(article.publishedSource).toBe("text");
    const early = await cleanArticle(bytes, { crawledAt: "2024-03-01T00:00:00Z" });
    expect(early.published).toBeNull();
  });
});
