/**
 * The store's history part: the updates channels keep, for backfill
 * (shirakumo-backfill) and search (shirakumo-history). In memory it keeps
 * what it always kept, the last `--backlog` and `--history` of each channel
 * (memory_history.ts); in the database file, everything, until the
 * retention options say otherwise (sqlite_history.ts).
 *
 * Each channel numbers its updates 1, 2, 3, … in the order they were
 * delivered (`seq`); the numbers go on from the last one after a restart,
 * and start again at 1 for a channel made anew after one of its name ended.
 *
 * @module
 */
import type { Update } from "../../protocol/mod.ts";

/** Kept for backfill: every update of a (non-primary) channel. */
export const FOR_BACKFILL = 1;
/** Kept for search: text chatter (messages, edits). */
export const FOR_SEARCH = 2;

/** An update as it went to a channel, for the history to keep. */
export interface Delivered {
  /** The update as delivered; it may lack its long strings (`bytes` has them). */
  readonly update: Update;
  /** Its wire form, NUL-terminated; read only until the next commit (copy to keep). */
  readonly bytes: Uint8Array;
  /** Its clock, Lichat time. */
  readonly clock: number;
  /** What it is kept for: {@linkcode FOR_BACKFILL}, {@linkcode FOR_SEARCH}, or both. */
  readonly kinds: number;
  /** With `FOR_SEARCH`: the update with every string, which search looks at. */
  readonly whole?: Update;
}

/** An update read back from the history. */
export interface Logged {
  /** Its place in its channel's sequence. */
  readonly seq: number;
  /** Its clock, Lichat time. */
  readonly clock: number;
  /** Its wire form, NUL-terminated. */
  readonly bytes: Uint8Array;
  /**
   * The update itself where the store holds it (in memory: whole, for search;
   * as delivered, for backfill); otherwise read it from `bytes`.
   */
  readonly update?: Update;
}

/** What the in-memory history keeps of each channel (the database ignores them). */
export interface MemoryBounds {
  /** Updates kept for backfill (`--backlog`). */
  readonly backlog: number;
  /** Updates kept for search (`--history`). */
  readonly history: number;
}

/** Which kept updates a search may match: the store may skip others, never a match. */
export interface SearchFilter {
  /** Clocks from `lo` to `hi`, either end open. */
  readonly clock?: readonly [lo: number | undefined, hi: number | undefined];
  /**
   * The text contains, ignoring case, every string of at least one of these
   * lists (strings of three characters or more, each ASCII or without case).
   */
  readonly text?: readonly (readonly string[])[];
}

/** How long the database keeps history (the in-memory history is bounded by count instead). */
export interface Retention {
  /** Drop updates older than this clock (Lichat time), if set. */
  readonly before?: number;
  /** Keep at most this many updates per channel, if set. */
  readonly perChannel?: number;
}

/** The history part of a store; see the module doc. */
export interface HistoryStore {
  /** Keep `d` as the channel's (name key) next update; its `seq`. */
  append(channel: string, d: Delivered, bounds: MemoryBounds): number;
  /** The seq of the channel's last update (0 for none yet). */
  last(channel: string): number;
  /**
   * The channel's newest `limit` updates kept for backfill with a seq above
   * `after` and a clock of at least `since`, oldest first.
   */
  recent(channel: string, after: number, since: number, limit: number): Logged[];
  /**
   * The page from `offset` (at most `limit`) of the channel's updates kept
   * for search that `test` turns into a result, by clock, then seq.
   * `filter` lets the store skip updates that cannot match; `test`
   * decides. Each step of the generator works a few milliseconds at most:
   * run the next in a later turn (see {@linkcode complete} for all at once).
   */
  search<T>(
    channel: string,
    filter: SearchFilter,
    offset: number,
    limit: number,
    test: (e: Logged) => T | undefined,
  ): Generator<void, T[], void>;
  /** The channels (name keys) with updates kept. */
  channels(): string[];
  /** Forget every update of the channel (it ended). */
  drop(channel: string): void;
  /**
   * Background upkeep for about `budgetMs` milliseconds (the database:
   * removing dropped channels, building the text index, and with
   * `retention` a retention pass over every channel); true if the pass is
   * unfinished, to be called with `retention` again.
   */
  upkeep(retention: Retention | undefined, budgetMs: number): boolean;
}

/** Run a search's steps all at once (for tests and small stores); its page. */
export function complete<T>(steps: Generator<void, T[], void>): T[] {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
