import { describe, expect, it } from "vitest";
import {
  cleanArticle,
  type ReaderLoader,
  readersOnDemand,
} from "../../../functions/core/clean/index.js";

/** `readersOnDemand`, counting which readers the cleaner asked for. */
function countingLoader(): { loader: ReaderLoader; asked: string[] } {
  const asked: string[] = [];
  const counted =
    <T>(name: keyof ReaderLoader, load: () => Promise<T>) =>
    (): Promise<T> => {
      asked.push(name);
      return load();
    };
  const loader: ReaderLoader = {
    html: counted("html", readersOnDemand.html),
    references: counted("references", readersOnDemand.references),
    languageIdentifier: counted("languageIdentifier", readersOnDemand.languageIdentifier),
  };
  return { loader, asked };
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const FRENCH = [
  "Le conseil municipal adopte le budget",
  "",
  "Les élus de la ville ont voté mardi soir le budget de l'année prochaine, après trois heures de débat sur les écoles et les transports.",
].join("\n");

const GERMAN = [
  "Der Stadtrat beschließt den Haushalt",
  "",
  "Die Abgeordneten der Stadt haben am Dienstagabend nach drei Stunden Debatte über Schulen und Verkehr den Haushalt für das kommende Jahr verabschiedet.",
].join("\n");

describe("cleanArticle's reader loader", () => {
  it("asks for no reader for a plain French text", async () => {
    const { loader, asked } = countingLoader();
    const article = await cleanArticle(utf8(FRENCH), { readers: loader });
    expect(article.language).toBe("fr");
    expect(asked).toEqual([]);
  });

  it("asks for the HTML reader for a page, and only for it", async () => {
    const { loader, asked } = countingLoader();
    const page = `<!doctype html><html><body><article><h1>Le budget</h1><p>${FRENCH.split("\n")[2]}</p></article></body></html>`;
    const article = await cleanArticle(utf8(page), { readers: loader });
    expect(article.format).toBe("html");
    expect(asked).toEqual(["html"]);
  });

  it("asks for the reference decoder for a text with '&', and decodes it", async () => {
    const { loader, asked } = countingLoader();
    const text = [
      "Le sommet de l&#8217;OTAN s&rsquo;ouvre &agrave; Vilnius",
      "",
      "Les dirigeants de l&#x2019;Alliance se retrouvent mardi&nbsp;: AT&T et R&D n&apos;y sont pas. Le secr&eacute;taire g&eacute;n&eacute;ral a pr&eacute;sent&eacute; l&#8217;ordre du jour, qui porte sur l&#8217;Ukraine et la d&eacute;fense a&eacute;rienne.",
    ].join("\n");
    const cleaned = await cleanArticle(utf8(text), { readers: loader });
    expect(asked).toEqual(["references"]);
    expect(cleaned.title).toBe("Le sommet de l’OTAN s’ouvre à Vilnius");
    expect(cleaned.paragraphs[0]).toContain(
      "l’Alliance se retrouvent mardi : AT&T et R&D n'y sont",
    );
  });

  it("asks for franc-min only for a text that is not plainly French or English", async () => {
    const { loader, asked } = countingLoader();
    const article = await cleanArticle(utf8(GERMAN), { readers: loader });
    expect(article.language).toBe("de");
    expect(asked).toEqual(["languageIdentifier"]);
  });

  it("rejects bad input with an InputError before loading anything", async () => {
    const { loader, asked } = countingLoader();
    await expect(cleanArticle(new Uint8Array(), { readers: loader })).rejects.toMatchObject({
      code: "EMPTY_INPUT",
    });
    expect(asked).toEqual([]);
  });
});
