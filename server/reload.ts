/**
 * A configuration reload (SIGHUP): which options differ between the running
 * server's and the newly read ones, which of those may change now (the
 * option table's `live`) and which wait for a restart, and a log line for
 * each. `LichatServer.reload` applies them.
 *
 * @example
 * ```ts
 * import { changedOptions } from "./reload.ts";
 * import { defaultOptions } from "./options.ts";
 * const now = defaultOptions();
 * const c = changedOptions(now, { ...now, motd: "Hi", port: 2222 });
 * c.live.map((s) => s.flag); // ["motd"]
 * c.restart.map((s) => s.flag); // ["port"]
 * ```
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import { OPTION_SPECS, type OptionSpec, type ServerOptions } from "./options.ts";

/** The options a reload would change, split by whether they can change now. */
export interface Changes {
  /** Rows whose new value takes effect at once. */
  readonly live: readonly OptionSpec[];
  /** Rows whose new value needs a restart. */
  readonly restart: readonly OptionSpec[];
}

/** An option's value as the server holds it. */
function valueOf(o: ServerOptions, s: OptionSpec): unknown {
  return (o as Readonly<Record<string, unknown>>)[s.key];
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}

/** The rows whose values differ between `now` and `next`. */
export function changedOptions(now: ServerOptions, next: ServerOptions): Changes {
  const changed = OPTION_SPECS.filter((s) => !same(valueOf(now, s), valueOf(next, s)));
  return { live: changed.filter((s) => s.live), restart: changed.filter((s) => !s.live) };
}

/** Set the `live` rows' values of `next` on `target` (the options the server runs with). */
export function applyLive(target: ServerOptions, next: ServerOptions, changes: Changes): void {
  const t = target as Record<string, unknown>;
  for (const s of changes.live) {
    const v = valueOf(next, s);
    t[s.key] = Array.isArray(v) ? [...v] : v;
  }
}

/** A value in a log line: lists joined, text quoted by the formatter. */
function shown(v: unknown): unknown {
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * One line per changed option: a live one with its old and new value (none
 * of them is secret), one that needs a restart without them (the salt is
 * one).
 */
export function logChanges(
  log: Logger,
  before: ServerOptions,
  after: ServerOptions,
  changes: Changes,
): void {
  for (const s of changes.live) {
    log.info("Reloaded --{flag}: {before} → {after}", {
      flag: s.flag,
      before: shown(valueOf(before, s)),
      after: shown(valueOf(after, s)),
    });
  }
  for (const s of changes.restart) {
    log.warning("--{flag} changed in the configuration; it takes effect at the next restart", {
      flag: s.flag,
    });
  }
  if (changes.live.length + changes.restart.length === 0) {
    log.info("Configuration reloaded; nothing changed");
  }
}
