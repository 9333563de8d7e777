/**
 * The reader's fast path to known symbols: per package of a symbol table, an
 * open-addressing table of its ASCII symbols keyed by the name hash the reader
 * computes while it scans, so a known symbol is found from the characters of
 * the input without making a string.
 *
 * @example
 * ```ts
 * import { probe, probeTablesFor } from "./probe.ts";
 * import { nameHash, SymbolTable } from "./symbols.ts";
 * const text = "(PING :ID 1)";
 * const sym = probe(probeTablesFor(new SymbolTable()).lichat, text, 1, 5, nameHash("ping", 0, 4));
 * ```
 *
 * @module
 */
import { KEYWORD, LICHAT, type Sym, type SymbolTable } from "./symbols.ts";

/**
 * An open-addressing table of the known ASCII symbols of one package, keyed
 * by the name hash (`nameHash` in symbols.ts): the reader's fast path finds a symbol from the
 * characters of the input without making a string.
 */
export interface ProbeTable {
  /** Slots minus one (a power of two minus one). */
  readonly mask: number;
  /** The name hash of the symbol in each slot. */
  readonly hashes: Int32Array;
  /** The symbol in each slot; `undefined` ends a probe. */
  readonly syms: readonly (Sym | undefined)[];
}

/** The probe tables of a symbol table, as of the size it had. */
export interface ProbeTables {
  /** The symbol table's size when these were built. */
  readonly size: number;
  /** The keyword package's symbols. */
  readonly keyword: ProbeTable;
  /** The lichat package's symbols. */
  readonly lichat: ProbeTable;
}

/** Probe tables per symbol table, rebuilt when symbols were interned since. */
const probeTables = new WeakMap<SymbolTable, ProbeTables>();

function probeSlot(h: number, mask: number): number {
  return (h ^ (h >>> 15)) & mask;
}

function buildProbeTable(index: ReadonlyMap<number, readonly Sym[]>): ProbeTable {
  let count = 0;
  for (const list of index.values()) count += list.length;
  let cap = 16;
  while (cap < count * 4) cap *= 2;
  const mask = cap - 1;
  const hashes = new Int32Array(cap);
  const syms: (Sym | undefined)[] = new Array(cap).fill(undefined);
  for (const [h, list] of index) {
    for (const s of list) {
      let j = probeSlot(h, mask);
      while (syms[j] !== undefined) j = (j + 1) & mask;
      syms[j] = s;
      hashes[j] = h;
    }
  }
  return { mask, hashes, syms };
}

/** The probe tables of the symbol table last read with: usually there is only one. */
let lastSymbols: SymbolTable | undefined;
let lastTables: ProbeTables | undefined;

/** The probe tables of `symbols`, built anew only when symbols were interned since. */
export function probeTablesFor(symbols: SymbolTable): ProbeTables {
  if (symbols === lastSymbols && lastTables!.size === symbols.size) return lastTables!;
  let p = probeTables.get(symbols);
  if (p === undefined || p.size !== symbols.size) {
    p = {
      size: symbols.size,
      keyword: buildProbeTable(symbols.hashedFor(KEYWORD)),
      lichat: buildProbeTable(symbols.hashedFor(LICHAT)),
    };
    probeTables.set(symbols, p);
  }
  lastSymbols = symbols;
  lastTables = p;
  return p;
}

/** The symbol of `table` whose name is `t[start, end)` (hash `h`) in any ASCII case. */
export function probe(
  table: ProbeTable,
  t: string,
  start: number,
  end: number,
  h: number,
): Sym | undefined {
  const { mask, hashes, syms } = table;
  const len = end - start;
  for (let j = probeSlot(h, mask);; j = (j + 1) & mask) {
    const s = syms[j];
    if (s === undefined) return undefined;
    if (hashes[j] !== h || s.name.length !== len) continue;
    let k = 0;
    for (; k < len; k++) {
      let c = t.charCodeAt(start + k);
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== s.name.charCodeAt(k)) break;
    }
    if (k === len) return s;
  }
}
