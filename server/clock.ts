/**
 * The server's one clock: the time, and work done at intervals. Passed in
 * from {@linkcode LichatServer.start}, so that tests can move time on
 * instead of waiting for it.
 *
 * @example
 * ```ts
 * import { ManualClock } from "./clock.ts";
 * const clock = new ManualClock(0);
 * let ticks = 0;
 * clock.every(1000, () => ticks++);
 * clock.advance(2500); // ticks === 2
 * ```
 *
 * @module
 */

/** A source of time. */
export interface Clock {
  /** Milliseconds since 1970, as `Date.now()`. */
  now(): number;
  /** Call `fn` every `ms` milliseconds until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

/** The system's clock and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
};

/** A clock that moves only when told to: tests advance it instead of sleeping. */
export class ManualClock implements Clock {
  #now: number;
  readonly #timers = new Set<{ ms: number; next: number; fn: () => void }>();

  /** Start at `start` milliseconds since 1970 (default: the real time now). */
  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, fn: () => void): () => void {
    const t = { ms, next: this.#now + ms, fn };
    this.#timers.add(t);
    return () => this.#timers.delete(t);
  }

  /** Move time on by `ms`, running each timer as often as it falls due, in time order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let due: { ms: number; next: number; fn: () => void } | undefined;
      for (const t of this.#timers) if (t.next <= end && (!due || t.next < due.next)) due = t;
      if (!due) break;
      this.#now = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.#now = end;
  }
}
