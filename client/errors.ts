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

/**
 * The connection is down: it was lost before a request's reply came (every
 * pending request fails with this at once), or a request was made while
 * disconnected without `reconnect`.
 *
 * @example
 * ```ts
 * import { ConnectionError } from "./errors.ts";
 * try { await client.request("join", { channel: "lobby" }); } catch (e) {
 *   if (e instanceof ConnectionError) console.log("try again once reconnected");
 * }
 * ```
 */
export class ConnectionError extends ClientError {
  /** Make a connection error. */
  constructor(message: string) {
    super(message);
    this.name = "ConnectionError";
  }
}

/** No reply (or, with `reconnect`, no connection) came within the timeout. */
export class TimeoutError extends ClientError {
  /** Make a timeout error. */
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}
