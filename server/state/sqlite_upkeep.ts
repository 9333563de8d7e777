/**
 * The database history's background work, done a batch at a time within a
 * time budget so that it never holds the actor up for long: deleting the
 * rows of ended channels, building the text index, and retention
 * (`--history-days`, `--history-per-channel`).
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Retention } from "./history.ts";
import { blockColumns, type BlockRow, metaClocks } from "./sqlite_blocks.ts";
import type { BlockIds, ChannelCount } from "./sqlite_history.ts";

/** Rows one statement deletes or indexes at most. */
const BATCH = 256;

/** See the module doc. */
export class Upkeep {
  readonly #counts: Map<string, ChannelCount>;
  readonly #dropped: Map<string, number>;
  readonly #ids: BlockIds;
  readonly #deleteDropped: StatementSync;
  readonly #forgetDropped: StatementSync;
  readonly #unindexed: StatementSync;
  readonly #index: StatementSync;
  readonly #indexed: StatementSync;
  readonly #old: StatementSync;
  readonly #oldest: StatementSync;
  readonly #delete: StatementSync;
  readonly #rewrite: StatementSync;
  /** The channels the retention pass under way has yet to visit. */
  #pass: string[] | undefined;

  /** Upkeep of `db`'s history, whose channel counts and dropped channels the history keeps. */
  constructor(
    db: DatabaseSync,
    counts: Map<string, ChannelCount>,
    dropped: Map<string, number>,
    ids: BlockIds,
  ) {
    this.#counts = counts;
    this.#dropped = dropped;
    this.#ids = ids;
    this.#deleteDropped = db.prepare(
      `DELETE FROM history WHERE id IN
         (SELECT id FROM history WHERE channel = ? AND id <= ? LIMIT ${BATCH})`,
    );
    this.#forgetDropped = db.prepare("DELETE FROM history_dropped WHERE channel = ?");
    this.#unindexed = db.prepare(
      `SELECT id, text FROM history WHERE id > ? ORDER BY id LIMIT ${BATCH}`,
    );
    this.#index = db.prepare("INSERT INTO history_text (rowid, text) VALUES (?, ?)");
    this.#indexed = db.prepare("UPDATE history SET text = NULL WHERE id = ?");
    this.#old = db.prepare(
      `SELECT id, updates, max_clock FROM history WHERE channel = ? AND id > ? AND min_clock < ?
       ORDER BY min_clock LIMIT ${BATCH}`,
    );
    this.#oldest = db.prepare(
      `SELECT id, first_seq, updates, min_clock, max_clock, meta, wire FROM history
       WHERE channel = ? AND id > ? ORDER BY first_seq LIMIT 64`,
    );
    this.#delete = db.prepare("DELETE FROM history WHERE id = ?");
    this.#rewrite = db.prepare(
      `UPDATE history SET first_seq = ?, updates = ?, min_clock = ?, max_clock = ?, meta = ?,
         wire = ? WHERE id = ?`,
    );
  }

  /**
   * Work for about `budgetMs` (one batch at least): dropped channels, then
   * the index, then (with `retention`) the retention pass. True if the pass
   * is unfinished.
   */
  run(retention: Retention | undefined, budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    const over = () => performance.now() >= deadline;
    for (const [channel, upto] of this.#dropped) {
      for (;;) {
        const { changes } = this.#deleteDropped.run(channel, upto);
        if (Number(changes) < BATCH) {
          this.#forgetDropped.run(channel);
          this.#dropped.delete(channel);
          break;
        }
        if (over()) return retention !== undefined;
      }
    }
    for (;;) {
      const rows = this.#unindexed.all(this.#ids.indexed) as { id: number; text: string }[];
      for (const r of rows) {
        if (r.text) this.#index.run(r.id, r.text);
        this.#indexed.run(r.id);
        this.#ids.indexed = r.id;
      }
      if (rows.length < BATCH) break;
      if (over()) return retention !== undefined;
    }
    if (!retention) return false;
    const pass = this.#pass ??= [...this.#counts.keys()];
    while (pass.length > 0) {
      if (this.#retain(pass[pass.length - 1], retention)) pass.pop();
      if (over()) break;
    }
    if (pass.length > 0) return true;
    this.#pass = undefined;
    return false;
  }

  /** One batch of retention for a channel; true when the channel is done. */
  #retain(channel: string, r: Retention): boolean {
    const count = this.#counts.get(channel);
    if (!count) return true;
    const floor = this.#dropped.get(channel) ?? 0;
    if (r.before !== undefined) {
      const rows = this.#old.all(channel, floor, r.before) as {
        id: number;
        updates: number;
        max_clock: number;
      }[];
      let deleted = 0;
      for (const row of rows) {
        // A block goes when its newest update is too old.
        if (row.max_clock >= r.before) continue;
        this.#delete.run(row.id);
        count.count -= row.updates;
        deleted++;
      }
      if (rows.length === BATCH && deleted > 0) return false;
    }
    if (r.perChannel === undefined) return true;
    let excess = count.count - r.perChannel;
    if (excess <= 0) return true;
    for (const row of this.#oldest.all(channel, floor) as unknown as BlockRow[]) {
      if (excess <= 0) break;
      const cut = Math.min(excess, row.updates);
      if (cut === row.updates) this.#delete.run(row.id);
      else this.#cut(row, cut);
      count.count -= cut;
      excess -= cut;
    }
    return excess <= 0;
  }

  /**
   * Drop a block's first `n` updates. Its indexed text stays a superset of
   * what is left, which search's exact matching allows for.
   */
  #cut(b: BlockRow, n: number): void {
    let start = 0;
    for (let i = 0; i < n; i++) start = b.wire.indexOf(0, start) + 1;
    const clocks = metaClocks(b).slice(n);
    const { min, max, meta } = blockColumns(clocks, b.meta.subarray(b.updates * 8 + n));
    this.#rewrite.run(b.first_seq + n, clocks.length, min, max, meta, b.wire.subarray(start), b.id);
  }
}
