import { describe, expect, it } from "vitest";
import { withoutSiteName } from "../../../functions/core/clean/html/page-title.js";
import { readHtml } from "../../../functions/core/clean/html/read-html.js";

const PARAGRAPHS = [
  "La ville a inauguré samedi sa nouvelle médiathèque, installée dans une ancienne halle ferroviaire rénovée pendant trois ans.",
  "Le bâtiment accueille 80 000 documents, un auditorium de 120 places et un atelier de fabrication numérique ouvert aux habitants.",
  "Les horaires d'ouverture ont été élargis au dimanche après-midi, une première pour un équipement culturel de la commune.",
];

describe("withoutSiteName", () => {
  it.each([
    [
      "a Sphinx suffix, the heading with its permalink mark",
      "8. Internationalisation et traduction — Documentation developers-reference 12.18",
      ["8. Internationalisation et traduction¶"],
      "8. Internationalisation et traduction",
    ],
    [
      "a site name first",
      "Le Quotidien | Réforme des retraites : le texte adopté",
      ["Réforme des retraites : le texte adopté"],
      "Réforme des retraites : le texte adopté",
    ],
    [
      "a hyphen, the heading differing only in case and spaces",
      "La médiathèque ouvre le dimanche - Ville de Lyon",
      ["  la médiathèque   ouvre le dimanche "],
      "La médiathèque ouvre le dimanche",
    ],
  ])("drops the site's name: %s", (_case, title, headlines, expected) => {
    expect(withoutSiteName(title, headlines)).toBe(expected);
  });

  it.each([
    ["no headline to agree with", "Ukraine - Russie : la trêve", []],
    [
      "a headline equal to the whole title",
      "Ukraine - Russie : la trêve",
      ["Ukraine - Russie : la trêve"],
    ],
    ["a headline matching no side", "Chapitre 4 — Manuel", ["Sommaire"]],
    ["a colon, which French headlines use", "Budget : le vote reporté", ["Budget"]],
  ])("keeps the title with %s", (_case, title, headlines) => {
    expect(withoutSiteName(title, headlines)).toBe(title);
  });

  it("keeps a missing title missing", () => {
    expect(withoutSiteName(null, ["Un titre"])).toBeNull();
  });
});

describe("readHtml: the title without the site's name", () => {
  it("takes the <h1> side of the <title> when the page has no og:title", () => {
    const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Une médiathèque dans l'ancienne halle &#8212; Documentation de la ville 2.1</title></head><body><div class="body"><h1>Une médiathèque dans l'ancienne halle<a class="headerlink" href="#x">¶</a></h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}</div></body></html>`;

    expect(readHtml(html).title).toBe("Une médiathèque dans l'ancienne halle");
  });
});
