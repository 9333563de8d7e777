/**
 * The parser stage as the main isolate sees it: operations go in, events come
 * out, at most one batch per event-loop turn in each direction.
 *
 * {@linkcode WorkerPool} spreads connections over worker threads;
 * {@linkcode InlineStage} (`--workers 0`) runs the same {@linkcode ParserStage}
 * on the main isolate and is the baseline the pool is measured against.
 *
 * @module
 */
import {
  type FromWorker,
  type ParserConfig,
  type StageEvent,
  type StageOp,
  type ToWorker,
  unpackEvents,
} from "./messages.ts";
import { ParserStage } from "./parser.ts";
import type { Clock } from "../server/clock.ts";
import { WORKER_SOURCE } from "./bundle.generated.ts";

/**
 * Where parsed updates and stage failures go, with the milliseconds their
 * batch took to parse, when it was measured.
 */
export type EventSink = (events: StageEvent[], parseMs?: number) => void;

/** The interface both stages offer. */
export interface Stage {
  /** Queue an operation; queued ones leave together at the end of the turn. */
  push(op: StageOp): void;
  /** Take new limits (a reload), for the connections already open too. */
  configure(config: ParserConfig): void;
  /** Stop the stage and release its threads. */
  close(): void;
}

/** Parse on the main isolate (`--workers 0`). */
export class InlineStage implements Stage {
  readonly #stage: ParserStage;
  readonly #sink: EventSink;
  readonly #clock: Clock;
  #ops: StageOp[] = [];
  #scheduled = false;

  /** Make an inline stage that reports to `sink`, on the server's clock. */
  constructor(config: ParserConfig, sink: EventSink, clock: Clock) {
    this.#stage = new ParserStage(config);
    this.#sink = sink;
    this.#clock = clock;
  }

  push(op: StageOp): void {
    this.#ops.push(op);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
  }

  #flush = (): void => {
    this.#scheduled = false;
    const ops = this.#ops;
    this.#ops = [];
    const start = performance.now();
    const events = this.#stage.handle(ops, this.#clock.now());
    if (events.length > 0) this.#sink(events, performance.now() - start);
  };

  configure(config: ParserConfig): void {
    this.#stage.configure(config);
  }

  close(): void {
    this.#ops = [];
  }
}

/** A pool of worker threads; each connection stays on one worker. */
export class WorkerPool implements Stage {
  readonly #workers: Worker[] = [];
  readonly #queues: StageOp[][] = [];
  readonly #transfers: Transferable[][] = [];
  #scheduled = false;
  readonly #url: string;
  readonly #clock: Clock;

  /**
   * Start `size` workers that report to `sink`; each batch carries the time
   * on the server's clock, so that the workers need none of their own.
   */
  constructor(
    size: number,
    config: ParserConfig,
    sink: EventSink,
    onError: (e: ErrorEvent) => void,
    clock: Clock,
  ) {
    this.#clock = clock;
    // A blob URL needs no --allow-read, and works inside `deno compile` too.
    this.#url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    for (let i = 0; i < size; i++) {
      const w = new Worker(this.#url, { type: "module", name: `lichat-parser-${i}` });
      w.onmessage = (e: MessageEvent<FromWorker>) => sink(unpackEvents(e.data), e.data.took);
      w.onerror = (e) => {
        e.preventDefault();
        onError(e);
      };
      // The texts are copied on their way back, so a read may be decoded
      // whole.
      w.postMessage(
        {
          t: "config",
          config: { ...config, decodeChunks: true },
        } satisfies ToWorker,
      );
      this.#workers.push(w);
      this.#queues.push([]);
      this.#transfers.push([]);
    }
  }

  push(op: StageOp): void {
    const i = op.conn % this.#workers.length;
    this.#queues[i].push(op);
    if (op.op === "bytes") this.#transfers[i].push(op.bytes.buffer as ArrayBuffer);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
  }

  #flush = (): void => {
    this.#scheduled = false;
    const now = this.#clock.now();
    for (let i = 0; i < this.#workers.length; i++) {
      const ops = this.#queues[i];
      if (ops.length === 0) continue;
      const transfer = this.#transfers[i];
      this.#queues[i] = [];
      this.#transfers[i] = [];
      this.#workers[i].postMessage({ t: "ops", ops, now } satisfies ToWorker, transfer);
    }
  };

  configure(config: ParserConfig): void {
    // Posted after the operations already queued, which the old limits cover.
    this.#flush();
    for (const w of this.#workers) w.postMessage({ t: "reconfigure", config } satisfies ToWorker);
  }

  close(): void {
    for (const w of this.#workers) w.terminate();
    URL.revokeObjectURL(this.#url);
  }
}
