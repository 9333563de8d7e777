/**
 * The rows of the database history: blocks of a channel's updates, wire
 * forms one after another (each NUL-terminated), and `meta`: each update's
 * clock (float64), then each one's kinds (a byte).
 *
 * @example
 * ```ts
 * import { blockUpdates, encodeMeta } from "./sqlite_blocks.ts";
 * const wire = new TextEncoder().encode("(a)\0(b)\0");
 * const meta = encodeMeta([10, 11], [1, 3]);
 * const b = { id: 1, first_seq: 5, updates: 2, min_clock: 10, max_clock: 11, meta, wire };
 * blockUpdates(b).map((u) => [u.logged.seq, u.logged.clock, u.kinds]); // [[5, 10, 1], [6, 11, 3]]
 * ```
 *
 * @module
 */
import type { Logged } from "./history.ts";

/** A block as read back: its columns. */
export interface BlockRow {
  readonly id: number;
  readonly first_seq: number;
  readonly updates: number;
  readonly min_clock: number;
  readonly max_clock: number;
  readonly meta: Uint8Array;
  readonly wire: Uint8Array;
}

/** The columns of {@linkcode BlockRow}, for SELECTs. */
export const BLOCK_COLUMNS = "id, first_seq, updates, min_clock, max_clock, meta, wire";

const LARGEST = Number.MAX_SAFE_INTEGER;

/** `meta` for updates of these clocks and kinds. */
export function encodeMeta(clocks: readonly number[], kinds: ArrayLike<number>): Uint8Array {
  const meta = new Uint8Array(clocks.length * 9);
  const view = new DataView(meta.buffer);
  clocks.forEach((c, i) => view.setFloat64(i * 8, c));
  meta.set(Array.from(kinds), clocks.length * 8);
  return meta;
}

/** The clocks in a block's `meta`, oldest first. */
export function metaClocks(b: BlockRow): number[] {
  const view = new DataView(b.meta.buffer, b.meta.byteOffset, b.meta.byteLength);
  return Array.from({ length: b.updates }, (_, i) => view.getFloat64(i * 8));
}

/** A block's updates, oldest first, with what each is kept for. */
export function blockUpdates(b: BlockRow): { kinds: number; logged: Logged }[] {
  const clocks = metaClocks(b);
  const out: { kinds: number; logged: Logged }[] = [];
  let start = 0;
  for (let i = 0; i < b.updates; i++) {
    // The printer never prints a NUL inside an update.
    const end = b.wire.indexOf(0, start) + 1;
    out.push({
      kinds: b.meta[b.updates * 8 + i],
      logged: { seq: b.first_seq + i, clock: clocks[i], bytes: b.wire.subarray(start, end) },
    });
    start = end;
  }
  return out;
}

/** A clock as a whole number for an INTEGER column, rounded `down` or up. */
export function wholeClock(c: number, down: boolean): number {
  const r = down ? Math.floor(c) : Math.ceil(c);
  return Math.max(-LARGEST, Math.min(LARGEST, Number.isFinite(r) ? r : 0));
}

/** The columns of a block made of `clocks`, `kinds` and `wire`, but its place. */
export function blockColumns(
  clocks: readonly number[],
  kinds: ArrayLike<number>,
): { min: number; max: number; meta: Uint8Array } {
  let min = Infinity;
  let max = -Infinity;
  for (const c of clocks) {
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return {
    min: wholeClock(min, true),
    max: wholeClock(max, false),
    meta: encodeMeta(clocks, kinds),
  };
}
