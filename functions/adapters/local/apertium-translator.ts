/**
 * The offline `Translator`: Apertium French → English through a pivot (Debian has no fr-en
 * pair) — French → Spanish → English, optionally also French → Catalan → English per sentence —
 * one long-lived pipeline per pivot instead of two `apertium` processes per request. With several
 * pivots each sentence goes through all of them and the output with fewer words Apertium could
 * not translate wins (ties: the first).
 *
 * 1. Each paragraph is pre-edited (`protectText`): model codes, URLs, glossary terms and
 *    hyphenated place names become placeholders Apertium passes through unchanged.
 * 2. Paragraphs go to the pipeline as separate NUL-delimited requests, all in flight together:
 *    one reply per paragraph, so the English is aligned 1:1 with the French by construction.
 * 3. Each word the pivot left foreign (Apertium's `-g` marks) is looked up alone through the
 *    other ways from French to English — French → Esperanto → English, then French → Catalan →
 *    English, each one more long-lived pipeline, then Debian's FreeDict dictionaries through a
 *    third language (`apertium-dictionary-lookup.ts`) — and spliced in place
 *    (`apertium-word-fallback.ts`).
 * 4. Each reply is turned back into text, placeholders restored, and post-edited
 *    (`restoreText`: French typography, sentence-start capitals Apertium gets wrong).
 * 5. A pipeline that dies is replaced on the next call; the call that saw it die fails with
 *    `TransientError`.
 */
import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import type { LanguagePair, TranslationOutput, Translator } from "../../core/ports.js";
import { sentenceSlices } from "../../core/text/sentences.js";
import type { Glossary } from "../../core/translate/glossary.js";
import { spanishCognate } from "./apertium-cognates.js";
import {
  DEFAULT_DICTD_DIR,
  DICTIONARY_ROUTES,
  DictionaryLookup,
  type DictionaryRoute,
  dictionaryFiles,
  dictionaryPackages,
} from "./apertium-dictionary-lookup.js";
import { type CompiledTerm, compileGlossary } from "./apertium-glossary.js";
import {
  ApertiumPipeline,
  DEFAULT_APERTIUM_DATA_DIR,
  DEFAULT_REQUEST_TIMEOUT_MS,
  modeStages,
  type Stage,
} from "./apertium-pipeline.js";
import {
  BUILTIN_TERMS,
  englishTypography,
  protectText,
  restoreText,
} from "./apertium-post-edit.js";
import { decodeStream } from "./apertium-stream.js";
import { acceptedAnswer, spliceForeignWords } from "./apertium-word-fallback.js";

/** One way from French to English through a third language: two Debian pairs, in order. */
export interface Pivot {
  readonly name: string;
  readonly modes: readonly [string, string];
  /** The pivot language back to French (a word the second pair does not know, in French). */
  readonly back?: string;
}

/** French → Spanish → English: the raw pipe of the quick start (and `raw: true`). */
export const SPANISH_PIVOT: Pivot = { name: "es", modes: ["fr-es", "spa-eng"], back: "es-fr" };
/** French → Catalan → English. */
export const CATALAN_PIVOT: Pivot = { name: "ca", modes: ["fra-cat", "cat-eng"], back: "cat-fra" };
/** French → Esperanto → English: too weak for whole sentences, useful for single words. */
export const ESPERANTO_PIVOT: Pivot = { name: "eo", modes: ["fr-eo", "eo-en"] };

/**
 * Where a word the sentence's pivot left foreign is looked up, in order (the sentence's own
 * pivot skipped). Measured on the references (`npm run eval -- translate`, ADR 0004): either
 * order leaves the same words (10.2 per 1,000), Esperanto first scores the higher chrF (mean
 * 54.77 vs 54.62: "survie" → "survival", not Catalan's "subsistence").
 */
export const WORD_LOOKUP_PIVOTS: readonly Pivot[] = [ESPERANTO_PIVOT, CATALAN_PIVOT];

/**
 * Words looked up per lookup pipeline kept in memory (a word and its answer, a few dozen bytes):
 * a news desk's unknown words repeat (a region's names, a sport's terms), ten thousand of them
 * cover weeks of articles for well under a megabyte.
 */
const WORD_MEMO_ENTRIES = 10_000;

/**
 * Both pivots, Spanish first: each sentence goes through both and the output with fewer words
 * Apertium marked as not translated wins (ties: Spanish). Measured on the nine references
 * (`npm run eval -- translate`, ADR 0004): it halves the foreign leftovers (25.7 → 12.3 per
 * 1,000 words) at the same mean chrF, but costs 0.7 chrF on seed 004 (below its pinned floor):
 * opt-in until it no longer lowers a floor.
 */
export const SPANISH_THEN_CATALAN: readonly Pivot[] = [SPANISH_PIVOT, CATALAN_PIVOT];

/** The pivots the offline engine runs by default. */
export const DEFAULT_PIVOTS: readonly Pivot[] = [SPANISH_PIVOT];

/** The Debian packages of the pivots (also in scripts/ensure-apertium.sh and .ci/run). */
export const APERTIUM_PACKAGES = [
  "apertium",
  "apertium-fr-es",
  "apertium-eng-spa",
  "apertium-fra-cat",
  "apertium-eng-cat",
  "apertium-eo-fr",
  "apertium-eo-en",
] as const;

/** The FreeDict dictionaries of the per-word fallback's last step (apertium-dictionary-lookup.ts). */
export const DICTIONARY_PACKAGES = dictionaryPackages(DICTIONARY_ROUTES);

/** The message a missing installation gets: what to run, not just what failed. */
export const APERTIUM_INSTALL_HINT = `Apertium is not installed. Install it with: apt-get install -y ${[...APERTIUM_PACKAGES, ...DICTIONARY_PACKAGES].join(" ")}`;

/**
 * Apertium's marks in `-g` output: `*` unknown word (`**` unknown to both pairs), `@` a lemma
 * with no translation, `#` a form the generator could not build. A mark before a lowercase word
 * is a foreign word left in the English; before a capital it is usually a name, copied on purpose.
 */
const MARK = /(?<![\p{L}\p{N}\\])[*@#]+(?=[\p{L}\p{N}])/gu;
const FOREIGN_WORD = /(?<![\p{L}\p{N}\\])[*@#]+(?=\p{Ll})/gu;

/** Words Apertium left untranslated in one pivot's output (the per-sentence choice's score). */
export function untranslatedWords(marked: string): number {
  return marked.match(FOREIGN_WORD)?.length ?? 0;
}

/** The output without Apertium's marks. */
export const removeMarks = (marked: string): string => marked.replace(MARK, "");

/** Thrown by `ApertiumTranslator.start` when the programs or the language data are missing. */
export class ApertiumUnavailableError extends Error {
  override readonly name = "ApertiumUnavailableError";
}

export interface ApertiumTranslatorOptions {
  /** Directory holding `modes/*.mode` (Debian: /usr/share/apertium). */
  readonly dataDir?: string;
  /** Milliseconds one paragraph may take before the pipeline is declared stuck. */
  readonly requestTimeoutMs?: number;
  /** Skip the pre-/post-edits (placeholders, glossary, typography): the raw engine. */
  readonly raw?: boolean;
  /** The user's glossary, applied before the built-in one (its terms win). */
  readonly glossary?: Glossary | undefined;
  /** Default `DEFAULT_PIVOTS`; `raw: true` always uses `SPANISH_PIVOT` alone. */
  readonly pivots?: readonly Pivot[];
  /**
   * Where words the pivots leave foreign are looked up (default `WORD_LOOKUP_PIVOTS`); `[]`
   * turns the per-word fallback off. Ignored with `raw: true`.
   */
  readonly wordLookups?: readonly Pivot[];
  /**
   * Dictionary routes for the words the lookup pivots leave foreign too (default
   * `DICTIONARY_ROUTES`); `[]` turns them off. Ignored with `raw: true` or without lookups.
   */
  readonly dictionaries?: readonly DictionaryRoute[];
  /** Directory of the FreeDict files (Debian: /usr/share/dictd). */
  readonly dictdDir?: string;
}

const execFileAsync = (file: string, args: readonly string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], (error) => (error ? reject(error) : resolve()));
  });

/** What is missing for the offline engine, or `undefined` when it can run. */
export async function apertiumProblem(
  dataDir: string = DEFAULT_APERTIUM_DATA_DIR,
  pivots: readonly Pivot[] = DEFAULT_PIVOTS,
  wordLookups: readonly Pivot[] = WORD_LOOKUP_PIVOTS,
  dictionaries: readonly DictionaryRoute[] = DICTIONARY_ROUTES,
  dictdDir: string = DEFAULT_DICTD_DIR,
): Promise<string | undefined> {
  for (const mode of lanesFor(pivots, wordLookups).flatMap((lane) => lane.modes)) {
    try {
      await access(join(dataDir, "modes", `${mode}.mode`));
    } catch {
      return `${APERTIUM_INSTALL_HINT} (no ${mode} mode in ${join(dataDir, "modes")})`;
    }
  }
  const pairs = wordLookups.length === 0 ? [] : dictionaries.flatMap((r) => [r.first, r.second]);
  for (const pair of pairs) {
    const files = dictionaryFiles(dictdDir, pair);
    try {
      await access(files.index);
      await access(files.data);
    } catch {
      return `${APERTIUM_INSTALL_HINT} (no ${files.index})`;
    }
  }
  try {
    // lt-proc is the first program of every mode; `-v` prints its version and exits.
    await execFileAsync("lt-proc", ["-v"]);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      return `${APERTIUM_INSTALL_HINT} (lt-proc not found on PATH)`;
    }
  }
  return undefined;
}

/** True when the fr→en pipeline can be started on this machine. */
export async function apertiumAvailable(
  dataDir?: string,
  pivots?: readonly Pivot[],
  wordLookups?: readonly Pivot[],
): Promise<boolean> {
  return (await apertiumProblem(dataDir, pivots, wordLookups)) === undefined;
}

/** One long-lived pipeline: a name and the modes it chains. */
interface Lane {
  readonly name: string;
  readonly modes: readonly string[];
}

/**
 * The pipelines a translator runs: each sentence pivot, then each lookup pivot not already one,
 * then each reverse pair (pivot language → French) the lookups need for pivot-language words.
 */
function lanesFor(pivots: readonly Pivot[], wordLookups: readonly Pivot[]): Lane[] {
  const lanes: Lane[] = pivots.map((p) => ({ name: p.name, modes: p.modes }));
  if (wordLookups.length === 0) return lanes;
  for (const p of wordLookups) {
    if (!lanes.some((lane) => lane.name === p.name)) lanes.push({ name: p.name, modes: p.modes });
  }
  for (const p of pivots) {
    if (p.back !== undefined) lanes.push({ name: `${p.name}-fr`, modes: [p.back] });
  }
  return lanes;
}

export class ApertiumTranslator implements Translator {
  readonly engine = "apertium";
  /** One long-lived pipeline per lane (pivots, lookups, reverse pairs), replaced when it dies. */
  private readonly pipelines: (ApertiumPipeline | undefined)[];
  private closed = false;
  /** Paragraphs whose placeholders Apertium lost, translated again unprotected (should stay 0). */
  placeholderFallbacks = 0;
  /** Sentences each pivot won (by name): what the per-sentence rule chose. */
  readonly choices: Record<string, number> = {};
  /**
   * What the per-word fallback did: words replaced, by the lane that answered (`ca`, `eo`) or
   * `name` (a pivot-language name back in the source's spelling); `kept`: left as they were.
   */
  readonly wordFallbacks: Record<string, number> = {};
  private readonly terms: readonly CompiledTerm[];
  /** Answers of each lane per word (a promise, so concurrent paragraphs ask once). */
  private readonly memo = new Map<string, Map<string, Promise<string | undefined>>>();
  /** Lanes being started (so two callers never start the same lane twice). */
  private readonly starting: (Promise<ApertiumPipeline> | undefined)[] = [];
  /** Answers of the dictionary routes per word (a promise, so concurrent paragraphs ask once). */
  private readonly dictionaryMemo = new Map<string, Promise<string | undefined>>();

  private constructor(
    private readonly pivots: readonly Pivot[],
    private readonly wordLookups: readonly Pivot[],
    private readonly lanes: readonly Lane[],
    private readonly stages: readonly (readonly Stage[])[],
    private readonly timeoutMs: number,
    private readonly raw: boolean,
    readonly glossary: Glossary | undefined,
    private readonly dictionary: DictionaryLookup | undefined,
  ) {
    this.terms =
      glossary === undefined ? BUILTIN_TERMS : [...compileGlossary(glossary), ...BUILTIN_TERMS];
    this.pipelines = lanes.map(() => undefined);
  }

  /** Starts the pipelines; `ApertiumUnavailableError` says what to install when it cannot. */
  static async start(options: ApertiumTranslatorOptions = {}): Promise<ApertiumTranslator> {
    const dataDir = options.dataDir ?? DEFAULT_APERTIUM_DATA_DIR;
    const raw = options.raw ?? false;
    const pivots = raw ? [SPANISH_PIVOT] : (options.pivots ?? DEFAULT_PIVOTS);
    const wordLookups = raw ? [] : (options.wordLookups ?? WORD_LOOKUP_PIVOTS);
    const dictionaries =
      wordLookups.length === 0 ? [] : (options.dictionaries ?? DICTIONARY_ROUTES);
    const dictdDir = options.dictdDir ?? DEFAULT_DICTD_DIR;
    const problem = await apertiumProblem(dataDir, pivots, wordLookups, dictionaries, dictdDir);
    if (problem !== undefined) throw new ApertiumUnavailableError(problem);
    const lanes = lanesFor(pivots, wordLookups);
    const stages = await Promise.all(
      lanes.map((lane) => modeStages(lane.modes, dataDir, { marks: !raw })),
    );
    const translator = new ApertiumTranslator(
      pivots,
      wordLookups,
      lanes,
      stages,
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      raw,
      options.glossary,
      dictionaries.length === 0 ? undefined : new DictionaryLookup(dictionaries, dictdDir),
    );
    await translator.livePipelines();
    // The lookup lanes start in the background, after the caller got the translator (spawning
    // their ~55 programs blocks the event loop for a moment): the first words to look up come
    // only after a paragraph went through its pivot, and a failure to start surfaces there.
    setImmediate(() => {
      if (translator.closed) return;
      for (let i = pivots.length; i < lanes.length; i++) {
        translator.livePipeline(i).catch(() => {});
      }
    });
    return translator;
  }

  /** Process ids of the running pipelines (empty once closed). */
  get pids(): number[] {
    return this.pipelines.flatMap((pipeline) => pipeline?.pids ?? []);
  }

  /** Process ids of one lane's pipeline (`es`, `ca`, `eo`, `es-fr`…). */
  pidsOf(lane: string): number[] {
    const i = this.lanes.findIndex((l) => l.name === lane);
    return this.pipelines[i]?.pids ?? [];
  }

  /**
   * Lane `i`'s pipeline, a fresh one in place of one that died (its callers were told). One
   * start at a time per lane: concurrent callers share it.
   */
  private livePipeline(i: number): Promise<ApertiumPipeline> {
    const current = this.pipelines[i];
    if (current?.alive) return Promise.resolve(current);
    const pending = this.starting[i];
    if (pending !== undefined) return pending;
    const started = (async () => {
      await current?.close();
      const fresh = await ApertiumPipeline.start(this.stages[i] ?? [], this.timeoutMs);
      this.pipelines[i] = fresh;
      if (this.closed) await fresh.close();
      return fresh;
    })().finally(() => {
      this.starting[i] = undefined;
    });
    this.starting[i] = started;
    return started;
  }

  /** The sentence pivots' pipelines (the first lanes), alive. */
  private livePipelines(): Promise<ApertiumPipeline[]> {
    return Promise.all(this.pivots.map((_pivot, i) => this.livePipeline(i)));
  }

  async translate(paragraphs: readonly string[], pair: LanguagePair): Promise<TranslationOutput> {
    if (pair.source !== "fr" || pair.target !== "en") {
      throw new InputError(
        "UNSUPPORTED_LANGUAGE",
        `the offline engine translates fr→en only, not ${pair.source}→${pair.target}`,
      );
    }
    if (this.closed) throw new Error("ApertiumTranslator is closed");
    const pipelines = await this.livePipelines();
    const counter = { requests: 0 };
    const english = await Promise.all(
      paragraphs.map(async (paragraph) => {
        if (paragraph.trim() === "") return "";
        if (this.raw) {
          counter.requests += 1;
          return decodeStream(await (pipelines[0] as ApertiumPipeline).request(paragraph)).trim();
        }
        const { text, placeholders } = protectText(paragraph, this.terms);
        const reply = await this.bestOfPivots(text, pipelines, counter);
        const restored = restoreText(reply, placeholders, paragraph);
        if (restored !== undefined) return restored;
        // A placeholder got lost: the unprotected paragraph, post-edited, is the safe answer.
        this.placeholderFallbacks += 1;
        counter.requests += 1;
        const primary = pipelines[0] as ApertiumPipeline;
        return englishTypography(removeMarks(decodeStream(await primary.request(paragraph))));
      }),
    );
    // `requests` counts paragraph and sentence requests; word lookups are the engine's own.
    return { paragraphs: english, billedCharacters: 0, requests: counter.requests };
  }

  /**
   * The paragraph through the pivots: in one request when there is one pivot, else sentence by
   * sentence through every pivot, keeping per sentence the output with the fewest untranslated
   * words (ties: the first pivot). Then the per-word fallback, marks removed.
   */
  private async bestOfPivots(
    text: string,
    pipelines: readonly ApertiumPipeline[],
    counter: { requests: number },
  ): Promise<string> {
    if (this.pivots.length === 1) {
      counter.requests += 1;
      const marked = decodeStream(await (pipelines[0] as ApertiumPipeline).request(text));
      return removeMarks(await this.fallBack(marked, text, 0));
    }
    const sentences = sentenceSlices(text, "fr")
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence !== "");
    const chosen = await Promise.all(
      sentences.map(async (sentence) => {
        counter.requests += this.pivots.length;
        const outputs = await Promise.all(
          this.pivots.map(async (_pivot, i) =>
            decodeStream(await (pipelines[i] as ApertiumPipeline).request(sentence)).trim(),
          ),
        );
        let best = 0;
        const scores = outputs.map(untranslatedWords);
        scores.forEach((score, i) => {
          if (score < (scores[best] ?? 0)) best = i;
        });
        const name = this.pivots[best]?.name ?? "?";
        this.choices[name] = (this.choices[name] ?? 0) + 1;
        return removeMarks(await this.fallBack(outputs[best] ?? "", sentence, best));
      }),
    );
    return chosen.join(" ");
  }

  /** `marked` (pivot `pivotIndex`'s output for `french`) with its foreign words looked up. */
  private async fallBack(marked: string, french: string, pivotIndex: number): Promise<string> {
    const pivot = this.pivots[pivotIndex] as Pivot;
    const lookups = this.wordLookups.filter((p) => p.name !== pivot.name);
    if (lookups.length === 0) return marked;
    const dictionary = this.dictionary;
    const fromDictionaries = (word: string): Promise<string | undefined> => {
      if (dictionary === undefined) return Promise.resolve(undefined);
      const known = this.dictionaryMemo.get(word);
      if (known !== undefined) return known;
      if (this.dictionaryMemo.size >= WORD_MEMO_ENTRIES) this.dictionaryMemo.clear();
      const answer = dictionary.translate(word).then((found) => found?.english);
      this.dictionaryMemo.set(word, answer);
      answer.catch(() => this.dictionaryMemo.delete(word));
      return answer;
    };
    const ask = (name: string, word: string): Promise<string | undefined> => {
      const i = this.lanes.findIndex((l) => l.name === name);
      if (i < 0) return Promise.resolve(undefined);
      let answers = this.memo.get(name);
      if (answers === undefined) {
        answers = new Map();
        this.memo.set(name, answers);
      }
      const known = answers.get(word);
      if (known !== undefined) return known;
      if (answers.size >= WORD_MEMO_ENTRIES) answers.clear();
      const answer = this.livePipeline(i)
        .then((pipeline) => pipeline.request(word))
        .then((reply) => acceptedAnswer(word, decodeStream(reply)));
      answers.set(word, answer);
      // A pipeline that died answers nothing: forget, so the next call asks its replacement.
      answer.catch(() => answers.delete(word));
      return answer;
    };
    const result = await spliceForeignWords(marked, french, {
      french: async (word) => {
        for (const p of lookups) {
          const english = await ask(p.name, word);
          if (english !== undefined) {
            this.wordFallbacks[p.name] = (this.wordFallbacks[p.name] ?? 0) + 1;
            return english;
          }
        }
        return undefined;
      },
      back: (word) => ask(`${pivot.name}-fr`, word),
      dictionary: fromDictionaries,
      cognate: async (word) => {
        if (dictionary === undefined) return undefined;
        const english = await dictionary.englishWords();
        return spanishCognate(word, (w) => english.has(w));
      },
    });
    for (const how of ["name", "dictionary", "cognate"] as const) {
      if (result.replaced[how] > 0) {
        this.wordFallbacks[how] = (this.wordFallbacks[how] ?? 0) + result.replaced[how];
      }
    }
    this.wordFallbacks.kept = (this.wordFallbacks.kept ?? 0) + result.kept;
    return result.text;
  }

  /** Stops every program of every pipeline. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    // A lane still starting closes itself once started (see livePipeline).
    await Promise.all(this.starting.map((pending) => pending?.catch(() => undefined)));
    await Promise.all(this.pipelines.map((pipeline) => pipeline?.close()));
    await this.dictionary?.close();
  }
}
