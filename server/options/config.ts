/**
 * The configuration file, `--config FILE`: TOML whose keys are the flags
 * without their dashes (`ping-interval = 60`) or the options' keys
 * (`pingInterval = 60`), checked by the same rows as the command line. Flags
 * given as well win over the file. `deploy/lichat.toml` lists every option
 * (made by {@linkcode configExample} in example.ts).
 *
 * TOML (smol-toml from npm) rather than YAML: its values are typed as
 * written, so `name = no` is an error instead of the boolean false, and a
 * flat `key = value` per flag needs nothing more.
 *
 * @example
 * ```ts
 * import { loadOptions } from "./config.ts";
 * const o = loadOptions(["--config", "/etc/lichat/lichat.toml", "--port", "2222"]);
 * // the file's options, with port 2222 whatever the file says
 * ```
 *
 * @module
 */
import { parse, TomlError } from "smol-toml";
import { argValues, objectValues, type OptionLayer, resolveOptions } from "./parse.ts";
import type { ServerOptions } from "./table.ts";
import { OptionError, type OptionValue } from "./values.ts";

/** A command line split into its `--config` file, if any, and the rest. */
export interface ConfigArgs {
  /** The file `--config` names. */
  readonly path: string | undefined;
  /** The other arguments, for {@linkcode argValues}. */
  readonly rest: string[];
}

/** Take `--config FILE` (or `--config=FILE`) out of a command line. */
export function splitConfig(args: readonly string[]): ConfigArgs {
  let path: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let value: string | undefined;
    if (a === "--config") {
      value = args[++i];
      if (value === undefined) throw new OptionError("--config needs a file name");
    } else if (a.startsWith("--config=")) value = a.slice("--config=".length);
    else {
      rest.push(a);
      continue;
    }
    if (path !== undefined) throw new OptionError("--config is given twice");
    path = value;
  }
  return { path, rest };
}

/**
 * The options a TOML text sets, each checked; throws
 * {@linkcode OptionError} naming `source` (and the line, for bad TOML).
 */
export function configValues(text: string, source: string): OptionLayer {
  let table;
  try {
    table = parse(text);
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    throw new OptionError(`${source}:${e.line}:${e.column}: ${e.message.split("\n")[0]}`);
  }
  try {
    // The rows check every value, whatever TOML made of it (a table, a date).
    return objectValues(table as Record<string, OptionValue>);
  } catch (e) {
    if (e instanceof OptionError) throw new OptionError(`${source}: ${e.message}`);
    throw e;
  }
}

/** Read and check the options of the file at `path`; throws {@linkcode OptionError}. */
export function readConfig(path: string): OptionLayer {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    // Deno's own message says which permission is missing.
    throw new OptionError(`cannot read ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  return configValues(text, path);
}

/**
 * The options of a command line: the defaults, then its `--config` file,
 * then its flags; `"help"` for `--help`. Throws {@linkcode OptionError}. A
 * reload calls it again with the same arguments.
 */
export function loadOptions(args: readonly string[]): ServerOptions | "help" {
  const { path, rest } = splitConfig(args);
  const flags = argValues(rest);
  if (flags === "help") return flags;
  return resolveOptions(path === undefined ? {} : readConfig(path), flags);
}
