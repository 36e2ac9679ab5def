/**
 * Spanish → English cognates for the per-word fallback (ADR 0004): a Spanish word the spa-eng
 * pair does not know ("plenaria") often has a regular English twin ("plenary"). The ending is
 * rewritten by a short table of regular correspondences and the result is accepted only if it
 * is an English word (Debian's English word lists): the table proposes, the lists decide.
 *
 * Only for words of the pivot language. The French leftovers go to the dictionaries instead:
 * French → English cognates have many false friends a word list cannot see.
 */

/** Spanish endings and their English twins, longest first within a word (-aria before -ia). */
const ENDINGS: readonly (readonly [string, readonly string[]])[] = [
  ["mente", ["ly"]],
  ["ción", ["tion"]],
  ["sión", ["sion"]],
  ["aria", ["ary"]],
  ["ario", ["ary"]],
  ["idad", ["ity"]],
  ["dad", ["ty"]],
  ["ismo", ["ism"]],
  ["ista", ["ist"]],
  ["ivo", ["ive"]],
  ["iva", ["ive"]],
  ["ico", ["ic", "ical"]],
  ["ica", ["ic", "ical"]],
  ["oso", ["ous"]],
  ["osa", ["ous"]],
  ["ía", ["y"]],
  ["ia", ["y"]],
  ["ente", ["ent"]],
  ["ante", ["ant"]],
  ["al", ["al"]],
  ["ble", ["ble"]],
];

/** Letters the word keeps before its ending: "na-ción" is a word, "t-ía" a guess. */
const MIN_ROOT = 2;

/** Spanish plural endings to carry over to English (-ciones → -tions). */
const PLURAL = /(?<=[aeiouáéíóú])s$|(?<=[nrld])es$/u;

const accentless = (text: string): string =>
  text.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");

/**
 * The English twin of a lower-case Spanish word, or `undefined` when no ending rule gives a word
 * `isEnglish` accepts. A plural stays plural ("plenarias" → "plenaries" only if English has it).
 */
export function spanishCognate(
  word: string,
  isEnglish: (word: string) => boolean,
): string | undefined {
  // Endings compare without accents: the plural moves the accent ("nación", "naciones").
  const lower = accentless(word.toLowerCase());
  const plural = PLURAL.exec(lower);
  const stems =
    plural === null
      ? [[lower, ""]]
      : [
          [lower.slice(0, plural.index), "s"],
          [lower, ""],
        ];
  for (const [stem = "", suffix] of stems) {
    for (const [accented, twins] of ENDINGS) {
      const ending = accentless(accented);
      if (!stem.endsWith(ending) || stem.length - ending.length < MIN_ROOT) continue;
      const root = stem.slice(0, -ending.length);
      for (const twin of twins) {
        const singular = root + twin;
        const candidates =
          suffix === "" ? [singular] : [`${singular}s`, singular.replace(/y$/u, "ies")];
        for (const candidate of candidates) if (isEnglish(candidate)) return candidate;
      }
    }
  }
  return undefined;
}
