/**
 * Every option of the server, its default and its documentation, in one
 * table (server/options/): the {@linkcode ServerOptions} type, the defaults,
 * the checks, `--help` and the README's table are all made from its rows.
 *
 * @example
 * ```ts
 * import { parseOptions } from "./options.ts";
 * const opts = parseOptions(["--port", "2222"]); // { port: 2222, … }
 * ```
 *
 * @module
 */
export { LOG_LEVELS, type LogLevel, type OptionGroup, type OptionSpec } from "./options/spec.ts";
export { OPTION_GROUPS, OPTION_SPECS, type ServerOptions } from "./options/table.ts";
export { checkValue, OptionError, type OptionValue } from "./options/values.ts";
export {
  argValues,
  defaultOptions,
  objectValues,
  type OptionLayer,
  optionsFromObject,
  parseOptions,
  resolveOptions,
} from "./options/parse.ts";
export { describe, helpText, optionTable, shownDefault } from "./options/help.ts";
