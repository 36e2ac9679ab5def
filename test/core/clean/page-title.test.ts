import { describe, expect, it } from "vitest";
import { hostLabel, withoutSiteName } from "../../../functions/core/clean/html/page-title.js";
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

  it.each([
    [
      "a comma",
      "La médiathèque ouvre le dimanche, horaires et tarifs",
      ["La médiathèque ouvre le dimanche"],
      "La médiathèque ouvre le dimanche",
    ],
    [
      "a question mark",
      "Faut-il payer la médiathèque ? Notre guide 2026",
      ["Faut-il payer la médiathèque ?"],
      "Faut-il payer la médiathèque ?",
    ],
    [
      "brackets",
      "Le coût des études en ligne [2025] : frais et bourses",
      ["Le coût des études en ligne"],
      "Le coût des études en ligne",
    ],
    [
      "a straight apostrophe in the headline, a curly one in the title",
      "L’abc du jardinage & du compost : tout savoir",
      ["L'abc du jardinage & du compost"],
      "L’abc du jardinage & du compost",
    ],
  ])("takes the headline that starts the title before a tagline: %s", (_c, title, h, expected) => {
    expect(withoutSiteName(title, h)).toBe(expected);
  });

  it.each([
    [
      "a headline under half the title (a section's heading)",
      "Guerre en Ukraine, la Russie frappe Kyiv dans la nuit",
      ["Guerre en Ukraine"],
    ],
    [
      "a headline the title goes on from without punctuation",
      "Les meilleures caméras de sécurité pour la maison en 2026",
      ["Les meilleures caméras de sécurité pour la maison"],
    ],
  ])("keeps the title with %s", (_case, title, headlines) => {
    expect(withoutSiteName(title, headlines)).toBe(title);
  });

  it("drops the site's name from a title equal to the headline, by og:site_name", () => {
    const title = "Le choix des critiques : les expositions de 2025 – Artlyst";
    expect(withoutSiteName(title, [title], { names: ["Artlyst"], url: null })).toBe(
      "Le choix des critiques : les expositions de 2025",
    );
  });

  it("keeps a missing title missing", () => {
    expect(withoutSiteName(null, ["Un titre"])).toBeNull();
  });
});

describe("withoutSiteName: a part that names the site", () => {
  const site = (url: string | null, ...names: string[]) => ({ names, url });

  it.each([
    [
      "the host's label after the last separator",
      "La réforme des retraites adoptée - Slashdot",
      site("https://developers.slashdot.org/story/1"),
      "La réforme des retraites adoptée",
    ],
    [
      "og:site_name, written differently",
      "Le budget voté en première lecture | Le Quotidien du Sud",
      site(null, "LE QUOTIDIEN DU SUD"),
      "Le budget voté en première lecture",
    ],
    [
      "a host under a country's generic second level",
      "BBC | Storm warning for the north coast",
      site("https://www.bbc.co.uk/news/1"),
      "Storm warning for the north coast",
    ],
    [
      "a part ending with the host's label",
      "Les vendanges commencent • Le Journal de Gardenary",
      site("https://gardenary.com/blog"),
      "Les vendanges commencent",
    ],
  ])("drops %s", (_case, title, evidence, expected) => {
    expect(withoutSiteName(title, [], evidence)).toBe(expected);
  });

  it.each([
    ["no evidence about the site", "Ukraine - Russie", site(null)],
    ["a part that is not the site", "Ukraine - Russie", site("https://lemonde.fr/x", "Le Monde")],
    ["a single word left", "Météo | Le Monde", site(null, "Le Monde")],
    [
      "a short host label inside a longer part",
      "Le direct - France tv info",
      site("https://tv.fr/"),
    ],
  ])("keeps the title with %s", (_case, title, evidence) => {
    expect(withoutSiteName(title, [], evidence)).toBe(title);
  });

  it.each([
    ["https://www.lemonde.fr/economie/article.html", "lemonde"],
    ["https://developers.slashdot.org/", "slashdot"],
    ["https://news.bbc.co.uk/", "bbc"],
    ["not a url", null],
    [null, null],
  ])("hostLabel(%s) is %s", (url, expected) => {
    expect(hostLabel(url)).toBe(expected);
  });
});

describe("readHtml: the title without the site's name", () => {
  it("takes the <h1> side of the <title> when the page has no og:title", () => {
    const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Une médiathèque dans l'ancienne halle &#8212; Documentation de la ville 2.1</title></head><body><div class="body"><h1>Une médiathèque dans l'ancienne halle<a class="headerlink" href="#x">¶</a></h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}</div></body></html>`;

    expect(readHtml(html).title).toBe("Une médiathèque dans l'ancienne halle");
  });

  it("drops a suffix that names the site by og:site_name", () => {
    const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Médiathèque | La Gazette de Lyon</title><meta property="og:title" content="Une médiathèque dans l'ancienne halle | La Gazette de Lyon"><meta property="og:site_name" content="La Gazette de Lyon"></head><body><article>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}</article></body></html>`;

    expect(readHtml(html).title).toBe("Une médiathèque dans l'ancienne halle");
  });
});
