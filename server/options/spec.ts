/**
 * The shape of one row of the option table: what every option says about
 * itself, from which its field, default, checks and help are all made.
 *
 * @example
 * ```ts
 * import type { OptionSpec } from "./spec.ts";
 * const row = {
 *   flag: "max-queue",
 *   key: "maxQueue",
 *   kind: "int",
 *   min: 1,
 *   default: 4096,
 *   live: true,
 *   help: "Updates queued for a slow reader before it is dropped.",
 * } as const satisfies OptionSpec;
 * ```
 *
 * @module
 */

/** LogTape's levels, as `--log-level` takes them. */
export const LOG_LEVELS = ["trace", "debug", "info", "warning", "error", "fatal"] as const;

/** One of {@linkcode LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How each kind of option is held once parsed. */
export interface KindValues {
  /** Free text. */
  string: string;
  /** A whole number, within the row's `min` and `max`. */
  int: number;
  /** Comma-separated text, held as its non-empty items. */
  list: string[];
  /** One of {@linkcode LOG_LEVELS}. */
  level: LogLevel;
  /** `true` or `false`. */
  bool: boolean;
}

/** The kinds of option there are. */
export type Kind = keyof KindValues;

/** What every row has, whatever its kind. */
interface SpecBase<K extends Kind> {
  /** The long flag without dashes (`ping-interval`). */
  readonly flag: string;
  /** The field of `ServerOptions` it sets (`pingInterval`). */
  readonly key: string;
  /** How the value is parsed and checked. */
  readonly kind: K;
  /**
   * Could it change while the server runs (a config reload), or does it need a
   * restart? Listeners, stored state and threads are fixed at start.
   */
  readonly live: boolean;
  /** What the option does, one sentence. */
  readonly help: string;
}

/**
 * The default: a value, printed as it is unless `shown` says otherwise, or a
 * function that works it out each time defaults are made, with `shown` saying
 * in words what it gives.
 */
type Default<K extends Kind> =
  | { readonly default: Readonly<KindValues[K]>; readonly shown?: string }
  | { readonly default: () => KindValues[K]; readonly shown: string };

/** A row for a whole number, with its bounds. */
export type IntSpec = SpecBase<"int"> & Default<"int"> & {
  /** Smallest value allowed. */
  readonly min: number;
  /** Largest value allowed, if any. */
  readonly max?: number;
  /** The key of a duration this one must be longer than. */
  readonly longerThan?: string;
};

/** A row whose value is text, a list or a level. */
export type PlainSpec<K extends Exclude<Kind, "int">> = SpecBase<K> & Default<K> & {
  /** The only values text may take, when it is one of a few words. */
  readonly choices?: readonly string[];
};

/** One row of the option table. */
export type OptionSpec =
  | IntSpec
  | PlainSpec<"string">
  | PlainSpec<"list">
  | PlainSpec<"level">
  | PlainSpec<"bool">;

/** Rows that belong together, under a heading of `--help`. */
export interface OptionGroup {
  /** The heading. */
  readonly title: string;
  /** The rows, in the order `--help` lists them. */
  readonly options: readonly OptionSpec[];
}

/** The largest TCP port. */
export const PORT_MAX = 65535;
