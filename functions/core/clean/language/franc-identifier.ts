import { franc } from "franc-min";
import type { LanguageIdentifier } from "./language.js";

/** franc-min over its 82 languages: an ISO 639-3 code, or "und" when it cannot tell. */
export const identifyLanguage: LanguageIdentifier = (text) => franc(text);
