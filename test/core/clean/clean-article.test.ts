import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanArticle } from "../../../functions/core/clean/index.js";
import { InputError } from "../../../functions/core/errors.js";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const seed = (name: string): Uint8Array =>
  readFileSync(new URL(`../../../seeds/${name}`, import.meta.url));

async function inputErrorCode(act: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await act();
  } catch (error: unknown) {
    if (error instanceof InputError) return error.code;
    throw error;
  }
  return undefined;
}

describe("cleanArticle", () => {
  it("keeps the headline as title and drops page chrome around a scraped article", async () => {
    // Given a scraped page with a menu, an ad label, a repeated headline and a share bar
    const input = utf8(
      [
        "Accueil",
        "PUBLICITÉ",
        "Le conseil municipal vote le budget de la ville",
        "Le conseil municipal vote le budget de la ville",
        "Partager cet article",
        "Le conseil municipal a adopté mardi soir le budget primitif pour l'année prochaine, après trois heures de débats.",
        "L'opposition a voté contre, dénonçant une hausse de la taxe foncière de 4 %.",
        "À découvrir également",
        "Un incendie ravage un entrepôt près du port",
      ].join("\n"),
    );

    // When it is cleaned
    const article = await cleanArticle(input);

    // Then only the headline and the two paragraphs remain
    expect(article.title).toBe("Le conseil municipal vote le budget de la ville");
    expect(article.paragraphs).toEqual([
      "Le conseil municipal a adopté mardi soir le budget primitif pour l'année prochaine, après trois heures de débats.",
      "L'opposition a voté contre, dénonçant une hausse de la taxe foncière de 4 %.",
    ]);
    expect(article.format).toBe("text");
    expect(article.language).toBe("fr");
  });

  it("decodes character references a scraper left in plain text", async () => {
    const input = utf8(
      "Le chef de l&#8217;OTAN a jug&eacute; la situation &laquo;&nbsp;pr&eacute;occupante&nbsp;&raquo; lors d'une conf&eacute;rence &agrave; Bruxelles, avec AT&T.",
    );

    expect((await cleanArticle(input)).paragraphs).toEqual([
      "Le chef de l’OTAN a jugé la situation « préoccupante » lors d'une conférence à Bruxelles, avec AT&T.",
    ]);
  });

  it("reads the cleaned seed 004 byline as the author", async () => {
    const article = await cleanArticle(seed("004_c0c2a675c781d31b.txt"));

    expect(article.author).toBe("euronews avec AFP");
    expect(article.encoding).toBe("utf-8");
  });

  it.each([
    ["empty input", new Uint8Array(), "EMPTY_INPUT"],
    ["whitespace only", utf8(" \n\t\u00a0\u200b\n"), "EMPTY_INPUT"],
    ["a gzip stream", new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), "COMPRESSED_INPUT"],
    ["a zip archive", new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0]), "COMPRESSED_INPUT"],
    ["a PNG image", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), "BINARY_INPUT"],
    ["NUL-heavy bytes", new Uint8Array(64).fill(0).map((_, i) => (i % 3 ? 0 : 65)), "BINARY_INPUT"],
    [
      "boilerplate only",
      utf8("PUBLICITÉ\nPartager cet article\nTous droits réservés"),
      "NO_ARTICLE",
    ],
    [
      "HTML without an article",
      utf8("<!doctype html><html><body><nav><a href='/'>Accueil</a></nav></body></html>"),
      "NO_ARTICLE",
    ],
  ])("refuses %s with InputError %s", async (_name, bytes, code) => {
    expect(await inputErrorCode(() => cleanArticle(bytes))).toBe(code);
  });
});
