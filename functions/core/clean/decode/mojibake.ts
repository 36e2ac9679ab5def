/**
 * Mojibake repair. A page or an export that went through one wrong decode shows UTF-8 bytes read
 * as Windows-1252 (or Latin-1): "Ã©tÃ©" for "été", "câ€™est" for "c’est", "Â«Â Oui Â»" for
 * "« Oui »". The bytes are still all there, one character each: encoding each character of such
 * a run back to its byte gives the UTF-8 the writer meant. Scrapers of French news produce this
 * often enough that the cleaner repairs it before anything else reads the text (ADR 0003).
 *
 * Only exact UTF-8 sequences are repaired: a lead character (see `SEQUENCE` for which) followed
 * by exactly the continuation characters it needs (bytes 0x80–0xBF: the
 * Windows-1252 punctuation of 0x80–0x9F, the C1 controls Latin-1 gives them, and ¡–¿; NBSP
 * only after Â and Ã, see `CONTINUATION`), and the bytes must decode as UTF-8 (no overlong
 * form, no surrogate). Correct text almost never holds such a run: French and English put a
 * letter or a space after "Ã", "Â" or "â", never "©", "«" or "€™". A second pass repairs text
 * that was wrongly decoded twice.
 */
import { WINDOWS_1252_C1 } from "./decode.js";

/** Repair passes: text decoded wrongly twice needs two; more is noise, not mojibake. */
const MAX_PASSES = 2;

/** Windows-1252's characters for bytes 0x80–0x9F, back to the byte. */
const BYTE_OF_1252: ReadonlyMap<string, number> = new Map(
  Object.entries(WINDOWS_1252_C1).map(([byte, char]) => [char, Number(byte)]),
);

/** Windows-1252's characters for 0x80–0x9F, as one character-class body. */
const WINDOWS_1252_PUNCTUATION = [...BYTE_OF_1252.keys()].join("");

/**
 * One continuation byte (0x80–0xBF) as a wrong decode shows it, NBSP (0xA0) apart: French puts
 * a no-break space between a word and "»", ":" or "!", so "é »" is correct text (and would read
 * as the three bytes of "頻"). NBSP counts only after "Â" and "Ã", where it stands for NBSP
 * and "à" ("Ã " is the commonest mojibake of French) and correct text never has it.
 */
const CONTINUATION = `[\\u0080-\\u009f\\u00a1-\\u00bf${WINDOWS_1252_PUNCTUATION}]`;
const CONTINUATION_OR_NBSP = `[\\u0080-\\u00bf${WINDOWS_1252_PUNCTUATION}]`;

/**
 * The lead bytes repaired, those whose characters news in French or English actually carries:
 * Â Ã (Latin-1: accents, «», °, ©), Ä Å (Latin Extended-A: œ, Š, ğ, ş, ł), Î Ï (Greek), Ð Ñ
 * (Cyrillic); à á â (Latin Extended Additional, ’ “ ” — … € ™, arrows, ⭐), ï (U+F000–U+FFFF:
 * the replacement character, fullwidth forms) and ð–ô (emoji). The others would mostly repair
 * correct text: "NESCAFÉ®" (É®, IPA), "‘ß’" (ß’, NKo), "é »" (CJK). Character-class bodies.
 */
const LEADS = {
  twoBytesOrNbsp: "\\u00c2\\u00c3",
  twoBytes: "\\u00c4\\u00c5\\u00ce\\u00cf\\u00d0\\u00d1",
  threeBytes: "\\u00e0-\\u00e2\\u00ef",
  fourBytes: "\\u00f0-\\u00f4",
} as const;

const SEQUENCE = new RegExp(
  [
    `[${LEADS.twoBytesOrNbsp}]${CONTINUATION_OR_NBSP}`,
    `[${LEADS.twoBytes}]${CONTINUATION}`,
    `[${LEADS.threeBytes}]${CONTINUATION}{2}`,
    `[${LEADS.fourBytes}]${CONTINUATION}{3}`,
  ].join("|"),
  "gu",
);

/** Quick check before the full pattern: a lead character is there at all. */
const LEAD = new RegExp(`[${Object.values(LEADS).join("")}]`, "u");

let decoder: TextDecoder | undefined;

function repairSequence(run: string): string {
  const bytes = Uint8Array.from(run, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? code : (BYTE_OF_1252.get(char) ?? 0);
  });
  decoder ??= new TextDecoder("utf-8", { fatal: true });
  try {
    return decoder.decode(bytes);
  } catch {
    // Not UTF-8 after all (an overlong form, a surrogate): the characters stay as written.
    return run;
  }
}

/** The text with every UTF-8-read-as-Windows-1252 sequence decoded as it was meant. */
export function repairMojibake(text: string): string {
  let repaired = text;
  for (let pass = 0; pass < MAX_PASSES && LEAD.test(repaired); pass += 1) {
    const next = repaired.replace(SEQUENCE, repairSequence);
    if (next === repaired) break;
    repaired = next;
  }
  return repaired;
}
