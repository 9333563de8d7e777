/**
 * Keeping a connection alive from the client's side (lichat.mess §4.2): ping
 * a server that has been silent for an interval, and call it dead when a
 * second interval passes without an answer.
 *
 * @example
 * ```ts
 * import { Keepalive } from "./keepalive.ts";
 * const k = new Keepalive(60, () => console.log("ping"), () => console.log("dead"));
 * k.start();
 * k.heard(); // on every update received
 * k.stop();
 * ```
 *
 * @module
 */

/** A silence watch for one connection. */
export class Keepalive {
  readonly #interval: number;
  readonly #ping: () => void;
  readonly #dead: () => void;
  #lastHeard = 0;
  #pinged = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Ping after `seconds` of silence (0 disables); `dead` after twice that. */
  constructor(seconds: number, ping: () => void, dead: () => void) {
    this.#interval = seconds * 1000;
    this.#ping = ping;
    this.#dead = dead;
  }

  /** Start watching (again). */
  start(): void {
    this.stop();
    this.heard();
    const interval = this.#interval;
    if (interval <= 0) return;
    this.#timer = setInterval(() => {
      const silent = Date.now() - this.#lastHeard;
      if (silent >= interval * 2 && this.#pinged) {
        this.stop();
        this.#dead();
      } else if (silent >= interval && !this.#pinged) {
        this.#pinged = true;
        this.#ping();
      }
    }, Math.min(interval / 4, 1000));
  }

  /** Something arrived: the connection is alive. */
  heard(): void {
    this.#lastHeard = Date.now();
    this.#pinged = false;
  }

  /** Stop watching. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
