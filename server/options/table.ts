/**
 * The one table of the server's options, put together from its groups, and
 * the {@linkcode ServerOptions} type derived from it: a field per row, named
 * by the row's `key` and typed by its `kind`. Defaults, `--help`, the
 * README's table and every check are made from the same rows.
 *
 * @example
 * ```ts
 * import { OPTION_SPECS } from "./table.ts";
 * OPTION_SPECS.find((s) => s.flag === "port")?.default; // 1111
 * ```
 *
 * @module
 */
import { ACCOUNT_OPTIONS } from "./accounts.ts";
import { CHANNEL_OPTIONS } from "./channels.ts";
import { CONNECTION_OPTIONS } from "./connections.ts";
import { LISTENER_OPTIONS } from "./listeners.ts";
import type { KindValues, OptionGroup, OptionSpec } from "./spec.ts";

/** The groups, in `--help` order. */
export const OPTION_GROUPS = [
  LISTENER_OPTIONS,
  CONNECTION_OPTIONS,
  CHANNEL_OPTIONS,
  ACCOUNT_OPTIONS,
] as const satisfies readonly OptionGroup[];

/** Every option, in `--help` order. */
export const OPTION_SPECS: readonly OptionSpec[] = OPTION_GROUPS.flatMap((
  g,
): readonly OptionSpec[] => g.options);

/** One row of the table, with its literal key and kind. */
export type OptionRow = (typeof OPTION_GROUPS)[number]["options"][number];

/**
 * The server's settings: one field per row of {@linkcode OPTION_SPECS}, named
 * by its `key` and typed by its `kind` (the row's `help` says what it does).
 */
export type ServerOptions = {
  -readonly [R in OptionRow as R["key"]]: KindValues[R["kind"]];
};
