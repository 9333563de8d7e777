/**
 * The history in memory (without `--database`): each channel's last
 * `--backlog` updates for backfill and last `--history` for search, gone
 * with the process. The bounds are applied in one place, {@linkcode trim}.
 *
 * @example
 * ```ts
 * import { FOR_BACKFILL } from "./history.ts";
import { SearchPage } from "./search_page.ts";
 * import { MemoryHistory } from "./memory_history.ts";
 * const h = new MemoryHistory();
 * const update = { type: "message", id: 1, clock: 10, text: "hi" };
 * const bytes = new TextEncoder().encode('(message :id 1 :clock 10 :text "hi")\0');
 * h.append("room", { update, bytes, clock: 10, kinds: FOR_BACKFILL }, { backlog: 2, history: 0 });
 * h.recent("room", 0, 0, 10).length; // 1
 * ```
 *
 * @module
 */
import {
  FOR_BACKFILL,
  FOR_SEARCH,
  type HistoryStore,
  type Logged,
  type MemoryBounds,
  type SearchFilter,
} from "./history.ts";
import { SearchPage } from "./search_page.ts";

/** One channel's kept updates, oldest first. */
interface Kept {
  readonly backlog: Logged[];
  readonly search: Logged[];
}

/**
 * Cut `list` to its last `max` entries. Search lists are cut in steps
 * (`slack`), so that a full one does not shift on every message.
 */
function trim(list: Logged[], max: number, slack: boolean): void {
  const over = slack ? max + Math.max(16, max >> 4) : max;
  if (list.length > over) list.splice(0, list.length - max);
}

/** See the module doc. */
export class MemoryHistory implements HistoryStore {
  readonly #channels = new Map<string, Kept>();
  /** Each channel's last seq. */
  readonly #last = new Map<string, number>();

  append(
    channel: string,
    d: Parameters<HistoryStore["append"]>[1],
    bounds: MemoryBounds,
  ): number {
    const seq = (this.#last.get(channel) ?? 0) + 1;
    this.#last.set(channel, seq);
    let kept = this.#channels.get(channel);
    if (!kept) this.#channels.set(channel, kept = { backlog: [], search: [] });
    // The bytes may be a view of a worker's whole batch: keep a copy only.
    const bytes = d.bytes.slice();
    if (d.kinds & FOR_BACKFILL && bounds.backlog > 0) {
      kept.backlog.push({ seq, clock: d.clock, bytes, update: d.update });
      trim(kept.backlog, bounds.backlog, false);
    }
    if (d.kinds & FOR_SEARCH && bounds.history > 0) {
      kept.search.push({ seq, clock: d.clock, bytes, update: d.whole ?? d.update });
      trim(kept.search, bounds.history, true);
    }
    return seq;
  }

  last(channel: string): number {
    return this.#last.get(channel) ?? 0;
  }

  recent(channel: string, after: number, since: number, limit: number): Logged[] {
    const list = this.#channels.get(channel)?.backlog ?? [];
    const out: Logged[] = [];
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) {
      const e = list[i];
      if (e.seq <= after) break;
      if (e.clock >= since) out.push(e);
    }
    return out.reverse();
  }

  // deno-lint-ignore require-yield -- in memory a search is one step
  *search<T>(
    channel: string,
    _filter: SearchFilter,
    offset: number,
    limit: number,
    test: (e: Logged) => T | undefined,
  ): Generator<void, T[], void> {
    const page = new SearchPage<T>(offset, limit);
    for (const e of this.#channels.get(channel)?.search ?? []) {
      const result = test(e);
      if (result !== undefined) page.add(e.clock, e.seq, result);
    }
    return page.results();
  }

  channels(): string[] {
    return [...this.#channels.keys()];
  }

  drop(channel: string): void {
    // A channel of the same name made later starts again at 1: what was
    // kept of this one (backfill's marks) goes with it.
    this.#channels.delete(channel);
    this.#last.delete(channel);
  }

  upkeep(): boolean {
    return false;
  }
}
