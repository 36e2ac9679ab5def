import { describe, expect, it } from "vitest";
import { spanishCognate } from "../../../functions/adapters/local/apertium-cognates.js";

const ENGLISH = new Set(["plenary", "plenaries", "optional", "facultative", "nation", "nations"]);
const isEnglish = (word: string) => ENGLISH.has(word);

describe("spanishCognate", () => {
  it("rewrites a regular Spanish ending into its English twin when English has the word", () => {
    expect(spanishCognate("plenaria", isEnglish)).toBe("plenary");
    expect(spanishCognate("facultativa", isEnglish)).toBe("facultative");
    expect(spanishCognate("nación", isEnglish)).toBe("nation");
  });

  it("keeps a plural plural", () => {
    expect(spanishCognate("plenarias", isEnglish)).toBe("plenaries");
    expect(spanishCognate("naciones", isEnglish)).toBe("nations");
  });

  it("gives nothing when the rewritten word is not English or no ending applies", () => {
    // "repliegue" has no regular ending; "sindical" → "sindical" is not English.
    expect(spanishCognate("repliegue", isEnglish)).toBeUndefined();
    expect(spanishCognate("sindical", isEnglish)).toBeUndefined();
    // Too little left before the ending to be the same word.
    expect(spanishCognate("tía", () => true)).toBeUndefined();
  });
});
