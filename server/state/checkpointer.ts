/**
 * Checkpoints of a database file in WAL mode, off the actor's thread: SQLite
 * would otherwise copy the journal into the file (and sync it) inside one of
 * the actor's commits every 4 MiB, more than half of what writing costs. A
 * worker with its own connection does it once a second instead (`PASSIVE`:
 * it never waits for, or holds up, the actor's writes).
 *
 * @example
 * ```ts
 * import { Checkpointer } from "./checkpointer.ts";
 * const dir = Deno.makeTempDirSync();
 * const { DatabaseSync } = await import("node:sqlite");
 * new DatabaseSync(`${dir}/x.db`).exec("PRAGMA journal_mode = WAL");
 * const c = Checkpointer.start(`${dir}/x.db`, 1000);
 * c?.stop();
 * ```
 *
 * @module
 */

/** The worker: a connection of its own, a checkpoint every `every` ms, closed when told. */
const WORKER = `
import { DatabaseSync } from "node:sqlite";
let db;
let timer;
self.onmessage = ({ data }) => {
  if (data.open) {
    try {
      db = new DatabaseSync(data.open);
      timer = setInterval(() => {
        try {
          db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch {
          // Busy or gone: the next one will do.
        }
      }, data.every);
    } catch {
      // The actor's own connection reports what is wrong with the file.
    }
  } else if (data.close) {
    clearInterval(timer);
    try {
      db?.close();
    } finally {
      Atomics.store(data.close, 0, 1);
      Atomics.notify(data.close, 0);
    }
  }
};
`;

/** A running checkpoint worker. */
export class Checkpointer {
  readonly #worker: Worker;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Checkpoint `path` every `everyMs`; undefined if no worker can be started here. */
  static start(path: string, everyMs: number): Checkpointer | undefined {
    try {
      const url = URL.createObjectURL(new Blob([WORKER], { type: "application/javascript" }));
      const worker = new Worker(url, { type: "module" });
      URL.revokeObjectURL(url);
      worker.postMessage({ open: path, every: everyMs });
      return new Checkpointer(worker);
    } catch {
      return undefined;
    }
  }

  /**
   * Close the worker's connection and end it; returns once the connection
   * is closed (at most a few seconds), so that the caller's connection is
   * the file's last and SQLite removes the journal when it closes.
   */
  stop(): void {
    const done = new Int32Array(new SharedArrayBuffer(4));
    this.#worker.postMessage({ close: done });
    Atomics.wait(done, 0, 0, 5000);
    this.#worker.terminate();
  }
}
