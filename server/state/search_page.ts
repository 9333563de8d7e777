/**
 * A page of search results gathered from updates that come roughly, not
 * exactly, in clock order (blocks by their earliest clock): results are
 * ordered by clock, then seq; those that can no longer move and fall before
 * the page are counted and let go, so a search far into a long history
 * holds only about a page.
 *
 * @example
 * ```ts
 * import { SearchPage } from "./search_page.ts";
 * const page = new SearchPage<string>(1, 2);
 * page.add(5, 1, "a");
 * page.add(3, 2, "b");
 * page.add(9, 3, "c");
 * page.results(); // ["a", "c"]: after the first by clock, two
 * ```
 *
 * @module
 */

/** See the module doc. */
export class SearchPage<T> {
  readonly #offset: number;
  readonly #limit: number;
  #skipped = 0;
  #found: { clock: number; seq: number; result: T }[] = [];
  #sorted = true;

  /** The results from `offset` on, at most `limit`. */
  constructor(offset: number, limit: number) {
    this.#offset = offset;
    this.#limit = limit;
  }

  /** A result of an update at `clock`, `seq`. */
  add(clock: number, seq: number, result: T): void {
    this.#found.push({ clock, seq, result });
    this.#sorted = false;
  }

  #sort(): void {
    if (this.#sorted) return;
    this.#found.sort((a, b) => a.clock - b.clock || a.seq - b.seq);
    this.#sorted = true;
  }

  /**
   * Nothing still to come has a clock before `min`: let go of the results
   * before the page that are earlier. True if the page is complete then.
   */
  settle(min: number): boolean {
    this.#sort();
    const found = this.#found;
    let settled = 0;
    while (settled < found.length && found[settled].clock < min) settled++;
    const drop = Math.min(settled, this.#offset - this.#skipped);
    if (drop > 0) {
      this.#found = found.slice(drop);
      this.#skipped += drop;
    }
    const need = this.#offset + this.#limit - this.#skipped;
    return need <= 0 || (this.#found.length >= need && this.#found[need - 1].clock < min);
  }

  /** The page, in order. */
  results(): T[] {
    this.#sort();
    const from = this.#offset - this.#skipped;
    return this.#found.slice(from, from + this.#limit).map((f) => f.result);
  }
}
