/**
 * The history in the database file (`--database`): every update channels
 * keep, until the retention options drop it.
 *
 * Updates are written in blocks: what a channel was sent since the last
 * commit becomes one row (wire forms one after another, each update's
 * clock and kinds in `meta`), so a busy channel costs a row per turn, not
 * per update. The text index (FTS5, trigram: substrings in any case) is
 * built in the background by {@linkcode SqliteHistory.upkeep}; until then a
 * block's texts wait in its `text` column, and search reads such blocks
 * whole. Ended channels are marked in `history_dropped` and their rows
 * deleted in the background too (sqlite_upkeep.ts).
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { concatBytes } from "../../protocol/mod.ts";
import {
  type Delivered,
  FOR_BACKFILL,
  FOR_SEARCH,
  type HistoryStore,
  type Logged,
  type MemoryBounds,
  type Retention,
  type SearchFilter,
} from "./history.ts";
import {
  BLOCK_COLUMNS as BLOCK,
  blockColumns,
  type BlockRow,
  blockUpdates,
  wholeClock,
} from "./sqlite_blocks.ts";
import { SqliteSearch } from "./sqlite_search.ts";
import { Upkeep } from "./sqlite_upkeep.ts";

/** Block ids the history hands out and indexes, shared with its search and upkeep. */
export interface BlockIds {
  /** The largest id written or dropped: the next block's is one more. */
  last: number;
  /** Blocks up to this id are in the text index; those above have their texts in `text`. */
  indexed: number;
}

/**
 * The last block id the text index has: blocks are indexed in id order, so
 * those still waiting (their texts in `text`) are the ones after it, found
 * by a binary search over ids.
 */
function indexedUpTo(db: DatabaseSync): number {
  const first = db.prepare(
    "SELECT id, text IS NOT NULL AS waiting FROM history WHERE id >= ? ORDER BY id LIMIT 1",
  );
  const at = (id: number) => first.get(id) as { id: number; waiting: number } | undefined;
  const waiting = (id: number) => !!at(id)?.waiting;
  const largest = Number(db.prepare("SELECT coalesce(max(id), 0) AS id FROM history").get()!.id);
  if (!waiting(largest)) return largest;
  let lo = 1;
  let hi = largest;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (waiting(mid)) hi = mid;
    else lo = mid + 1;
  }
  return at(lo)!.id - 1;
}

/** A channel's updates since the last flush: the block to be. */
interface Pending {
  readonly first: number;
  readonly parts: Uint8Array[];
  readonly clocks: number[];
  readonly kinds: number[];
  readonly texts: string[];
}

/** What is known of each channel with kept updates. */
export interface ChannelCount {
  /** Its last seq. */
  last: number;
  /** Its updates kept (not counting those of a dropped channel). */
  count: number;
}

/** See the module doc. */
export class SqliteHistory implements HistoryStore {
  readonly #db: DatabaseSync;
  readonly #begin: () => void;
  readonly #pending = new Map<string, Pending>();
  readonly #counts = new Map<string, ChannelCount>();
  /** Dropped channels: their rows up to this id are gone, or go in the background. */
  readonly #dropped = new Map<string, number>();
  readonly #upkeep: Upkeep;
  readonly #insert: StatementSync;
  readonly #recent: StatementSync;
  readonly #search: SqliteSearch;
  readonly #drop: StatementSync;
  /** The largest block id written or dropped, and the last the text index has. */
  readonly #ids: BlockIds;

  /**
   * The history of `db` (at the newest schema); `begin` opens the store's
   * transaction if none is, which the store's commit ends.
   */
  constructor(db: DatabaseSync, begin: () => void) {
    this.#db = db;
    this.#begin = begin;
    for (const r of db.prepare("SELECT channel, upto FROM history_dropped").all()) {
      this.#dropped.set(String(r.channel), Number(r.upto));
    }
    const counts = db.prepare(
      `SELECT h.channel, max(h.first_seq + h.updates - 1) AS last,
         sum(CASE WHEN h.id > coalesce(d.upto, 0) THEN h.updates ELSE 0 END) AS count
       FROM history h LEFT JOIN history_dropped d ON d.channel = h.channel GROUP BY h.channel`,
    ).all() as { channel: string; last: number; count: number }[];
    for (const r of counts) this.#counts.set(r.channel, { last: r.last, count: r.count });
    const largest = Number(db.prepare("SELECT coalesce(max(id), 0) AS id FROM history").get()!.id);
    this.#ids = { last: Math.max(largest, ...this.#dropped.values()), indexed: indexedUpTo(db) };
    this.#insert = db.prepare(
      `INSERT INTO history (id, channel, first_seq, updates, min_clock, max_clock, meta, wire, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#recent = db.prepare(
      `SELECT ${BLOCK} FROM history WHERE channel = ? AND id > ? AND max_clock >= ?
       ORDER BY first_seq DESC`,
    );
    this.#search = new SqliteSearch(db, this.#ids);
    this.#drop = db.prepare(
      "INSERT OR REPLACE INTO history_dropped (channel, upto) VALUES (?, ?)",
    );
    this.#upkeep = new Upkeep(db, this.#counts, this.#dropped, this.#ids);
  }

  append(channel: string, d: Delivered, _bounds: MemoryBounds): number {
    this.#begin();
    const counted = this.#counted(channel);
    const seq = ++counted.last;
    counted.count++;
    let p = this.#pending.get(channel);
    if (!p) {
      p = { first: seq, parts: [], clocks: [], kinds: [], texts: [] };
      this.#pending.set(channel, p);
    }
    p.parts.push(d.bytes);
    p.clocks.push(d.clock);
    p.kinds.push(d.kinds);
    const text = d.kinds & FOR_SEARCH ? d.whole?.text : undefined;
    if (typeof text === "string") p.texts.push(text);
    return seq;
  }

  #counted(channel: string): ChannelCount {
    let c = this.#counts.get(channel);
    if (!c) this.#counts.set(channel, c = { last: 0, count: 0 });
    return c;
  }

  last(channel: string): number {
    return this.#counts.get(channel)?.last ?? 0;
  }

  channels(): string[] {
    return [...this.#counts.keys()];
  }

  /** Write the pending blocks (into the store's open transaction). */
  flush(): void {
    for (const [channel, p] of this.#pending) {
      const { min, max, meta } = blockColumns(p.clocks, p.kinds);
      this.#insert.run(
        ++this.#ids.last,
        channel,
        p.first,
        p.parts.length,
        min,
        max,
        meta,
        concatBytes(p.parts),
        p.texts.join("\n"),
      );
    }
    this.#pending.clear();
  }

  recent(channel: string, after: number, since: number, limit: number): Logged[] {
    if (limit <= 0) return [];
    this.flush();
    const out: Logged[] = [];
    const rows = this.#recent.iterate(
      channel,
      this.#dropped.get(channel) ?? 0,
      wholeClock(since, true),
    );
    for (const row of rows as Iterable<BlockRow>) {
      const block = blockUpdates(row);
      for (let i = block.length - 1; i >= 0; i--) {
        const { kinds, logged } = block[i];
        if (logged.seq <= after) return out.reverse();
        if (kinds & FOR_BACKFILL && logged.clock >= since) out.push(logged);
        if (out.length >= limit) return out.reverse();
      }
    }
    return out.reverse();
  }

  search<T>(
    channel: string,
    filter: SearchFilter,
    offset: number,
    limit: number,
    test: (e: Logged) => T | undefined,
  ): Generator<void, T[], void> {
    const floor = this.#dropped.get(channel) ?? 0;
    return this.#search.run(
      { channel, floor, flush: () => this.flush() },
      filter,
      offset,
      limit,
      test,
    );
  }

  drop(channel: string): void {
    this.#pending.delete(channel);
    this.#begin();
    this.flush();
    // The rows go in the background; until then reads start above them.
    this.#dropped.set(channel, this.#ids.last);
    this.#drop.run(channel, this.#ids.last);
    this.#counts.delete(channel);
  }

  upkeep(retention: Retention | undefined, budgetMs: number): boolean {
    this.#begin();
    this.flush();
    return this.#upkeep.run(retention, budgetMs);
  }
}
