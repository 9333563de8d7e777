/**
 * The one error type the protocol library throws.
 *
 * Every failure of reading, checking or printing is a {@linkcode LichatError}
 * whose {@linkcode LichatError.failure} names the failure update the spec
 * prescribes for it, so a server can answer without a lookup table.
 *
 * @module
 */

/** The failure update class a protocol error maps onto (spec §5.1). */
export type FailureKind =
  | "malformed-update"
  | "update-too-long"
  | "invalid-update"
  | "bad-name"
  | "unprintable";

/**
 * A protocol error: malformed input, exceeded limits, unknown classes, or an
 * object that cannot be printed.
 *
 * @example
 * ```ts
 * import { LichatError } from "./errors.ts";
 * try { throw new LichatError("malformed-update", "unbalanced parenthesis"); }
 * catch (e) { if (e instanceof LichatError) console.log(e.failure); }
 * ```
 */
export class LichatError extends Error {
  /** The failure update class that answers this error. */
  readonly failure: FailureKind;
  /** The `id` of the offending update, when it could be read. */
  readonly updateId: number | bigint | undefined;

  /** Make an error of the given failure kind. */
  constructor(
    failure: FailureKind,
    message: string,
    updateId?: number | bigint,
  ) {
    super(message);
    this.name = "LichatError";
    this.failure = failure;
    this.updateId = updateId;
  }
}
