/**
 * Lichat's `time` type: seconds since 1900-01-01 00:00 UTC (spec §1).
 *
 * @example
 * ```ts
 * import { universalTime } from "./time.ts";
 * universalTime(0); // 2208988800, the Unix epoch in Lichat time
 * ```
 *
 * @module
 */

/** Seconds between 1900-01-01 and 1970-01-01. */
export const UNIX_TO_UNIVERSAL = 2208988800;

/** Lichat time for a JavaScript timestamp in milliseconds (default: now). */
export function universalTime(ms: number = Date.now()): number {
  return Math.floor(ms / 1000) + UNIX_TO_UNIVERSAL;
}

/** JavaScript milliseconds for a Lichat time. */
export function fromUniversalTime(t: number | bigint): number {
  return (Number(t) - UNIX_TO_UNIVERSAL) * 1000;
}
