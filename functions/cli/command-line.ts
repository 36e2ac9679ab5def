import { stripVTControlCharacters } from "node:util";
import type { ArgsDef, CommandDef } from "citty";
import {
  flagName,
  PIPELINE_SETTINGS,
  type PipelineSettings,
  parsePipelineSettings,
} from "../core/settings.js";
import { CliError } from "./exit-codes.js";

// biome-ignore lint/suspicious/noExplicitAny: citty commands of any argument shape
type AnyCommand = CommandDef<any>;

/** citty's own flags, on every command that does not declare them itself. */
const BUILTIN_FLAGS = ["help", "h", "version", "v"];

export const resolveValue = async <T>(
  value: T | (() => T | Promise<T>) | Promise<T>,
): Promise<T> => (typeof value === "function" ? (value as () => T | Promise<T>)() : value);

/** The command `argv` names (following sub-commands), its parent, and the arguments it gets. */
export async function resolveCommand(
  root: AnyCommand,
  argv: readonly string[],
): Promise<{ command: AnyCommand; parent: AnyCommand | undefined; args: string[] }> {
  let command = root;
  let parent: AnyCommand | undefined;
  let args = [...argv];
  for (;;) {
    const subCommands = await resolveValue(command.subCommands);
    if (subCommands === undefined) break;
    const index = args.findIndex((arg) => !arg.startsWith("-"));
    const name = index === -1 ? undefined : args[index];
    if (name === undefined || !(name in subCommands)) break;
    const unknown = unknownOption(args.slice(0, index), await resolveValue(command.args ?? {}));
    if (unknown !== undefined) throw new CliError(`unknown option ${unknown}; see --help`);
    parent = command;
    command = await resolveValue(subCommands[name] as AnyCommand);
    args = args.slice(index + 1);
  }
  return { command, parent, args };
}

/**
 * The first option in `args` that `definition` does not declare, as typed, or `undefined`.
 * citty itself accepts any `--flag` silently (a typo such as `--glosary` would change nothing),
 * so every command's arguments are checked against its declaration first.
 */
export function unknownOption(args: readonly string[], definition: ArgsDef): string | undefined {
  const known = new Set(BUILTIN_FLAGS);
  const takesValue = new Set<string>();
  for (const [name, arg] of Object.entries(definition)) {
    if (arg.type === "positional") continue;
    const alias: unknown = Reflect.get(arg, "alias");
    const aliases = [alias].flat().filter((a): a is string => typeof a === "string");
    const names = [name, camelCase(name), flagName(name), ...aliases];
    for (const each of names) {
      known.add(each);
      if (arg.type === "boolean") known.add(`no-${each}`);
      if (arg.type === "string" || arg.type === "enum") takesValue.add(each);
    }
  }
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") continue;
    const [name = "", value] = arg.replace(/^--?/, "").split("=", 2);
    if (!known.has(name)) return arg.split("=")[0];
    if (value === undefined && takesValue.has(name)) i += 1;
  }
  return undefined;
}

const camelCase = (name: string) =>
  name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** One `--<setting>` string flag per run-time setting, described with its range and default. */
export function settingFlags(): ArgsDef {
  return Object.fromEntries(
    Object.entries(PIPELINE_SETTINGS).map(([name, setting]) => [
      flagName(name),
      {
        type: "string",
        description: `${setting.description}: ${setting.range} (default ${String(setting.default)})`,
      },
    ]),
  );
}

/** The settings the flags of `settingFlags` name; one line per bad value, as `--flag must be…`. */
export function settingsFromFlags(args: Readonly<Record<string, unknown>>): PipelineSettings {
  return parsePipelineSettings(
    (name) => args[flagName(name)],
    (name) => `--${flagName(name)}`,
  );
}

/**
 * Text for a stream: colour and other terminal escapes only on a terminal, and never when
 * `NO_COLOR` is set (https://no-color.org: any non-empty value).
 */
export function forStream(
  text: string,
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): string {
  const colour = stream.isTTY === true && (env.NO_COLOR ?? "") === "";
  return colour ? text : stripVTControlCharacters(text);
}
