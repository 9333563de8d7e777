/**
 * Lichat symbols (spec §1.1): a name in a package, compared case-insensitively.
 *
 * Symbols are plain data (`{ kind, package, name }`) so that they survive
 * `postMessage` between isolates. Names and packages are stored in lower case.
 * Only symbols of the definitions and a few protocol words are interned in
 * {@linkcode SymbolTable}; anything else a peer sends is read as a placeholder
 * marked `known: false` that lives only as long as the update holding it
 * (§1.1: a client must not grow the server's memory with made-up symbols).
 *
 * @module
 */

/** A symbol: a lower-case name in a lower-case package. */
export interface Sym {
  /** Discriminates symbols from other values. */
  readonly kind: "symbol";
  /** The package name in lower case (`lichat`, `keyword`, `shirakumo`, …). */
  readonly package: string;
  /** The symbol name in lower case. */
  readonly name: string;
  /** False for a placeholder read from the wire that names no known symbol. */
  readonly known: boolean;
}

/** The package of symbols printed without a prefix. */
export const LICHAT = "lichat";
/** The package of symbols printed as `:name`. */
export const KEYWORD = "keyword";

/**
 * Make a symbol value without interning it.
 *
 * @example
 * ```ts
 * import { makeSym } from "./symbols.ts";
 * const s = makeSym("message"); // lichat:message
 * ```
 */
export function makeSym(name: string, pkg = LICHAT, known = true): Sym {
  return { kind: "symbol", package: pkg, name, known };
}

/** Is `v` a symbol? */
export function isSym(v: unknown): v is Sym {
  return typeof v === "object" && v !== null && !Array.isArray(v) &&
    (v as { kind?: unknown }).kind === "symbol";
}

/** Is `v` the symbol `pkg:name` (defaults to the lichat package)? */
export function isSymNamed(v: unknown, name: string, pkg = LICHAT): boolean {
  return isSym(v) && v.name === name && v.package === pkg;
}

/** The symbol `NIL`: false, the empty list, and "unset" (§1.2). */
export const NIL: Sym = makeSym("nil");
/** The symbol `T`: true, "anyone" in permission rules. */
export const T: Sym = makeSym("t");

/** Is `v` the symbol NIL? */
export function isNil(v: unknown): boolean {
  return isSymNamed(v, "nil");
}

const EMPTY_INDEX: ReadonlyMap<number, readonly Sym[]> = new Map();

/**
 * The symbols a reader recognises. Fixed after construction: reading never
 * adds to it.
 */
export class SymbolTable {
  readonly #table = new Map<string, Map<string, Sym>>();
  /** Per package: hash of the lower-case ASCII name to the symbols with it. */
  readonly #hashed = new Map<string, Map<number, Sym[]>>();
  #size = 0;
  readonly #packages = new Set<string>([LICHAT, KEYWORD]);

  /** Add a known package (lower case). */
  addPackage(pkg: string): void {
    this.#packages.add(pkg);
  }

  /** Is `pkg` a known package? */
  hasPackage(pkg: string): boolean {
    return this.#packages.has(pkg);
  }

  /** Intern `pkg:name`, returning the shared symbol object. */
  intern(name: string, pkg = LICHAT): Sym {
    let names = this.#table.get(pkg);
    if (!names) {
      this.#packages.add(pkg);
      names = new Map();
      this.#table.set(pkg, names);
    }
    let s = names.get(name);
    if (!s) {
      s = makeSym(name, pkg);
      names.set(name, s);
      this.#size++;
      if (!/[^\p{ASCII}]/u.test(name)) {
        let byHash = this.#hashed.get(pkg);
        if (!byHash) this.#hashed.set(pkg, byHash = new Map());
        const h = nameHash(name, 0, name.length);
        const list = byHash.get(h);
        if (list) list.push(s);
        else byHash.set(h, [s]);
      }
    }
    return s;
  }

  /** Find `pkg:name` (both lower case), or undefined when it is unknown. */
  find(name: string, pkg: string): Sym | undefined {
    return this.#table.get(pkg)?.get(name);
  }

  /**
   * Find the known symbol whose lower-case ASCII name is `text[start, end)`
   * compared case-insensitively, given that range's {@linkcode nameHash}.
   * Makes no string: the reader's fast path.
   */
  findRange(pkg: string, text: string, start: number, end: number, hash: number): Sym | undefined {
    return SymbolTable.findIn(this.hashedFor(pkg), text, start, end, hash);
  }

  /** The hash index of one package, for readers that look up many names in it. */
  hashedFor(pkg: string): ReadonlyMap<number, readonly Sym[]> {
    // Looking up a package the table does not hold must not add it.
    return this.#hashed.get(pkg) ?? EMPTY_INDEX;
  }

  /** {@linkcode findRange} on an index from {@linkcode hashedFor}. */
  static findIn(
    index: ReadonlyMap<number, readonly Sym[]>,
    text: string,
    start: number,
    end: number,
    hash: number,
  ): Sym | undefined {
    const list = index.get(hash);
    if (!list) return undefined;
    const len = end - start;
    outer: for (const s of list) {
      if (s.name.length !== len) continue;
      for (let i = 0; i < len; i++) {
        let c = text.charCodeAt(start + i);
        if (c >= 0x41 && c <= 0x5a) c |= 0x20;
        if (c !== s.name.charCodeAt(i)) continue outer;
      }
      return s;
    }
    return undefined;
  }

  /** How many symbols are interned (for tests that memory stays bounded). */
  get size(): number {
    return this.#size;
  }
}

/** The hash {@linkcode SymbolTable.findRange} uses: over lower-cased ASCII codes. */
export function nameHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h;
}
