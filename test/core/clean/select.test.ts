import { describe, expect, it } from "vitest";
import type { Block } from "../../../functions/core/clean/blocks/block.js";
import { textBlocks } from "../../../functions/core/clean/blocks/text-blocks.js";
import { selectArticle } from "../../../functions/core/clean/select/select.js";

const select = (lines: string[]) =>
  selectArticle(textBlocks(lines.join("\n")), { header: "nothing" });

const P1 =
  "Le conseil municipal a adopté mardi soir le budget primitif pour l'année prochaine, après trois heures de débats.";
const P2 = "L'opposition a voté contre, dénonçant une hausse de la taxe foncière de 4 %.";
const P3 =
  "« Nous ne renonçons pas à nos projets à cause de la conjoncture. Les travaux de l'école commenceront en mars », a assuré le maire.";

describe("selectArticle", () => {
  it("keeps a subheading that introduces a paragraph", () => {
    const article = select([P1, "Une hausse de la taxe foncière", P2]);

    expect(article.paragraphs).toEqual([P1, "Une hausse de la taxe foncière", P2]);
  });

  it("drops a run of unpunctuated lines (related headlines) and a heading that ends the text", () => {
    const article = select([
      P1,
      "Un incendie ravage un entrepôt près du port",
      "La piscine municipale fermée pour travaux",
      P2,
      "Le marché de Noël ouvrira vendredi",
    ]);

    expect(article.paragraphs).toEqual([P1, P2]);
  });

  it("drops a pull quote repeated from the body, with its attribution lines", () => {
    const article = select([
      P1,
      "Nous ne renonçons pas à nos projets à cause de la conjoncture",
      "Jean Dupont",
      "maire de la commune",
      P2,
      P3,
    ]);

    expect(article.paragraphs).toEqual([P1, P2, P3]);
  });

  it("drops the headlines listed under a lone teaser label", () => {
    const article = select([P1, "Lire aussi", "Un incendie ravage un entrepôt près du port", P2]);

    expect(article.paragraphs).toEqual([P1, P2]);
  });

  it("keeps a last paragraph whose full stop the scraper lost", () => {
    const last =
      "Le maire a promis de revenir devant le conseil avant l'été avec un plan de financement détaillé pour la rénovation des trois écoles du centre-ville";

    expect(select([P1, P2, last]).paragraphs).toEqual([P1, P2, last]);
  });

  it("drops exact duplicates and keeps the first occurrence", () => {
    expect(select([P1, "PUBLICITÉ", P1, P2]).paragraphs).toEqual([P1, P2]);
  });

  it("ends the article at an end-of-article marker once the body has started", () => {
    const article = select([
      P1,
      P2,
      P3,
      "À propos de l'auteur",
      "Jean Dupont est journaliste depuis vingt ans et couvre la vie municipale.",
    ]);

    expect(article.paragraphs).toEqual([P1, P2, P3]);
  });

  it("reads on past a marker met before 50 words of body (a comment-count link by the byline)", () => {
    const article = select([P2, "12 commentaires", P1, P3]);

    expect(article.paragraphs).toEqual([P2, P1, P3]);
  });

  it("keeps unpunctuated list items introduced by a colon", () => {
    const intro = "Le budget prévoit trois chantiers prioritaires :";
    const items = [
      "- la rénovation de l'école Jules-Ferry",
      "- un nouveau gymnase",
      "- des pistes cyclables",
    ];

    expect(select([P1, intro, ...items, P2]).paragraphs).toEqual([P1, intro, ...items, P2]);
  });

  describe("title", () => {
    it("prefers a headline repeated before the body over page chrome", () => {
      const article = select([
        "Accueil > Actualités > Municipal",
        "Le budget de la ville adopté",
        "Le budget de la ville adopté",
        P1,
      ]);

      expect(article.title).toBe("Le budget de la ville adopté");
      expect(article.paragraphs).toEqual([P1]);
    });

    it("prefers an underlined headline over a shouting masthead", () => {
      const article = select([
        "LA LETTRE DE LA MAIRIE - N° 12",
        "",
        "Le budget adopté",
        "================",
        "",
        P1,
      ]);

      expect(article.title).toBe("Le budget adopté");
    });

    it("prefers the headline over the shorter kicker above it", () => {
      const article = select([
        "Conseil municipal",
        "Le budget de la ville adopté après trois heures de débat",
        P1,
      ]);

      expect(article.title).toBe("Le budget de la ville adopté après trois heures de débat");
    });

    it("looks past a short tagline sentence in the page header", () => {
      const article = select([
        "La Gazette",
        "Le journal de votre ville.",
        "Le budget de la ville adopté",
        P1,
        P2,
      ]);

      expect(article.title).toBe("Le budget de la ville adopté");
      expect(article.paragraphs).toEqual([P1, P2]);
    });

    it("keeps a short lead sentence followed by the body", () => {
      expect(select(["Le maire a démissionné.", P1]).paragraphs).toEqual([
        "Le maire a démissionné.",
        P1,
      ]);
    });

    it("takes a short opening question followed by the lead for a question headline", () => {
      const article = select(["Faut-il craindre une hausse de la taxe foncière ?", P1, P2]);

      expect(article.title).toBe("Faut-il craindre une hausse de la taxe foncière ?");
      expect(article.paragraphs).toEqual([P1, P2]);
    });

    it("leaves an opening question that belongs to a paragraph in the body", () => {
      const opening = "Faut-il craindre une hausse ? Le maire assure que non, chiffres à l'appui.";

      expect(select([opening, P1]).title).toBeNull();
    });

    it("is null when the text opens with a paragraph", () => {
      expect(select([P1, P2]).title).toBeNull();
    });
  });

  it("joins a paragraph hard-wrapped by a text tool", () => {
    const article = select([
      "Le conseil municipal a adopté mardi soir le budget primitif pour",
      "l'année prochaine, après trois heures de débats.",
    ]);

    expect(article.paragraphs).toEqual([P1]);
  });

  it("finds no paragraph in a page of navigation", () => {
    expect(select(["Accueil", "Politique", "Suivez-nous"]).paragraphs).toEqual([]);
  });

  describe("on extracted article markup", () => {
    const paragraph = (text: string): Block => ({ text, kind: "paragraph", linkDensity: 0 });
    const cell = (text: string): Block => ({ text, kind: "cell", linkDensity: 0 });
    const selectMarkup = (blocks: Block[]) =>
      selectArticle(blocks, { header: "headings", knownTitle: null, structure: "article" });
    const P4 =
      "Le maire a rappelé que la commune n'avait pas augmenté ses impôts depuis six ans, malgré la hausse des prix de l'énergie et des matériaux de construction.";
    const P5 =
      "Les associations de quartier, consultées en novembre, ont obtenu que le budget de la future maison des jeunes soit maintenu au niveau annoncé l'an dernier.";

    it("keeps a figure repeated in two table rows, and still drops a repeated paragraph", () => {
      const article = selectMarkup([
        paragraph(P1),
        cell("2024"),
        cell("+4 %"),
        cell("2025"),
        cell("+4 %"),
        paragraph(P2),
        paragraph(P1),
      ]);

      expect(article.paragraphs).toEqual([P1, "2024", "+4 %", "2025", "+4 %", P2]);
    });

    it("reads on past a marker followed by more of the article than came before it", () => {
      const P6 =
        "La séance s'est achevée peu avant minuit par le vote des subventions aux clubs sportifs, en hausse de deux pour cent, et par une minute de silence en mémoire d'un ancien adjoint aux finances, disparu cet été à l'âge de quatre-vingt-onze ans.";
      const blocks = [P1, P4, P3, "Commentaires", P2, P5, P6].map(paragraph);

      expect(selectMarkup(blocks).paragraphs).toEqual([P1, P4, P3, P2, P5, P6]);
    });

    it("ends the article at a marker followed by less prose than came before it", () => {
      const blocks = [
        paragraph(P1),
        paragraph(P4),
        paragraph(P5),
        paragraph("Commentaires"),
        paragraph(P2),
      ];

      expect(selectMarkup(blocks).paragraphs).toEqual([P1, P4, P5]);
    });
  });
});
