/**
 * Requests waiting for their replies, matched by id (lichat.mess §3): a
 * reply carries the request's id as `id`, a failure or warning as
 * `update-id` (§3.2). Warnings come before the real reply (§3.3) and are not it.
 *
 * @example
 * ```ts
 * import { PendingRequests } from "./pending.ts";
 * const pending = new PendingRequests();
 * const reply = pending.wait(7, "ping", 1000);
 * pending.settle({ type: "pong", id: 7 }); // reply resolves with the pong
 * ```
 *
 * @module
 */
import { defaultRegistry, type Id, type Update } from "../protocol/mod.ts";
import { TimeoutError } from "./errors.ts";

interface Waiter {
  readonly what: string;
  resolve(u: Update): void;
  reject(e: Error): void;
}

/** Is `u` a failure (a reply that rejects its request)? */
export function isFailure(u: Update): boolean {
  return defaultRegistry.isSubclass(u.type, "failure");
}

/**
 * Is `u` a notice that precedes the reply it refers to: a warning (§3.3), or
 * `clock-skewed`, which the definitions make a failure but §4.2 and §5.1 a
 * correction after which the update is still processed?
 */
export function isNotice(u: Update): boolean {
  return u.type === "clock-skewed" || defaultRegistry.isSubclass(u.type, "warning");
}

/** The requests of one client that wait for a reply. */
export class PendingRequests {
  readonly #waiting = new Map<string, Waiter>();

  /** How many requests wait. */
  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Wait for the reply to the update of id `id` (a `what` request); rejects
   * with {@linkcode TimeoutError} after `timeout` ms.
   */
  wait(id: Id, what: string, timeout: number): Promise<Update> {
    const key = String(id);
    return new Promise<Update>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(new TimeoutError(`no reply to ${what} within ${timeout} ms`));
      }, timeout);
      this.#waiting.set(key, {
        what,
        resolve: (u) => {
          clearTimeout(timer);
          resolve(u);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Resolve the request `u` answers, if any; true if there was one. */
  settle(u: Update): boolean {
    if (isNotice(u)) return false;
    // Only failures refer by `update-id`: a reaction's `update-id` names the
    // message reacted to, not a request.
    const key = String(isFailure(u) ? u["update-id"] ?? u.id : u.id);
    const waiter = this.#waiting.get(key);
    if (!waiter) return false;
    this.#waiting.delete(key);
    waiter.resolve(u);
    return true;
  }

  /** Resolve the request of id `id` with `u` itself (for replies that never come). */
  resolve(id: Id, u: Update): void {
    const key = String(id);
    const waiter = this.#waiting.get(key);
    this.#waiting.delete(key);
    waiter?.resolve(u);
  }

  /** Reject the request of id `id`, if it still waits. */
  reject(id: Id, error: Error): void {
    const key = String(id);
    const waiter = this.#waiting.get(key);
    this.#waiting.delete(key);
    waiter?.reject(error);
  }

  /** Reject every waiting request with the error `error(what)` makes. */
  rejectAll(error: (what: string) => Error): void {
    const all = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const w of all) w.reject(error(w.what));
  }
}
