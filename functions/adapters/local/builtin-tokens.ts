/**
 * Part-of-speech tagging for the offline analyser, by compromise (https://compromise.cool): a
 * rule-and-lexicon English tagger, ~350 KB minified, no model download, deterministic. It tags
 * proper nouns as Person / Place / Organization, dates, values and demonyms, which is what
 * entity typing and noun-phrase chunking need. Its JSON output is untyped, so it is validated
 * here once.
 */
import nlp from "compromise";
import { z } from "zod";
import { BoundedMemo } from "./bounded-memo.js";

export interface Token {
  /** The word as written ("Lavrov", "S-400"). */
  readonly text: string;
  /** compromise's normal form: lower case, accents kept. */
  readonly normal: string;
  readonly tags: ReadonlySet<string>;
  /** Punctuation and spaces before / after the word, as written. */
  readonly pre: string;
  readonly post: string;
  /** Which block of the input the word is in: `null` for the title, else the paragraph index. */
  readonly block: number | null;
  /** UTF-16 offset of the word in its block. */
  readonly start: number;
  /** Position of the word in its sentence (0 = first word). */
  readonly indexInSentence: number;
}

export type Sentence = readonly Token[];

const TermSchema = z.object({
  text: z.string(),
  normal: z.string().optional(),
  pre: z.string(),
  post: z.string(),
  tags: z.array(z.string()),
  offset: z.object({ start: z.number() }),
});

const SentenceSchema = z.object({ terms: z.array(TermSchema) });

const JSON_OPTIONS = { offset: true, terms: { offset: true } } as const;

/**
 * Model designations: a 1–4 letter prefix, an optional hyphen, 1–4 digits, an optional letter
 * ("S-400", "Su-57", "F-35", "MiG-29", "TB2", "A400M"). Years never match: a letter comes first.
 */
export const MODEL_CODE = /^[A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Z]?$/u;

/** True for a model designation (see `MODEL_CODE`). */
export function isModelCode(text: string): boolean {
  return MODEL_CODE.test(text);
}

/**
 * compromise splits "Su-57" into "Su" and "57" (it keeps "S-400" whole); glue such pairs back
 * when together they form a model code, so every code is one token.
 */
function joinModelCodes(tokens: Token[]): Token[] {
  const joined: Token[] = [];
  for (const token of tokens) {
    const previous = joined.at(-1);
    if (previous !== undefined && previous.post === "-" && token.pre === "") {
      const text = `${previous.text}-${token.text}`;
      if (isModelCode(text)) {
        joined[joined.length - 1] = {
          ...previous,
          text,
          normal: text.toLowerCase(),
          tags: new Set(["Noun", "Singular"]),
          post: token.post,
        };
        continue;
      }
    }
    joined.push(token);
  }
  return joined.map((token, indexInSentence) => ({ ...token, indexInSentence }));
}

/**
 * Blocks whose tagging is remembered. Tagging is most of the offline analyser's time (a
 * profile of `depeche run`: compromise ≈ 13 % of the process, 2/3 of the analysis), and a block's
 * tags depend on its text alone; 500 blocks ≈ 5 MB of tokens.
 */
const TAGGED_BLOCKS_KEPT = 500;

const tagged = new BoundedMemo<readonly Sentence[]>(TAGGED_BLOCKS_KEPT);

/** Tags one block of text (the title, `block` null, or a paragraph) into sentences of tokens. */
export function tagBlock(text: string, block: number | null): Sentence[] {
  const sentences = tagged.get(text, () => tagText(text, block));
  return sentences.map((sentence) =>
    sentence.every((token) => token.block === block)
      ? sentence
      : sentence.map((token) => ({ ...token, block })),
  );
}

/** compromise's sentences of one block as tokens. */
function tagText(text: string, block: number | null): Sentence[] {
  const parsed = z.array(SentenceSchema).parse(nlp(text).json(JSON_OPTIONS));
  return parsed
    .map((sentence) =>
      joinModelCodes(
        sentence.terms
          .filter((term) => term.text !== "")
          .map(
            (term, indexInSentence): Token => ({
              text: term.text,
              normal: term.normal ?? term.text.toLowerCase(),
              tags: new Set(term.tags),
              pre: term.pre,
              post: term.post,
              block,
              start: term.offset.start,
              indexInSentence,
            }),
          ),
      ),
    )
    .filter((sentence) => sentence.length > 0);
}

/** compromise's lexicon: word → tag or tags. Read once, narrowed from its untyped model. */
const LexiconSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const ModelSchema = z.object({ one: z.object({ lexicon: LexiconSchema }) });
const lexicon = ModelSchema.parse(nlp.model()).one.lexicon;

const NO_TAGS: ReadonlySet<string> = new Set();

/**
 * Tags compromise's lexicon lists for a lower-case word, or none if the word is not in it
 * (names, rare words). Unlike tagging the word alone, this never guesses from the suffix, so
 * "zelensky" is unknown, not an adjective, while "foresees" is a known verb form.
 */
export function lexiconTags(word: string): ReadonlySet<string> {
  const entry = Object.hasOwn(lexicon, word) ? lexicon[word] : undefined;
  if (entry === undefined) return NO_TAGS;
  return new Set(typeof entry === "string" ? [entry] : entry);
}
