import { describe, expect, it } from "vitest";
import type { Block } from "../../../functions/core/clean/blocks/block.js";
import { matchBoilerplate } from "../../../functions/core/clean/select/boilerplate.js";
import { blockFeatures, classifyBlock } from "../../../functions/core/clean/select/features.js";
import { fold, words } from "../../../functions/core/clean/select/fold.js";

const line = (text: string): Block => ({ text, kind: "line" });
const classify = (block: Block): string => classifyBlock(block, blockFeatures(block));

function boilerplate(text: string): ReturnType<typeof matchBoilerplate> {
  const wordCount = words(text).length;
  const endsSentence = /[.!?…][\s"'»”’)\]]*$/u.test(text);
  return matchBoilerplate({ text, folded: fold(text), wordCount, endsSentence });
}

describe("blockFeatures", () => {
  it("measures a French paragraph as punctuated prose rich in function words", () => {
    const features = blockFeatures(
      line("Le Sénat a adopté mardi soir le projet de loi de finances pour l'année prochaine."),
    );

    expect(features.wordCount).toBe(16);
    expect(features.endsSentence).toBe(true);
    expect(features.stopWordRatio).toBeGreaterThan(0.3);
    expect(features.letterRatio).toBeGreaterThan(0.9);
    expect(features.boilerplate).toBeUndefined();
  });

  it("measures a menu as capitalised words without function words", () => {
    const features = blockFeatures(line("Accueil Politique International Économie Culture Sport"));

    expect(features.stopWordRatio).toBe(0);
    expect(features.capitalizedRatio).toBe(1);
    expect(features.endsSentence).toBe(false);
  });

  it("sees a sentence end behind closing quotes", () => {
    expect(blockFeatures(line("« Nous ne céderons pas. »")).endsSentence).toBe(true);
    expect(blockFeatures(line("Il a déclaré : « Non ».")).endsSentence).toBe(true);
  });

  it("recognises list bullets and colons that introduce them", () => {
    expect(blockFeatures(line("- une hausse du Smic de 2 %")).isListItem).toBe(true);
    expect(blockFeatures(line("Le texte prévoit trois mesures :")).endsWithColon).toBe(true);
  });
});

describe("classifyBlock", () => {
  it.each([
    ["a punctuated sentence", "Le maire a démissionné.", "prose"],
    [
      "a long paragraph missing its full stop",
      `${"le conseil a voté le budget de la ville et ".repeat(4)}la région`,
      "prose",
    ],
    ["a sentence introducing a quote", "Le ministre a déclaré devant les députés :", "prose"],
    ["a subheading", "La Turquie vendra des Bayraktar à quiconque en achètera", "heading"],
    ["a two-word subheading in sentence case", "Premières réactions", "heading"],
    ["a two-word name", "Mevlut Cavusoglu", "noise"],
    ["a one-word menu entry", "Podcasts", "noise"],
    ["a navigation bar", "Accueil Politique International Économie Culture", "noise"],
    ["a date", "12/03/2024 10:45", "noise"],
    ["a separator", "* * * * *", "noise"],
    ["an ad label", "PUBLICITÉ", "noise"],
  ])("classifies %s as %s", (_name, text, expected) => {
    expect(classify(line(text))).toBe(expected);
  });

  it("classifies an HTML block made of link text as noise", () => {
    expect(classify({ text: "Les plus lus de la semaine", kind: "item", linkDensity: 1 })).toBe(
      "noise",
    );
  });

  it("classifies a figure caption as noise", () => {
    expect(classify({ text: "Le Sénat lors du vote, mardi soir.", kind: "caption" })).toBe("noise");
  });
});

describe("matchBoilerplate", () => {
  it.each([
    ["PUBLICITÉ", "chrome"],
    ["Partager cet articleDiscussion", "chrome"],
    ["Copier/coller le lien embed de la vidéo de l'article :Copy to clipboardLien copié", "chrome"],
    ["Tous droits réservés Ibrahim Laleli/AP", "chrome"],
    ["© 2024 Le Dauphiné Express. Tous droits réservés.", "chrome"],
    ["Copyright 2025 Example Media Group. All rights reserved.", "chrome"],
    ["Lire aussi : Les USA suspendent la livraison d’équipements de F-35 à la Turquie", "teaser"],
    ["» LIRE AUSSI", "teaser"],
    ["source : Pravda.ru", "chrome"],
    ["Adblock test (Why?)", "chrome"],
    ["Suivez RT France sur Telegram", "chrome"],
    ["Nous utilisons des cookies pour mesurer l'audience de ce site.", "chrome"],
    ["Votre adresse e-mail ne sera pas publiée.", "chrome"],
    ["À découvrir également", "end-of-article"],
    ["À propos de l’auteur Réseau International", "end-of-article"],
    ["Laisser un commentaire", "end-of-article"],
    ["12 commentaires", "end-of-article"],
    ["Commentaires (42)", "end-of-article"],
    ["Réactions", "end-of-article"],
    ["Recommended For You", "end-of-article"],
    ["--", "end-of-article"],
    ["Par euronews avec AFP", "byline"],
    ["By Jane Smith", "byline"],
    ["Publié le", "dateline"],
    ["Published 14 March 2025", "dateline"],
  ])("labels %j as %s", (text, kind) => {
    expect(boilerplate(text)?.kind).toBe(kind);
  });

  it.each([
    "Publicité mensongère : l'entreprise a été condamnée à une amende de deux millions d'euros.",
    "Par ailleurs, le ministre a annoncé une hausse des crédits de la recherche.",
    "Les sources proches du dossier évoquent un accord avant l'été.",
    "Le gouvernement veut interdire les cookies publicitaires d'ici à deux ans, selon le projet de décret.",
    "Publié en 2019, le rapport recommandait déjà la fermeture du site.",
    "Réactions en chaîne au Parlement",
    "Commentaires du Kremlin",
    "Par-delà les frontières",
    "Suivez le guide : la mairie publie un plan des nouvelles pistes cyclables.",
    "Le tribunal a rappelé que la mention © 2024 ne protège pas une photographie de rue.",
  ])("leaves the sentence %j alone", (text) => {
    expect(boilerplate(text)).toBeUndefined();
  });

  it("tells a lone teaser label from a teaser that carries its headline", () => {
    expect(boilerplate("À lire aussi :")).toEqual({ kind: "teaser", labelOnly: true });
    expect(boilerplate("Lire aussi : Kiev réclame des drones")).toEqual({
      kind: "teaser",
      labelOnly: false,
    });
  });

  it("reads the author and the date of a byline and a dateline", () => {
    expect(boilerplate("Par Claire Vasseur, publié le 3 mars 2024")).toEqual({
      kind: "byline",
      author: "Claire Vasseur",
    });
    expect(boilerplate("Publié le 26/08/2025 à 06h30 Mis à jour le 26/08/2025 à 09h12")).toEqual({
      kind: "dateline",
      published: "26/08/2025 à 06h30",
    });
  });
});
