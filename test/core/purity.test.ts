import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const CORE = new URL("../../functions/core/", import.meta.url).pathname;

/** What functions/core must never touch: I/O and configuration belong to adapters and roots. */
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: "the AWS SDK", pattern: /from\s+["'](@aws-sdk\/|@smithy\/|aws-sdk)/ },
  { what: "the CDK", pattern: /from\s+["']aws-cdk-lib/ },
  { what: "the file system", pattern: /from\s+["'](node:)?fs(\/promises)?["']/ },
  { what: "child processes", pattern: /from\s+["'](node:)?child_process["']/ },
  { what: "process.env", pattern: /process\s*\.\s*env|process\s*\[\s*["']env/ },
  { what: "dynamic imports of I/O", pattern: /import\(\s*["'](node:)?(fs|child_process)/ },
  { what: "node:crypto outside sha256.ts", pattern: /from\s+["'](node:)?crypto["']/ },
];

/** The one file of the core that may hash with node:crypto (see its comment). */
const HASHER = "sha256.ts";

async function sourceFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files;
}

function violationsIn(source: string, file = ""): string[] {
  return FORBIDDEN.filter(({ what, pattern }) => {
    if (file === HASHER && what.startsWith("node:crypto")) return false;
    return pattern.test(source);
  }).map(({ what }) => what);
}

describe("functions/core purity", () => {
  it("imports no AWS SDK, file system, child process, and reads no process.env", async () => {
    const files = await sourceFiles(CORE);
    expect(files.length).toBeGreaterThan(5);
    const offenders: string[] = [];
    for (const file of files) {
      const found = violationsIn(await readFile(file, "utf8"), relative(CORE, file));
      if (found.length) offenders.push(`${relative(CORE, file)}: ${found.join(", ")}`);
    }
    expect(offenders).toEqual([]);
  });

  it.each([
    ['import { S3Client } from "@aws-sdk/client-s3";', "the AWS SDK"],
    ['import { readFileSync } from "node:fs";', "the file system"],
    ['import { readFile } from "fs/promises";', "the file system"],
    ["const bucket = process.env.BUCKET_NAME;", "process.env"],
    ['import { spawn } from "node:child_process";', "child processes"],
    ['import { createHash } from "node:crypto";', "node:crypto outside sha256.ts"],
  ])("catches %s", (line, what) => {
    expect(violationsIn(line)).toContain(what);
  });
});
