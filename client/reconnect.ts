/**
 * Reconnection: retrying with exponential backoff, and holding requests made
 * while the connection is down until it is back (or their time is up).
 *
 * @example
 * ```ts
 * import { ConnectionGate, retryWithBackoff } from "./reconnect.ts";
 * const gate = new ConnectionGate();
 * const ready = gate.wait(5000); // resolves on gate.opened()
 * const connect = () => Promise.resolve(); // open a connection here
 * await retryWithBackoff(connect, () => false, { maxBackoff: 30000 });
 * gate.opened();
 * await ready;
 * ```
 *
 * @module
 */
import { ClientError, FailureError, TimeoutError } from "./errors.ts";

/** How to retry. */
export interface BackoffOptions {
  /** The first pause in ms (default 250). */
  initial?: number;
  /** The longest pause in ms. */
  maxBackoff: number;
  /** Told of each failed attempt and the pause before the next. */
  onFailure?: (error: Error, pause: number) => void;
}

/**
 * Call `attempt` until it succeeds or `stopped()` holds, pausing before each
 * try: `initial`, then twice as long each time, at most `maxBackoff`.
 * Resolves true once an attempt succeeded, false if stopped first.
 */
export async function retryWithBackoff(
  attempt: () => Promise<void>,
  stopped: () => boolean,
  opts: BackoffOptions,
): Promise<boolean> {
  let pause = opts.initial ?? 250;
  while (!stopped()) {
    await new Promise((r) => setTimeout(r, pause));
    if (stopped()) return false;
    try {
      await attempt();
      return true;
    } catch (e) {
      pause = Math.min(pause * 2, opts.maxBackoff);
      opts.onFailure?.(e instanceof Error ? e : new Error(String(e)), pause);
    }
  }
  return false;
}

/**
 * Join `channels` again after reconnecting, skipping those the server says
 * the user is still in (a user with another connection stays, §4.1 step 12).
 * Resolves with the channels the user is in again; tells `failed` of the rest.
 */
export async function rejoin(
  channels: readonly string[],
  isIn: (channel: string) => boolean,
  join: (channel: string) => Promise<unknown>,
  failed: (channel: string, error: Error) => void,
): Promise<string[]> {
  const joined: string[] = [];
  for (const c of channels) {
    try {
      if (!isIn(c)) await join(c);
      joined.push(c);
    } catch (e) {
      if (e instanceof FailureError && e.failure.type === "already-in-channel") joined.push(c);
      else failed(c, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return joined;
}

interface Held {
  resolve(): void;
  reject(e: Error): void;
}

/** Requests waiting for the connection to come back. */
export class ConnectionGate {
  readonly #held = new Set<Held>();

  /**
   * Resolves when {@linkcode opened} is called; rejects with
   * {@linkcode TimeoutError} after `timeout` ms, or with the error given to
   * {@linkcode closed}.
   */
  wait(timeout: number, what = "the request"): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const held: Held = {
        resolve: () => {
          clearTimeout(timer);
          this.#held.delete(held);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          this.#held.delete(held);
          reject(e);
        },
      };
      const timer = setTimeout(
        () => held.reject(new TimeoutError(`not reconnected within ${timeout} ms for ${what}`)),
        timeout,
      );
      this.#held.add(held);
    });
  }

  /** The connection is back: let every held request go. */
  opened(): void {
    for (const h of [...this.#held]) h.resolve();
  }

  /** The client closed for good: fail every held request. */
  closed(error: Error = new ClientError("the client was closed")): void {
    for (const h of [...this.#held]) h.reject(error);
  }
}
