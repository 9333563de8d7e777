/**
 * Checking one value given for an option, whether it came from the command
 * line (always text) or from a plain object such as a parsed config file
 * (text, a number, a boolean or a list). What is allowed is read off the
 * option's row: its kind, `min` and `max`.
 *
 * @example
 * ```ts
 * import { checkValue } from "./values.ts";
 * import { OPTION_SPECS } from "./table.ts";
 * const port = OPTION_SPECS.find((s) => s.flag === "port")!;
 * checkValue(port, "2222"); // 2222
 * checkValue(port, 2222); // 2222
 * ```
 *
 * @module
 */
import { type IntSpec, type Kind, type KindValues, LOG_LEVELS, type OptionSpec } from "./spec.ts";

/** A value as a plain object (a config file) may give it. */
export type OptionValue = string | number | boolean | readonly string[];

/** A bad option or value: its message is one line for the user. */
export class OptionError extends Error {
  /** Make an error with a one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "OptionError";
  }
}

/** The placeholder `--help` prints after a flag of each kind. */
export const METAVARS: Readonly<Record<Kind, string>> = {
  string: "TEXT",
  int: "N",
  list: "TEXT",
  level: "LEVEL",
  bool: "true|false",
};

/** A value as an error message quotes it: text in quotes, the rest as JSON. */
function quote(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function checkInt(s: IntSpec, value: unknown): number {
  const flag = `--${s.flag}`;
  const n = typeof value === "string" && /^\d+$/.test(value)
    ? Number(value)
    : typeof value === "number" && Number.isInteger(value)
    ? value
    : undefined;
  if (n === undefined) throw new OptionError(`${flag} needs a whole number, not ${quote(value)}`);
  if (n < s.min) throw new OptionError(`${flag} must be at least ${s.min}, not ${value}`);
  const max = s.max ?? Number.MAX_SAFE_INTEGER;
  if (n > max) throw new OptionError(`${flag} must be at most ${max}, not ${value}`);
  return n;
}

function checkList(s: OptionSpec, value: unknown): string[] {
  const items = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(items) || !items.every((x) => typeof x === "string")) {
    throw new OptionError(`--${s.flag} needs comma-separated text or a list of text`);
  }
  return items.map((x) => x.trim()).filter((x) => x.length > 0);
}

/**
 * Check `value` for the option `s` and return it as the options hold it;
 * throws {@linkcode OptionError} naming the flag. `value` is typed `unknown`
 * because a config file may hold anything.
 */
export function checkValue(s: OptionSpec, value: unknown): KindValues[Kind] {
  switch (s.kind) {
    case "int":
      return checkInt(s, value);
    case "list":
      return checkList(s, value);
    case "string":
      if (typeof value !== "string") {
        throw new OptionError(`--${s.flag} needs text, not ${quote(value)}`);
      }
      if (s.choices && !s.choices.includes(value)) {
        throw new OptionError(
          `--${s.flag} must be one of ${s.choices.join(", ")}, not ${quote(value)}`,
        );
      }
      return value;
    case "bool":
      if (value === true || value === "true") return true;
      if (value === false || value === "false") return false;
      throw new OptionError(`--${s.flag} must be true or false, not ${quote(value)}`);
    case "level": {
      const level = LOG_LEVELS.find((l) => l === value);
      if (level === undefined) {
        throw new OptionError(
          `--${s.flag} must be one of ${LOG_LEVELS.join(", ")}, not ${quote(value)}`,
        );
      }
      return level;
    }
  }
}
