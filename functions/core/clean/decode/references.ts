import { decodeHTMLStrict } from "entities/decode";
import type { ReferenceDecoder } from "../clean-article.js";

/**
 * Decodes the HTML character references scrapers leave in text ("l&#8217;OTAN", "&nbsp;"), with
 * the full HTML table of the `entities` package. Strict mode: only references closed by ";" are
 * decoded, so "AT&T" and "R&D" stay as written.
 */
export const decodeReferences: ReferenceDecoder = (text) => decodeHTMLStrict(text);
