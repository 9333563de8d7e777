/**
 * Making {@linkcode ServerOptions}: the defaults, then layers of values on top
 * (a plain object such as a config file, the command line), each value
 * checked against its row, and last the checks between options.
 *
 * A config file and flags that override it are
 * `resolveOptions(objectValues(file), argValues(args))`.
 *
 * @example
 * ```ts
 * import { optionsFromObject, parseOptions } from "./parse.ts";
 * parseOptions(["--port", "2222"]); // { port: 2222, … }
 * optionsFromObject({ "port": 2222, "admins": ["root"] }); // { port: 2222, admins: ["root"], … }
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { OptionSpec } from "./spec.ts";
import { OPTION_SPECS, type ServerOptions } from "./table.ts";
import { checkValue, OptionError, type OptionValue } from "./values.ts";

/** Some options, each already checked on its own. */
export type OptionLayer = Partial<ServerOptions>;

/** Each row by its flag and by its key (they are the same for one-word names). */
const BY_NAME: ReadonlyMap<string, OptionSpec> = new Map(
  OPTION_SPECS.flatMap((s) => [[s.flag, s], [s.key, s]]),
);

/** The defaults, made afresh (lists are copies, functions are called). */
export function defaultOptions(): ServerOptions {
  const o: Record<string, unknown> = {};
  for (const s of OPTION_SPECS) {
    const d = s.default;
    o[s.key] = typeof d === "function" ? d() : Array.isArray(d) ? [...d] : d;
  }
  // Every row has set its key, each with a value of its kind.
  return o as ServerOptions;
}

/**
 * The options a command line sets, each checked; throws
 * {@linkcode OptionError} for an unknown flag or a bad value. Returns
 * `"help"` for `--help`.
 */
export function argValues(args: readonly string[]): OptionLayer | "help" {
  const config: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const s of OPTION_SPECS) config[s.flag] = { type: "string" };
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: false, strict: true });
  } catch (e) {
    throw new OptionError((e as Error).message.split("\n")[0]);
  }
  if (parsed.values.help) return "help";
  const layer: Record<string, unknown> = {};
  for (const s of OPTION_SPECS) {
    const raw = parsed.values[s.flag];
    if (typeof raw === "string") layer[s.key] = checkValue(s, raw);
  }
  return layer as OptionLayer;
}

/**
 * The options a plain object sets, each checked as on the command line. Its
 * keys are flags (`"ping-interval"`) or keys (`"pingInterval"`); numbers,
 * lists and text are taken as their kind allows (`"60"` or `60`,
 * `"a,b"` or `["a", "b"]`). Throws {@linkcode OptionError} for an unknown
 * name, one option named twice, or a bad value.
 */
export function objectValues(values: Readonly<Record<string, OptionValue>>): OptionLayer {
  const layer: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    const s = BY_NAME.get(name);
    if (!s) throw new OptionError(`unknown option "${name}"`);
    const before = seen.get(s.key);
    if (before !== undefined) {
      throw new OptionError(`"${before}" and "${name}" both set --${s.flag}`);
    }
    seen.set(s.key, name);
    layer[s.key] = checkValue(s, value);
  }
  return layer as OptionLayer;
}

/**
 * The defaults with `layers` on top, later ones winning, then the checks
 * between options (a duration that must be longer than another); throws
 * {@linkcode OptionError}.
 */
export function resolveOptions(...layers: readonly OptionLayer[]): ServerOptions {
  const o: ServerOptions = Object.assign(defaultOptions(), ...layers);
  const values: Readonly<Record<string, unknown>> = o;
  for (const s of OPTION_SPECS) {
    if (s.kind !== "int" || s.longerThan === undefined) continue;
    const other = BY_NAME.get(s.longerThan);
    if (!other) throw new Error(`--${s.flag} is to be longer than an unknown ${s.longerThan}`);
    if (Number(values[s.key]) <= Number(values[other.key])) {
      throw new OptionError(`--${s.flag} must be longer than --${other.flag}`);
    }
  }
  return o;
}

/**
 * Parse a command line into options; throws {@linkcode OptionError} for an
 * unknown flag or a bad value. Returns `"help"` for `--help`.
 */
export function parseOptions(args: readonly string[]): ServerOptions | "help" {
  const layer = argValues(args);
  return layer === "help" ? layer : resolveOptions(layer);
}

/**
 * Options from a plain object (what a config file holds), checked as
 * {@linkcode parseOptions} checks a command line; see {@linkcode objectValues}.
 */
export function optionsFromObject(values: Readonly<Record<string, OptionValue>>): ServerOptions {
  return resolveOptions(objectValues(values));
}
