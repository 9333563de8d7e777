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
import { WORKER_SOURCE } from "./bundle.generated.ts";

/** Where parsed updates and stage failures go. */
export type EventSink = (events: StageEvent[]) => void;

/** The interface both stages offer. */
export interface Stage {
  /** Queue an operation; queued ones leave together at the end of the turn. */
  push(op: StageOp): void;
  /** Stop the stage and release its threads. */
  close(): void;
}

/** Parse on the main isolate (`--workers 0`). */
export class InlineStage implements Stage {
  readonly #stage: ParserStage;
  readonly #sink: EventSink;
  #ops: StageOp[] = [];
  #scheduled = false;

  /** Make an inline stage that reports to `sink`. */
  constructor(config: ParserConfig, sink: EventSink) {
    this.#stage = new ParserStage(config);
    this.#sink = sink;
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
    const events = this.#stage.handle(ops);
    if (events.length > 0) this.#sink(events);
  };

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

  /** Start `size` workers that report to `sink`. */
  constructor(
    size: number,
    config: ParserConfig,
    sink: EventSink,
    onError: (e: ErrorEvent) => void,
  ) {
    // A blob URL needs no --allow-read, and works inside `deno compile` too.
    this.#url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    for (let i = 0; i < size; i++) {
      const w = new Worker(this.#url, { type: "module", name: `lichat-parser-${i}` });
      w.onmessage = (e: MessageEvent<FromWorker>) => sink(unpackEvents(e.data));
      w.onerror = (e) => {
        e.preventDefault();
        onError(e);
      };
      // The texts are copied on their way back, so a read may be decoded
      // whole; printing relayed updates here spares the main isolate.
      w.postMessage(
        {
          t: "config",
          config: { ...config, decodeChunks: true, prePrint: true },
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
    for (let i = 0; i < this.#workers.length; i++) {
      const ops = this.#queues[i];
      if (ops.length === 0) continue;
      const transfer = this.#transfers[i];
      this.#queues[i] = [];
      this.#transfers[i] = [];
      this.#workers[i].postMessage({ t: "ops", ops } satisfies ToWorker, transfer);
    }
  };

  close(): void {
    for (const w of this.#workers) w.terminate();
    URL.revokeObjectURL(this.#url);
  }
}
