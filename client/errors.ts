/**
 * Errors of the client library.
 *
 * @module
 */
import type { Update } from "../protocol/mod.ts";

/** Any client error. */
export class ClientError extends Error {
  /** Make an error with a message. */
  constructor(message: string) {
    super(message);
    this.name = "ClientError";
  }
}

/**
 * The server refused the handshake (or a request): `failure` is its failure
 * update, e.g. `invalid-password` or `username-taken`.
 *
 * @example
 * ```ts
 * import { FailureError } from "./errors.ts";
 * try { await client.open(); } catch (e) {
 *   if (e instanceof FailureError) console.log(e.failure.type, e.failure.text);
 * }
 * ```
 */
export class FailureError extends ClientError {
  /** The failure update the server sent. */
  readonly failure: Update;

  /** Wrap a failure update. */
  constructor(failure: Update) {
    super(`${failure.type}: ${failure.text ?? ""}`);
    this.name = "FailureError";
    this.failure = failure;
  }
}

/** No reply came in time, or the connection ended while waiting. */
export class TimeoutError extends ClientError {
  /** Make a timeout error. */
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}
