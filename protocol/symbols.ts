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

/**
 * The symbols a reader recognises. Fixed after construction: reading never
 * adds to it.
 */
export class SymbolTable {
  readonly #table = new Map<string, Sym>();
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
    const key = pkg + ":" + name;
    let s = this.#table.get(key);
    if (!s) {
      this.#packages.add(pkg);
      s = makeSym(name, pkg);
      this.#table.set(key, s);
    }
    return s;
  }

  /** Find `pkg:name` (both lower case), or undefined when it is unknown. */
  find(name: string, pkg: string): Sym | undefined {
    return this.#table.get(pkg + ":" + name);
  }

  /** How many symbols are interned (for tests that memory stays bounded). */
  get size(): number {
    return this.#table.size;
  }
}
