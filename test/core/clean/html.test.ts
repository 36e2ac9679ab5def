import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { looksLikeHtml } from "../../../functions/core/clean/decode/html-sniff.js";
import { readHtml } from "../../../functions/core/clean/html/read-html.js";
import { cleanArticle } from "../../../functions/core/clean/index.js";

const PARAGRAPHS = [
  "La ville a inauguré samedi sa nouvelle médiathèque, installée dans une ancienne halle ferroviaire rénovée pendant trois ans.",
  "Le bâtiment accueille 80 000 documents, un auditorium de 120 places et un atelier de fabrication numérique ouvert aux habitants.",
  "Les horaires d'ouverture ont été élargis au dimanche après-midi, une première pour un équipement culturel de la commune.",
];

function page(body: string, head = ""): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

const ARTICLE = `<article><h1>Une médiathèque dans l'ancienne halle</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}</article>`;

describe("looksLikeHtml", () => {
  it.each([
    ["a page with a doctype", "<!DOCTYPE html><html><body></body></html>", true],
    ["a page starting with <html>", "\n  <html lang='fr'><body><p>x</p></body></html>", true],
    ["a fragment of block elements", "<div><p>Un paragraphe.</p></div>", true],
    ["a fragment that never closes its paragraphs", "<p>Un paragraphe.\n<p>Un autre.", true],
    ["one opening tag then text", "<p>Un paragraphe sans suite.", false],
    ["scraped text", "Le prix passe de 3 < 5 euros.\nLa suite <ici>.", false],
    ["text starting with a bracket", "<Exclusif> Le maire démissionne", false],
  ])("judges %s: %s", (_name, text, expected) => {
    expect(looksLikeHtml(text)).toBe(expected);
  });
});

describe("readHtml", () => {
  it("reads title, author and publication date from the page metadata", () => {
    const html = page(
      ARTICLE,
      `<meta property="og:title" content="Une médiathèque dans l'ancienne halle">
       <meta name="author" content="Léa Martin">
       <meta property="article:published_time" content="2025-02-01T10:00:00+01:00">`,
    );

    const article = readHtml(html);

    expect(article.title).toBe("Une médiathèque dans l'ancienne halle");
    expect(article.author).toBe("Léa Martin");
    expect(article.dates[0]).toEqual({ value: "2025-02-01T10:00:00+01:00", source: "meta" });
  });

  it.each([
    ["datetime", "datetime"],
    ["dateTime, as React writes it", "dateTime"],
  ])("reads the date of the first <time> with a %s attribute", (_, attribute) => {
    const html = page(
      `<header><time>mardi</time><time ${attribute}="2025-04-29 21:00:25">29/4/2025</time></header>${ARTICLE}`,
    );

    expect(readHtml(html).dates).toEqual([{ value: "2025-04-29 21:00:25", source: "meta" }]);
  });

  it.each([
    ["By Léa Martin", "Léa Martin"],
    ["Posted by Léa Martin on Friday December 19", "Léa Martin"],
    ["Written byLéa Martin", "Léa Martin"],
    ["Author: Léa Martin", "Léa Martin"],
    ["Reviewed by Léa Martin", "Léa Martin"],
    ["Mar 6 Written By Léa Martin", "Léa Martin"],
    ["Léa Martin 4 August 2010", "Léa Martin"],
    ["Byron Martin", "Byron Martin"],
    ["Paris Martin", "Paris Martin"],
  ])("reads the author's name out of the byline %s", (byline, name) => {
    const html = page(ARTICLE, `<meta name="author" content="${byline}">`);

    expect(readHtml(html).author).toBe(name);
  });

  it("falls back on the article's JSON-LD author when no byline or meta tag names one", () => {
    // As WordPress SEO plugins write it: the site's organisation first, the article's author a
    // reference that carries the name
    const jsonLd = JSON.stringify({
      "@context": "https://schema.org",
      "@graph": [
        { "@type": ["Organization", "Person"], "@id": "https://gazette.fr/#org", name: "Gazette" },
        {
          "@type": "Article",
          "@id": "https://gazette.fr/mediatheque/#article",
          author: { name: "Léa  Martin", "@id": "https://gazette.fr/#/schema/person/1" },
          headline: "Une médiathèque dans l'ancienne halle",
        },
      ],
    });
    const html = page(ARTICLE, `<script type="application/ld+json">${jsonLd}</script>`);

    expect(readHtml(html).author).toBe("Léa Martin");
  });

  it("keeps the blocks inside an unclosed inline element apart (fast-check seed 1542558602)", async () => {
    // The <span> is never closed, so it holds the <div>, a second <span> and the <p>
    const html = `<article><span>\n<div>\n<span>publicité</span>\n<p>${PARAGRAPHS[0]}`;

    const article = await cleanArticle(new TextEncoder().encode(html));

    expect(article.paragraphs).toEqual([PARAGRAPHS[0]]);
  });

  it("splits the article into paragraph, heading and list-item blocks", () => {
    const html = page(
      `<article><h1>Titre</h1><p>${PARAGRAPHS[0]}</p><h2>Un équipement ouvert</h2><p>${PARAGRAPHS[1]}</p><ul><li>un auditorium de 120 places pour les conférences</li><li>un atelier numérique ouvert à tous</li></ul><p>${PARAGRAPHS[2]}</p></article>`,
    );

    const kinds = readHtml(html).blocks.map((block) => block.kind);

    expect(kinds).toEqual([
      "heading",
      "paragraph",
      "heading",
      "paragraph",
      "item",
      "item",
      "paragraph",
    ]);
  });

  it("removes newsletter boxes, share bars and embedded posts inside the article", () => {
    const html = page(
      `<article><h1>Titre</h1><p>${PARAGRAPHS[0]}</p>
       <div class="newsletter-box"><p>Chaque semaine, toute l'actualité culturelle de la ville dans votre boîte mail.</p><form><input type="email"></form></div>
       <div class="share-bar"><p>Partagez la nouvelle avec vos amis et votre famille sur les réseaux.</p></div>
       <blockquote class="twitter-tweet"><p>Superbe inauguration ce matin, bravo à toutes les équipes de la médiathèque !</p></blockquote>
       <p>${PARAGRAPHS[1]}</p><p>${PARAGRAPHS[2]}</p></article>`,
    );

    expect(readHtml(html).blocks.map((block) => block.text)).toEqual(["Titre", ...PARAGRAPHS]);
  });
});

/** Paragraphs long enough to count as prose (two sentences with commas). */
const INTRO_PARAGRAPHS = [
  "En hiver, la lumière qui traverse les vitres est plus faible et plus brève qu'en été. Certaines plantes, venues des sous-bois tropicaux, s'en accommodent très bien.",
  "La sansevière, l'aspidistra et la plante ZZ poussaient déjà chez nos grands-parents. Elles reviennent à la mode, car elles demandent peu de soins et vivent longtemps.",
  "Voici, plante par plante, comment les arroser, où les placer et quand les rempoter, pour qu'elles éclairent un coin sombre de la maison pendant les mois gris.",
];

/** Short tips in boxes of their own, as a listicle lays them out in grid rows. */
const tipRows = (count: number): string =>
  Array.from(
    { length: count },
    (_, index) =>
      `<div class="row"><div class="col"><h6>Plante ${index + 1}</h6><p>Conseil ${index + 1} : arrosez la plante une fois par semaine en hiver et laissez sécher la terre.</p></div></div>`,
  ).join("");

const INTRO = `<div class="intro"><div class="text">${INTRO_PARAGRAPHS.map((text) => `<p>${text}</p>`).join("")}</div></div>`;

function readabilityText(html: string): string {
  const { document } = parseHTML(html);
  return new Readability(document as never).parse()?.textContent ?? "";
}

describe("readHtml: the page's own article container", () => {
  it("takes the <article> when Readability keeps only one of its boxes", () => {
    const html = page(
      `<main><article><h1>Les plantes d'intérieur</h1>${INTRO}${tipRows(10)}</article></main>`,
    );
    // The premise: Readability alone keeps the introduction and loses the tips.
    expect(readabilityText(html)).not.toContain("Conseil 10");

    const texts = readHtml(html).blocks.map((block) => block.text);

    expect(texts).toContain(INTRO_PARAGRAPHS[0]);
    expect(texts).toContain(
      "Conseil 1 : arrosez la plante une fois par semaine en hiver et laissez sécher la terre.",
    );
    expect(texts).toContain(
      "Conseil 10 : arrosez la plante une fois par semaine en hiver et laissez sécher la terre.",
    );
  });

  it("keeps Readability's pick when its <article> is not much larger, however large <main> is", () => {
    const html = page(
      `<main><article><h1>Les plantes d'intérieur</h1>${INTRO}</article><section class="more">${tipRows(10)}</section></main>`,
    );

    const texts = readHtml(html).blocks.map((block) => block.text);

    expect(texts).toContain(INTRO_PARAGRAPHS[2]);
    expect(texts.some((text) => text.startsWith("Conseil"))).toBe(false);
  });

  it("never reads the text of a form's text area (a 'republish this article' box)", () => {
    // On a page too deep for Readability, which would drop the box itself, the blocks are read
    // directly: the box holds the article's HTML, escaped, and must not become a paragraph.
    const deep = (inner: string): string => `${"<div>".repeat(140)}${inner}${"</div>".repeat(140)}`;
    const html = page(
      deep(
        `<h1>Titre</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}<div class="republish"><textarea>&lt;h1&gt;Titre&lt;/h1&gt;&lt;p&gt;${PARAGRAPHS[0]}&lt;/p&gt;</textarea></div>`,
      ),
    );

    const article = readHtml(html);

    expect(article.extractor).toBe("blocks");
    expect(article.blocks.map((block) => block.text)).toEqual(["Titre", ...PARAGRAPHS]);
  });

  it("reads each table cell as one block of its own kind", () => {
    const html = page(
      `<article><h1>Titre</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}<table><tr><th>Année</th><th>Hausse</th></tr><tr><td>2024</td><td>+4 %</td></tr><tr><td><p>${PARAGRAPHS[0]}</p></td><td>+4 %</td></tr></table></article>`,
    );

    const cells = readHtml(html).blocks.slice(4);

    expect(cells.map((block) => [block.kind, block.text])).toEqual([
      ["cell", "Année"],
      ["cell", "Hausse"],
      ["cell", "2024"],
      ["cell", "+4 %"],
      ["paragraph", PARAGRAPHS[0]],
      ["cell", "+4 %"],
    ]);
  });

  it("keeps inline words whose class names look like widgets (a comment in a code listing)", () => {
    const html = page(
      `<article><h1>Titre</h1><p>${PARAGRAPHS[0]}</p><pre><code>total = 0 <span class="hljs-comment"># compte les documents prêtés</span></code></pre><p>${PARAGRAPHS[1]}</p></article>`,
    );

    const texts = readHtml(html).blocks.map((block) => block.text);

    expect(texts).toContain("total = 0 # compte les documents prêtés");
  });

  it("keeps component boxes whose class names only look like widgets (cmp-text, w-embed)", () => {
    const html = page(
      `<article><h1>Titre</h1><div class="cmp-text"><p>${PARAGRAPHS[0]}</p></div><div class="w-embed"><p>${PARAGRAPHS[1]}</p></div><p>${PARAGRAPHS[2]}</p></article>`,
    );

    expect(readHtml(html).blocks.map((block) => block.text)).toEqual(["Titre", ...PARAGRAPHS]);
  });
});

describe("cleanArticle on HTML", () => {
  it("reads an HTML fragment without <html> or <body>", async () => {
    const fragment = `<div>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}</div>`;

    const article = await cleanArticle(new TextEncoder().encode(fragment));

    expect(article.format).toBe("html");
    expect(article.paragraphs).toEqual(PARAGRAPHS);
  });

  it("splits text separated by <br><br> on old table-layout pages into paragraphs", async () => {
    const html = `<html><body><table><tr><td><a href="/">Accueil</a><br><a href="/archives">Archives</a></td><td>${PARAGRAPHS.join("<br><br>")}</td></tr></table></body></html>`;

    expect((await cleanArticle(new TextEncoder().encode(html))).paragraphs).toEqual(PARAGRAPHS);
  });

  it("returns the article of a page with navigation, cookie banner and footer", async () => {
    const html = page(
      `<div class="cookie-banner"><p>Nous utilisons des cookies pour mesurer l'audience.</p><button>Accepter</button></div>
       <nav><ul><li><a href="/">Accueil</a></li><li><a href="/culture">Culture</a></li></ul></nav>
       <main>${ARTICLE}</main>
       <footer><p>© 2025 La Gazette. Tous droits réservés.</p></footer>`,
      "<title>Une médiathèque dans l'ancienne halle - La Gazette</title>",
    );

    const article = await cleanArticle(new TextEncoder().encode(html));

    expect(article.format).toBe("html");
    expect(article.title).toBe("Une médiathèque dans l'ancienne halle");
    expect(article.paragraphs).toEqual(PARAGRAPHS);
    expect(article.language).toBe("fr");
  });
});
