import { describe, expect, it } from "vitest";
import { CleanDocumentSchema } from "../../../functions/core/document.js";
import { parsePipelineSettings } from "../../../functions/core/settings.js";
import { cleanStage } from "../../../functions/core/stages/clean-stage.js";

const PARAGRAPHS = [
  "La ville a inauguré samedi sa nouvelle médiathèque, installée dans une ancienne halle ferroviaire rénovée pendant trois ans.",
  "Le bâtiment accueille 80 000 documents, un auditorium de 120 places et un atelier de fabrication numérique ouvert aux habitants.",
];

function stored(text: string) {
  const bytes = new TextEncoder().encode(text);
  return { bytes, etag: "0123", size: bytes.length };
}

describe("cleanStage: the publication date and where it was read", () => {
  it("records a JSON-LD date as ISO 8601 with its source in clean.publishedSource", async () => {
    const html = `<!doctype html><html lang="fr"><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-02-01T10:00:00+01:00"}</script></head><body><article><h1>Une médiathèque dans l'ancienne halle</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}</article></body></html>`;

    const document = await cleanStage(
      stored(html),
      { bucket: "b", key: "incoming/page.html" },
      parsePipelineSettings(() => undefined),
    );

    expect(document.clean.published).toBe("2025-02-01T10:00:00+01:00");
    expect(document.clean.publishedSource).toBe("json-ld");
    expect(CleanDocumentSchema.safeParse(document).success).toBe(true);
  });

  it("records null for both when the text states no date", async () => {
    const document = await cleanStage(
      stored(PARAGRAPHS.join("\n")),
      { bucket: "b", key: "incoming/brief.txt" },
      parsePipelineSettings(() => undefined),
    );

    expect(document.clean.published).toBeNull();
    expect(document.clean.publishedSource).toBeNull();
  });
});
