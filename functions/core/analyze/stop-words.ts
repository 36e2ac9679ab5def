/**
 * English function words, shared by the summariser (similarity ignores them) and the offline
 * key-phrase extractor (a phrase made only of them is not a phrase). Written out here rather
 * than taken from a package: it is data, ~170 words, and the summariser is bundled into the
 * Lambda where a dependency for a word list is not worth its weight. Based on the usual
 * SMART/NLTK lists, trimmed to words that never carry topic.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also although am among an and another any are as at
  be because been before being below between both but by can cannot could did do does doing done
  down during each either else even ever every few for from further had has have having he her
  here hers herself him himself his how however i if in into is it its itself just least less
  let like many may me might more most much must my myself neither no nor not now of off often
  on once one only or other others otherwise our ours ourselves out over own per quite rather
  same several shall she should since so some such than that the their theirs them themselves
  then there these they this those though through thus to too under until up upon us very was
  we were what whatever when whenever where whereas whether which while who whom whose why will
  with within without would yes yet you your yours yourself yourselves it's don't doesn't
  isn't aren't wasn't weren't won't can't couldn't shouldn't wouldn't mr mrs ms m mm`.split(/\s+/),
);

/**
 * Page furniture that survives cleaning on news sites ("Share", "Advertising", "Read also"):
 * never a key phrase, never an entity.
 */
export const BOILERPLATE_WORDS: ReadonlySet<string> = new Set(
  `share shares advertising advertisement ad ads read also subscribe subscription newsletter
  cookie cookies comment comments click photo photos video videos credit copyright login
  sign follow tweet facebook whatsapp email print`.split(/\s+/),
);

/** True when a word is a stop word, boilerplate, or has no letter (numbers, codes like "2017"). */
export function isFunctionOrNoise(word: string): boolean {
  const lower = word.toLowerCase();
  return STOP_WORDS.has(lower) || BOILERPLATE_WORDS.has(lower) || !/\p{L}/u.test(lower);
}
