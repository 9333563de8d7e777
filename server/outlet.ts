/**
 * The connection side of the server: each connection's bounded output queue,
 * with every update printed once however many connections receive it, and
 * everything queued for one connection in one turn written in one go
 * (deno#20569: each socket write has a fixed cost).
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { concatBytes, printUpdate, readUpdate, type Update } from "../protocol/mod.ts";
import type { Outlet } from "./actor.ts";
import { type ByteCounts, Meters, utf8Length } from "./metrics/meters.ts";
import type { Transport } from "./state/model.ts";

const log = getLogger(["lichat", "server", "outlet"]);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Recipients above which an update counts as a broadcast for write scheduling. */
const BROADCAST = 8;
/** What the server printed reads back whole: no limits of a client's update apply. */
const READ_BACK = { maxDepth: Infinity, maxElements: Infinity };

/** An update printed once, in the forms the transports want. */
export class Printed {
  #text: string | undefined;
  #bytes: Uint8Array | undefined;
  #size = -1;
  #updates: readonly Update[] | undefined;
  /** Queued for more than one connection: its bytes are worth keeping. */
  readonly shared: boolean;
  /** How many updates it holds: more than one for a run (server/runs.ts). */
  readonly count: number;

  /**
   * Wrap printed text, or (with `text` undefined) bytes that end in NUL;
   * `shared` when more than one connection will write it; `count` updates
   * when the bytes are a run of them; `update`, the object the text was
   * printed from.
   */
  constructor(
    text: string | undefined,
    bytes?: Uint8Array,
    shared = false,
    count = 1,
    update?: Update,
  ) {
    this.#text = text;
    this.#bytes = bytes;
    this.shared = shared;
    this.count = count;
    if (update && count === 1 && text !== undefined) this.#updates = [update];
  }

  /**
   * The updates as objects, for transports that render them rather than
   * write their text (IRC): the one it was printed from, else read back from
   * the text, once, on first use.
   */
  get updates(): readonly Update[] {
    return this.#updates ??= this.texts.map((t) => readUpdate(t, READ_BACK));
  }

  /** The wire text without the last NUL (a run's updates stay NUL-separated). */
  get text(): string {
    return this.#text ??= decoder.decode(this.#bytes!.subarray(0, -1));
  }

  /** Each update's wire text without NUL, for transports that frame them one by one. */
  get texts(): string[] {
    return this.count === 1 ? [this.text] : this.text.split("\0");
  }

  /** Its length in bytes of UTF-8 with the NUL, counted once without encoding it. */
  get size(): number {
    if (this.#size < 0) {
      this.#size = this.#bytes ? this.#bytes.length : utf8Length(this.#text!) + 1;
    }
    return this.#size;
  }

  /** UTF-8 with the terminating NUL, encoded on first use. */
  get bytes(): Uint8Array {
    return this.#bytes ??= encoder.encode(this.#text + "\0");
  }

  /**
   * The bytes of a batch, NUL after each update, in as few `encode` calls as
   * may be: each call has a fixed cost far above that of encoding a chat
   * line (≈1 µs against ≈15 ns). Texts written to one connection only are
   * joined and encoded together straight into the output; a shared one is
   * encoded once, by the first batch it is in, and its bytes copied by the
   * others.
   *
   * @example
   * ```ts
   * const bytes = Printed.join([new Printed("(a)"), new Printed("(b)")]);
   * new TextDecoder().decode(bytes); // "(a)\0(b)\0"
   * ```
   */
  static join(batch: readonly Printed[]): Uint8Array {
    if (batch.length === 1) return batch[0].bytes;
    // The members of a busy channel are usually handed the very same batch
    // one after another: join it once and write the same bytes to each.
    const last = Printed.#lastJoin;
    if (last && sameBatch(last.batch, batch)) return last.data;
    const data = Printed.#join(batch);
    Printed.#lastJoin = { batch, data };
    return data;
  }

  /** The last batch joined and its bytes (never changed once written). */
  static #lastJoin: { batch: readonly Printed[]; data: Uint8Array } | undefined;

  static #join(batch: readonly Printed[]): Uint8Array {
    Printed.#encodeShared(batch);
    const parts: Uint8Array[] = [];
    let run = "";
    for (const p of batch) {
      if (p.#bytes === undefined) {
        run += p.#text + "\0";
        continue;
      }
      if (run !== "") parts.push(encoder.encode(run));
      run = "";
      parts.push(p.#bytes);
    }
    if (run !== "") parts.push(encoder.encode(run));
    return concatBytes(parts);
  }

  /** Encode the batch's shared, unencoded updates in one call, cut apart at their NULs. */
  static #encodeShared(batch: readonly Printed[]): void {
    const list = batch.filter((p) => p.shared && p.#bytes === undefined);
    if (list.length === 0) return;
    let text = "";
    for (const p of list) text += p.#text + "\0";
    const all = encoder.encode(text);
    let start = 0;
    for (const p of list) {
      // The printer never prints a NUL inside an update.
      const end = all.indexOf(0, start) + 1;
      p.#bytes = all.subarray(start, end);
      start = end;
    }
  }
}

function sameBatch(a: readonly Printed[], b: readonly Printed[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What a transport offers for writing to one peer. */
export interface Peer {
  /** The transport's name. */
  readonly transport: Transport;
  /** Write a batch of updates, in order; resolves once written. */
  write(batch: readonly Printed[]): Promise<void>;
  /** Close the underlying connection (idempotent). */
  close(): void;
}

interface OutConn {
  readonly peer: Peer;
  /** Its transport's byte counts (for /metrics). */
  readonly bytes: ByteCounts;
  queue: Printed[];
  /** Updates in `queue` (a run counts as its updates). */
  queued: number;
  writing: boolean;
  closing: boolean;
}

/** Writes the actor's output to the connections' peers. */
export class ConnectionTable implements Outlet {
  readonly #conns = new Map<number, OutConn>();
  #maxQueue: number;
  #closeGraceMs: number;
  readonly #meters: Meters;
  /** Connections to write at the end of this turn (few recipients). */
  #soon: [number, OutConn][] = [];
  /** Connections to write at the end of this event-loop pass (broadcasts). */
  #later: [number, OutConn][] = [];
  #soonScheduled = false;
  #laterScheduled = false;
  /** Called when a connection must be dropped for not reading (slow reader). */
  onOverflow: (conn: number) => void = () => {};

  /**
   * Make a table with the per-connection queue limit and the milliseconds a
   * closing connection's pending write may take before its socket is closed,
   * counting what it sends into `meters`.
   */
  constructor(maxQueue: number, closeGraceMs = 1000, meters = new Meters()) {
    this.#maxQueue = maxQueue;
    this.#closeGraceMs = closeGraceMs;
    this.#meters = meters;
  }

  /** Take new limits (a reload): queues and closes from now on are held to them. */
  configure(maxQueue: number, closeGraceMs: number): void {
    this.#maxQueue = maxQueue;
    this.#closeGraceMs = closeGraceMs;
  }

  /** Number of connections registered. */
  get size(): number {
    return this.#conns.size;
  }

  /** `n` bytes were read from connection `id` (for /metrics). */
  received(id: number, n: number): void {
    const c = this.#conns.get(id);
    if (c) c.bytes.in += n;
  }

  /** Register a new connection's peer. */
  add(id: number, peer: Peer): void {
    const bytes = this.#meters.bytes(peer.transport);
    this.#conns.set(id, { peer, bytes, queue: [], queued: 0, writing: false, closing: false });
  }

  /** Forget a connection whose transport is gone. */
  remove(id: number): void {
    const c = this.#conns.get(id);
    if (!c) return;
    this.#conns.delete(id);
    c.queue = [];
    c.queued = 0;
    c.peer.close();
  }

  send(update: Update, to: readonly number[], bytes?: Uint8Array, count = 1): void {
    let printed: Printed;
    try {
      printed = bytes
        ? new Printed(undefined, bytes, to.length > 1, count)
        : new Printed(printUpdate(update), undefined, to.length > 1, 1, update);
    } catch (e) {
      log.error("Could not print {type}: {error}", { type: update.type, error: e });
      return;
    }
    // See #schedule: broadcasts wait for the end of the event-loop pass.
    const ready = to.length > BROADCAST ? this.#later : this.#soon;
    let queued = 0;
    for (const id of to) {
      const c = this.#conns.get(id);
      if (!c || c.closing) continue;
      if (c.queued + count > this.#maxQueue) {
        log.warning("Connection {id} does not read its updates; dropping it.", { id });
        this.#meters.slowReaders++;
        // Close the socket now: its write is stuck and would hold it open.
        this.remove(id);
        this.onOverflow(id);
        continue;
      }
      queued++;
      c.bytes.out += printed.size;
      c.queue.push(printed);
      c.queued += count;
      if (!c.writing) {
        c.writing = true;
        ready.push([id, c]);
      }
    }
    if (queued > 0) this.#meters.sent(update.type, queued * count);
    this.#schedule();
  }

  /**
   * Plan the next writes. An update for few connections (a reply, a
   * pipelined stream) is written at the end of this turn, for latency; one for
   * many (a channel-wide broadcast) at the end of the event-loop pass, so that
   * the broadcasts of many reads (a connect storm) share one write per
   * connection. A connection already planned keeps its plan.
   */
  #schedule(): void {
    if (this.#soon.length > 0 && !this.#soonScheduled) {
      this.#soonScheduled = true;
      queueMicrotask(() => {
        this.#soonScheduled = false;
        this.#flushAll(this.#soon.splice(0));
      });
    }
    if (this.#later.length > 0 && !this.#laterScheduled) {
      this.#laterScheduled = true;
      setTimeout(() => {
        this.#laterScheduled = false;
        this.#flushAll(this.#later.splice(0));
      }, 0);
    }
  }

  close(id: number): void {
    const c = this.#conns.get(id);
    if (!c) return;
    c.closing = true;
    if (!c.writing) return this.remove(id);
    // Let the last updates out, but not forever: a peer that does not read
    // keeps its write pending, and with it the socket open.
    Deno.unrefTimer(setTimeout(() => this.remove(id), this.#closeGraceMs));
  }

  #flushAll(ready: [number, OutConn][]): void {
    for (const [id, c] of ready) this.#flush(id, c);
  }

  async #flush(id: number, c: OutConn): Promise<void> {
    try {
      while (c.queue.length > 0) {
        const batch = c.queue;
        c.queue = [];
        c.queued = 0;
        await c.peer.write(batch);
      }
    } catch {
      // The peer went away; its read side reports that.
      c.queue = [];
      c.queued = 0;
    }
    c.writing = false;
    if (c.closing) this.remove(id);
  }
}
