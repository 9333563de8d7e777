/**
 * Search in the database history, a slice at a time: each step of the
 * generator works for a few milliseconds, so that a search reading a long
 * history does not hold the actor up (the extension runs the next step in a
 * later turn).
 *
 * Blocks are read in order of their earliest clock, those of the channel
 * in the clock range, until the page is complete. A text filter narrows
 * them down after {@linkcode ORDERED_FIRST} (a common text has its page
 * by then):
 * when the index names few blocks (at most {@linkcode PROBE}), only those,
 * and the blocks not indexed yet, are read from there on.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { FOR_SEARCH, type Logged, type SearchFilter } from "./history.ts";
import { BLOCK_COLUMNS, type BlockRow, blockUpdates, wholeClock } from "./sqlite_blocks.ts";
import { SearchPage } from "./search_page.ts";
import type { BlockIds } from "./sqlite_history.ts";

/** Most blocks the index may name for a search to read only those. */
export const PROBE = 10_000;
/** Blocks a search with a text filter reads in order before it asks the index. */
export const ORDERED_FIRST = 128;
/** Milliseconds a step of a search works. */
const SLICE_MS = 4;
/** Blocks one query reads. */
const CHUNK = 128;
const LARGEST = Number.MAX_SAFE_INTEGER;

/** A block's place in clock order. */
interface Key {
  readonly id: number;
  readonly min_clock: number;
  readonly first_seq: number;
}

/** The FTS5 query for a filter's texts: any list, all of its strings. */
function ftsQuery(text: readonly (readonly string[])[]): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return text.map((all) => `(${all.map(quote).join(" AND ")})`).join(" OR ");
}

/** What a search needs to know of the channel. */
export interface Scope {
  readonly channel: string;
  /** Blocks up to this id belong to an ended channel of the name. */
  readonly floor: number;
  /** Writes pending updates, so that reads see them. */
  readonly flush: () => void;
}

/** The statements of searches in one database. */
export class SqliteSearch {
  readonly #scan: StatementSync;
  readonly #probe: StatementSync;
  readonly #keys: StatementSync;
  readonly #unindexed: StatementSync;
  readonly #byIds: StatementSync;
  readonly #ids: BlockIds;

  /** Searches of `db`'s history, whose block ids are `ids`. */
  constructor(db: DatabaseSync, ids: BlockIds) {
    this.#ids = ids;
    const within = "channel = ? AND id > ? AND max_clock >= ? AND min_clock <= ?";
    this.#scan = db.prepare(
      `SELECT ${BLOCK_COLUMNS} FROM history WHERE ${within} AND (min_clock, first_seq) > (?, ?)
       ORDER BY min_clock, first_seq LIMIT ${CHUNK}`,
    );
    this.#probe = db.prepare(
      `SELECT rowid AS id FROM history_text WHERE history_text MATCH ? LIMIT ${PROBE + 1}`,
    );
    // By the ids, not the channel's index (`+`: no index for that column).
    const only = "+channel = ? AND id > ? AND +max_clock >= ? AND +min_clock <= ?";
    this.#keys = db.prepare(
      `SELECT id, min_clock, first_seq FROM history
       WHERE id IN (SELECT value FROM json_each(?)) AND ${only}`,
    );
    this.#unindexed = db.prepare(
      `SELECT id, min_clock, first_seq FROM history WHERE id > ? AND ${only}`,
    );
    this.#byIds = db.prepare(
      `SELECT ${BLOCK_COLUMNS} FROM history WHERE id IN (SELECT value FROM json_each(?))`,
    );
  }

  /** The page of results; see {@linkcode HistoryStore.search}. */
  *run<T>(
    scope: Scope,
    filter: SearchFilter,
    offset: number,
    limit: number,
    test: (e: Logged) => T | undefined,
  ): Generator<void, T[], void> {
    const page = new SearchPage<T>(offset, limit);
    if (limit <= 0) return page.results();
    scope.flush();
    const [lo = -LARGEST, hi = LARGEST] = filter.clock ?? [];
    const within: (string | number)[] = [
      scope.channel,
      scope.floor,
      wholeClock(lo, true),
      wholeClock(hi, false),
    ];
    let deadline = performance.now() + SLICE_MS;
    // Blocks in order first: a common text completes its page soon. If that
    // is not enough, the blocks the index names, if few, and no others.
    let blocks: Iterator<BlockRow> = this.#ordered(within);
    let narrowed = !filter.text || filter.text.length === 0;
    let read = 0;
    for (;;) {
      const next = blocks.next();
      if (next.done) break;
      const row = next.value;
      // Nothing still to come starts before this block.
      if (page.settle(row.min_clock)) break;
      for (const { kinds, logged } of blockUpdates(row)) {
        if (!(kinds & FOR_SEARCH)) continue;
        const result = test(logged);
        if (result !== undefined) page.add(logged.clock, logged.seq, result);
      }
      if (!narrowed && ++read >= ORDERED_FIRST) {
        narrowed = true;
        const keys = this.#candidates(within, ftsQuery(filter.text!), row);
        if (keys) blocks = this.#byKeys(keys);
      }
      if (performance.now() < deadline) continue;
      yield;
      scope.flush();
      deadline = performance.now() + SLICE_MS;
    }
    return page.results();
  }

  /** The channel's blocks in the clock range, by earliest clock. */
  *#ordered(within: (string | number)[]): Generator<BlockRow> {
    let after = [-LARGEST, -LARGEST];
    for (;;) {
      const rows = this.#scan.all(...within, ...after) as unknown as BlockRow[];
      yield* rows;
      if (rows.length < CHUNK) return;
      const last = rows[rows.length - 1];
      after = [last.min_clock, last.first_seq];
    }
  }

  /** The blocks of `keys`, in their order (those still there). */
  *#byKeys(keys: readonly Key[]): Generator<BlockRow> {
    for (let i = 0; i < keys.length; i += CHUNK) {
      const ids = keys.slice(i, i + CHUNK).map((k) => k.id);
      const rows = new Map(
        (this.#byIds.all(JSON.stringify(ids)) as unknown as BlockRow[]).map((r) => [r.id, r]),
      );
      for (const id of ids) {
        const row = rows.get(id);
        if (row) yield row;
      }
    }
  }

  /**
   * The blocks after `after` that the index names or lacks yet, by
   * earliest clock; undefined if the index names too many.
   */
  #candidates(within: (string | number)[], query: string, after: Key): Key[] | undefined {
    const named = this.#probe.all(query) as { id: number }[];
    if (named.length > PROBE) return undefined;
    const keys = [
      ...this.#keys.all(JSON.stringify(named.map((r) => r.id)), ...within),
      ...this.#unindexed.all(this.#ids.indexed, ...within),
    ] as unknown as Key[];
    const order = (a: Key, b: Key) => a.min_clock - b.min_clock || a.first_seq - b.first_seq;
    return keys.filter((k) => order(k, after) > 0).sort(order);
  }
}
