import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  decodeStream,
  encodeRequest,
  splitReply,
} from "../../../functions/adapters/local/apertium-stream.js";

const GOLD = fileURLToPath(new URL("../../fixtures/gold/", import.meta.url));
const goldTexts: string[] = readdirSync(GOLD)
  .sort()
  .flatMap((f) => {
    const g = JSON.parse(readFileSync(join(GOLD, f), "utf8")) as {
      title: string | null;
      paragraphs: string[];
    };
    return g.title === null ? g.paragraphs : [g.title, ...g.paragraphs];
  });

const TRICKY = [
  "Crochets [ok], barre \\ oblique, ^chapeau$, @arobase, <chevrons>, {accolades}, a/b.",
  "Tabulation\tici ~ tilde, puis\nretour à la ligne.",
  "Sans point final",
];

/** What the real program does (one process per call; only in this test). */
const run = (program: string, input: string): string =>
  execFileSync(program, [], { input, encoding: "utf8" });

describe("encodeRequest", () => {
  it.each([...goldTexts, ...TRICKY].map((text, i) => [i, text] as const))(
    "encodes text %i exactly as apertium-destxt does, then adds the request id",
    (_i, text) => {
      expect(encodeRequest(text, 42)).toBe(`${run("apertium-destxt", text)}[depeche:42]`);
    },
  );
});

describe("encodeRequest on the wire", () => {
  it("never lets a NUL from the text end the request early", () => {
    expect(encodeRequest("a\0b.", 1)).toBe("ab..[][depeche:1]");
  });
});

describe("decodeStream", () => {
  it.each(
    [
      "The Turkish president.[][\n]",
      "Turkey will sell.[]",
      "A test \\[hooks\\] has\\\\b \\^x\\$ \\<z\\> \\{w\\}[ ~ ]end.[]",
      "Line one.[][\n\n]Line two.[]",
    ].map((s) => [s]),
  )("decodes %j exactly as apertium-retxt does", (stream) => {
    expect(decodeStream(stream)).toBe(run("apertium-retxt", stream));
  });

  it("round-trips every gold paragraph through encode and decode", () => {
    for (const text of [...goldTexts, ...TRICKY]) {
      const { body } = splitReply(encodeRequest(text, 7));
      expect(decodeStream(body)).toBe(text);
    }
  });
});

describe("splitReply", () => {
  it("finds the request id and removes it", () => {
    expect(splitReply("Hello.[][depeche:12]")).toEqual({ requestId: 12, body: "Hello.[]" });
  });

  it("does not take escaped brackets from the text for an id", () => {
    expect(splitReply("\\[depeche:3\\] text").requestId).toBeUndefined();
  });
});
