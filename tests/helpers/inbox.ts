/**
 * What test clients share: a queue of received updates with waiting,
 * expectation and draining helpers.
 *
 * @module
 */
import type { Update } from "../../protocol/mod.ts";

/** JSON.stringify replacer that prints bigints. */
export function replacer(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v;
}

/**
 * Things received, in order, for a test to take: what a test client's
 * reader pushes and its test waits for.
 */
export class Arrivals<T> {
  readonly #queue: T[] = [];
  #waiters: (() => void)[] = [];
  #ended = false;

  /** Add what was received and wake whoever waits. */
  push(...items: T[]): void {
    this.#queue.push(...items);
    this.#wake();
  }

  /** Nothing more comes: waiting stops with an error once the queue is empty. */
  end(): void {
    this.#ended = true;
    this.#wake();
  }

  /** Has the sender ended? */
  get ended(): boolean {
    return this.#ended;
  }

  /** Received and not yet taken. */
  get pending(): T[] {
    return this.#queue;
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** The next one, or an error (naming `what`) after `timeout` ms or when the sender has ended. */
  async next(timeout: number, what: string): Promise<T> {
    const deadline = Date.now() + timeout;
    while (this.#queue.length === 0) {
      if (this.#ended) throw new Error(`connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`nothing (${what}) within ${timeout} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.#queue.shift()!;
  }
}

/** Received updates, in order, for a test to take. */
export class UpdateInbox {
  readonly #arrivals = new Arrivals<Update>();
  /** Updates that broke an invariant every server update must keep. */
  readonly violations: string[] = [];

  /** Add a received update, checking that it carries an id and a clock. */
  protected deliver(u: Update): void {
    if (u.id === undefined || u.clock === undefined) {
      this.violations.push(`${u.type} without ${u.id === undefined ? "id" : "clock"}`);
    }
    this.#arrivals.push(u);
  }

  /** The connection ended: waiting stops with an error once the queue is empty. */
  protected end(): void {
    this.#arrivals.end();
  }

  /** The next update, or an error after `timeout` ms or when the connection has ended. */
  next(timeout = 3000): Promise<Update> {
    return this.#arrivals.next(timeout, "an update");
  }

  /** The next update, which must be of `type` (throws with what came instead). */
  async expect(type: string, timeout = 3000): Promise<Update> {
    const u = await this.next(timeout);
    if (u.type !== type) {
      throw new Error(`expected ${type}, got ${u.type}: ${JSON.stringify(u, replacer)}`);
    }
    return u;
  }

  /** Skip updates until one of `type` (and matching `pred`) comes. */
  async waitFor(
    type: string,
    pred: (u: Update) => boolean = () => true,
    timeout = 3000,
  ): Promise<Update> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const u = await this.next(Math.max(1, deadline - Date.now()));
      if (u.type === type && pred(u)) return u;
    }
  }

  /** Updates already received and not yet taken. */
  get pending(): readonly Update[] {
    return this.#arrivals.pending;
  }

  /** Take everything that arrives within `ms`. */
  async drain(ms = 100): Promise<Update[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.#arrivals.pending.splice(0);
  }
}
