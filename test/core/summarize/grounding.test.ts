import { describe, expect, it } from "vitest";
import {
  checkGrounding,
  describeReason,
  type GroundingReason,
  MAX_SENTENCE_CHARACTERS,
} from "../../../functions/core/summarize/grounding.js";

const PARAGRAPHS = [
  "Russia and Turkey will continue their military cooperation despite the American sanctions, Sergei Lavrov said on Tuesday.",
  "Ankara bought the Russian S-400 air defence system in 2017 for 2.5 billion dollars, a deal NATO criticised.",
  "Some 2 millions de personnes live in the region, according to the 5 août census, and unemployment reached 7,4 % last year.",
  "Washington imposed the sanctions on 14 December 2020 under the CAATSA law.",
];

type Case = {
  readonly name: string;
  readonly text: string;
  readonly paragraphs: readonly number[];
  readonly expected: GroundingReason["kind"] | "passed";
};

const CASES: readonly Case[] = [
  {
    name: "a faithful paraphrase passes",
    text: "Lavrov said Russia and Turkey would keep cooperating militarily despite US sanctions.",
    paragraphs: [0],
    expected: "passed",
  },
  {
    name: "a number and an acronym found in the cited paragraph pass",
    text: "Ankara paid 2.5 billion dollars for the S-400 system in 2017, which NATO criticised.",
    paragraphs: [1],
    expected: "passed",
  },
  {
    name: "a number absent from the cited paragraph is caught",
    text: "Ankara paid 3 billion dollars for the S-400 system in 2017.",
    paragraphs: [1],
    expected: "number-not-in-source",
  },
  {
    name: "a year that is not in the cited paragraph is caught",
    text: "Turkey bought the S-400 system in 2019, a deal NATO criticised.",
    paragraphs: [1],
    expected: "number-not-in-source",
  },
  {
    name: "a name from another paragraph is caught",
    text: "Lavrov said Ankara bought the S-400 system in 2017.",
    paragraphs: [1],
    expected: "name-not-in-source",
  },
  {
    name: "the same sentence citing both paragraphs passes",
    text: "Lavrov said Ankara bought the S-400 system in 2017.",
    paragraphs: [0, 1],
    expected: "passed",
  },
  {
    name: "a citation of a paragraph that does not exist is caught",
    text: "Russia and Turkey will continue their military cooperation.",
    paragraphs: [7],
    expected: "unknown-paragraph",
  },
  {
    name: "a sentence citing nothing is caught",
    text: "Russia and Turkey will continue their military cooperation.",
    paragraphs: [],
    expected: "no-citation",
  },
  {
    name: "'2 millions' in French grounds '2 million' and '2,000,000'",
    text: "About 2 million people, 2,000,000 by the census, live in the region.",
    paragraphs: [2],
    expected: "passed",
  },
  {
    name: "'5 août' grounds 'August 5'",
    text: "The census of August 5 counted the people living in the region.",
    paragraphs: [2],
    expected: "passed",
  },
  {
    name: "'5 août' does not ground 'August 6'",
    text: "The census of August 6 counted the people living in the region.",
    paragraphs: [2],
    expected: "date-not-in-source",
  },
  {
    name: "a month absent from the cited paragraph is caught",
    text: "The census was published in September by the regional office.",
    paragraphs: [2],
    expected: "date-not-in-source",
  },
  {
    name: "the French decimal comma grounds the English decimal point",
    text: "Unemployment in the region reached 7.4% last year.",
    paragraphs: [2],
    expected: "passed",
  },
  {
    name: "'14 December 2020' grounds 'December 14, 2020'",
    text: "Washington imposed the CAATSA sanctions on December 14, 2020.",
    paragraphs: [3],
    expected: "passed",
  },
  {
    name: "a possessive and a plural of a known name pass",
    text: "Washington's sanctions fell under the CAATSA law in 2020.",
    paragraphs: [3],
    expected: "passed",
  },
  {
    name: "an invented person is caught even at the start of the sentence",
    text: "Erdogan said Washington imposed the sanctions in 2020.",
    paragraphs: [3],
    expected: "name-not-in-source",
  },
  {
    name: "a fragment is too short",
    text: "Sanctions.",
    paragraphs: [3],
    expected: "too-short",
  },
  {
    name: "a run-on sentence is too long",
    text: `Washington imposed the sanctions ${"and more ".repeat(MAX_SENTENCE_CHARACTERS / 9)}.`,
    paragraphs: [3],
    expected: "too-long",
  },
];

describe("checkGrounding", () => {
  it.each(CASES)("$name", ({ text, paragraphs, expected }) => {
    const verdict = checkGrounding({ text, paragraphs }, PARAGRAPHS);
    expect(verdict.passed ? "passed" : verdict.reason.kind).toBe(expected);
  });

  it("names the offending fact in the reason", () => {
    const verdict = checkGrounding(
      { text: "Ankara paid 3 billion dollars for the S-400 system.", paragraphs: [1] },
      PARAGRAPHS,
    );
    expect(verdict.passed).toBe(false);
    if (!verdict.passed) {
      expect(describeReason(verdict.reason)).toBe(
        'number "3 billion" is not in the cited paragraphs',
      );
    }
  });
});
