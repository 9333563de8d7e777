/**
 * The reader: wire text to values, to the letter of the BNF in spec §1.
 *
 * Deviations are all on the lenient side, so that other implementations are
 * understood: any white space (not only U+0020) ends a name, and list
 * elements need no white space between them when a delimiter separates them
 * anyway (`("a""b")`). Symbol and package names are case-insensitive and read
 * in lower case. Unknown symbols become placeholders that are never interned.
 * NUL anywhere in the text is an error (it is no part of any rule but the
 * UPDATE terminator, which the framer strips). Lists are read with an explicit
 * stack, so no nesting can overflow the call stack, whatever `maxDepth` is;
 * every character is looked at a bounded number of times.
 *
 * @example
 * ```ts
 * import { readValue } from "./reader.ts";
 * import { SymbolTable } from "./symbols.ts";
 * const v = readValue('(message :id 1 :text "hi")', { symbols: new SymbolTable() });
 * ```
 *
 * @module
 */
import { LichatError } from "./errors.ts";
import { probe, type ProbeTable, probeTablesFor } from "./probe.ts";
import { KEYWORD, LICHAT, makeSym, type Sym, SymbolTable } from "./symbols.ts";
import type { Value } from "./values.ts";

/** Limits and the symbol table a reader works with. */
export interface ReadOptions {
  /** The symbols and packages that read as known symbols. */
  readonly symbols: SymbolTable;
  /** Deepest list nesting accepted (default {@linkcode DEFAULT_MAX_DEPTH}). */
  readonly maxDepth?: number;
  /** Most elements one list may hold (default {@linkcode DEFAULT_MAX_ELEMENTS}). */
  readonly maxElements?: number;
}

/** Default for {@linkcode ReadOptions.maxDepth}. */
export const DEFAULT_MAX_DEPTH = 32;
/** Default for {@linkcode ReadOptions.maxElements}. */
export const DEFAULT_MAX_ELEMENTS = 4096;

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN = 0x28, CLOSE = 0x29;
const COLON = 0x3a, DOT = 0x2e, SPACE = 0x20;
const ZERO = 0x30, NINE = 0x39;
/** A run of name characters without escapes (everything but TERMINAL, white space, NUL, `\`). */
const NAME_RUN = /[^:". ()\t\n\v\f\r\0\\]+/y;

/** ASCII characters that end a NAME. */
const ENDS_NAME = new Uint8Array(128);
for (const c of ':". ()\t\n\v\f\r\0') ENDS_NAME[c.charCodeAt(0)] = 1;

function isWhite(c: number): boolean {
  return c === SPACE || (c >= 0x09 && c <= 0x0d);
}

/** Characters that end a NAME: TERMINAL, white space, or NUL. */
function endsName(c: number): boolean {
  return c === COLON || c === QUOTE || c === DOT || c === OPEN ||
    c === CLOSE || c === 0 || isWhite(c);
}

function malformed(message: string, pos: number): LichatError {
  return new LichatError("malformed-update", `${message} at character ${pos}`);
}

/** Where `ch` next occurs in `t` from `from` on, or `t.length` if nowhere. */
function nextIndex(t: string, ch: string, from: number): number {
  const i = t.indexOf(ch, from);
  return i < 0 ? t.length : i;
}

/** A cursor over one text; one instance per read. */
class Reader {
  pos = 0;
  /**
   * The first backslash at or after the last string's start (or the text's
   * length): strings without escapes, the common case, are one slice, and
   * no character is searched twice however many strings there are.
   */
  nextEscape = -1;
  readonly text: string;
  readonly symbols: SymbolTable;
  readonly maxDepth: number;
  readonly maxElements: number;
  readonly keywords: ProbeTable;
  readonly lichat: ProbeTable;

  constructor(text: string, opts: ReadOptions) {
    // NUL is in no rule of the BNF but UPDATE's terminator (§1, §1.3).
    const nul = text.indexOf("\0");
    if (nul >= 0) throw malformed("NUL inside an update", nul);
    this.text = text;
    this.symbols = opts.symbols;
    const tables = probeTablesFor(opts.symbols);
    this.keywords = tables.keyword;
    this.lichat = tables.lichat;
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxElements = opts.maxElements ?? DEFAULT_MAX_ELEMENTS;
  }

  skipWhite(): void {
    const t = this.text;
    while (this.pos < t.length && isWhite(t.charCodeAt(this.pos))) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Read one EXPR at `pos`, inside `depth` lists. */
  expr(depth: number): Value {
    const t = this.text;
    if (this.pos >= t.length) throw malformed("unexpected end of input", this.pos);
    const c = t.charCodeAt(this.pos);
    if (c === OPEN) return this.list(depth + 1);
    return this.atom(c);
  }

  /** Read an EXPR other than a list; `c` is the character at `pos`. */
  atom(c: number): Value {
    if (c === QUOTE) return this.string();
    if ((c >= ZERO && c <= NINE) || c === DOT) return this.number();
    if (c === CLOSE) throw malformed("unbalanced ')'", this.pos);
    if (c === 0) throw malformed("NUL inside an update", this.pos);
    return this.symbol();
  }

  /**
   * Read a LIST whose `(` is at `pos` and which is the `depth`th nested one.
   * Nested lists go on an explicit stack rather than the call stack, so no
   * nesting can overflow it, whatever `maxDepth` is.
   */
  list(depth: number): Value[] {
    if (depth > this.maxDepth) {
      throw malformed(`lists nested deeper than ${this.maxDepth}`, this.pos);
    }
    const t = this.text;
    const n = t.length;
    let p = this.pos + 1;
    let out: Value[] = [];
    let stack: Value[][] | undefined;
    for (;;) {
      let c = 0;
      while (p < n && ((c = t.charCodeAt(p)) === SPACE || (c >= 0x09 && c <= 0x0d))) p++;
      if (p >= n) throw malformed("unclosed '('", p);
      if (c === CLOSE) {
        p++;
        const parent = stack?.pop();
        if (parent === undefined) {
          this.pos = p;
          return out;
        }
        parent.push(out);
        out = parent;
        continue;
      }
      if (out.length >= this.maxElements) {
        throw malformed(`list longer than ${this.maxElements} elements`, p);
      }
      if (c === OPEN) {
        if (depth + (stack?.length ?? 0) + 1 > this.maxDepth) {
          throw malformed(`lists nested deeper than ${this.maxDepth}`, p);
        }
        (stack ??= []).push(out);
        out = [];
        p++;
        continue;
      }
      // The common atoms are read right here; anything unusual (escapes,
      // floats, big numbers, package prefixes, non-ASCII names) by atom().
      if (c === QUOTE) {
        const quote = t.indexOf('"', p + 1);
        if (quote >= 0) {
          let escape = this.nextEscape;
          if (escape <= p) escape = this.nextEscape = nextIndex(t, "\\", p + 1);
          if (escape > quote) {
            out.push(t.slice(p + 1, quote));
            p = quote + 1;
            continue;
          }
        }
      } else if (c >= ZERO && c <= NINE) {
        // Integers: the first 9 digits in int32 arithmetic, then in doubles,
        // which are exact up to 15 digits. Longer ones go to number().
        let value = 0;
        let e = p;
        let d = 0;
        const end9 = p + 9 < n ? p + 9 : n;
        while (e < end9 && (d = t.charCodeAt(e)) >= ZERO && d <= NINE) {
          value = (value * 10 + (d - ZERO)) | 0;
          e++;
        }
        if (e === end9) {
          while (e < n && (d = t.charCodeAt(e)) >= ZERO && d <= NINE) {
            value = value * 10 + (d - ZERO);
            e++;
          }
        }
        if (e - p <= 15 && (e >= n || (d < 128 && d !== DOT && ENDS_NAME[d] === 1))) {
          out.push(value);
          p = e;
          continue;
        }
      } else if (c !== DOT) {
        const keyword = c === COLON;
        const start = keyword ? p + 1 : p;
        let h = 0;
        let e = start;
        let d = 0;
        for (; e < n; e++) {
          d = t.charCodeAt(e);
          if (d >= 128 || d === BACKSLASH || ENDS_NAME[d] === 1) break;
          if (d >= 0x41 && d <= 0x5a) d |= 0x20;
          h = (Math.imul(h, 31) + d) | 0;
        }
        if (e > start && (e >= n || (d < 128 && d !== BACKSLASH && (d !== COLON || keyword)))) {
          out.push(
            probe(keyword ? this.keywords : this.lichat, t, start, e, h) ??
              makeSym(t.slice(start, e).toLowerCase(), keyword ? KEYWORD : LICHAT, false),
          );
          p = e;
          continue;
        }
      }
      this.pos = p;
      out.push(this.atom(c));
      p = this.pos;
    }
  }

  string(): string {
    const t = this.text;
    const start = this.pos + 1;
    let quote = t.indexOf('"', start);
    if (quote < 0) throw malformed("unclosed string", start - 1);
    let escape = this.nextEscape;
    if (escape < start) escape = this.nextEscape = nextIndex(t, "\\", start);
    if (escape > quote) {
      this.pos = quote + 1;
      return t.slice(start, quote);
    }
    // Each search starts where the last one ended, so reading stays linear
    // however many strings and escapes an update holds.
    let out = "";
    let from = start;
    for (;;) {
      if (quote < escape) {
        this.pos = quote + 1;
        return out + t.slice(from, quote);
      }
      out += t.slice(from, escape);
      if (escape + 1 >= t.length) throw malformed("unclosed string", start - 1);
      // Keep whole surrogate pairs together after a backslash.
      const len = t.codePointAt(escape + 1)! > 0xffff ? 2 : 1;
      out += t.slice(escape + 1, escape + 1 + len);
      from = escape + 1 + len;
      if (from > quote) {
        quote = t.indexOf('"', from);
        if (quote < 0) throw malformed("unclosed string", start - 1);
      }
      escape = this.nextEscape = nextIndex(t, "\\", from);
    }
  }

  number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    let i = start;
    let value = 0;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    let isFloat = false;
    if (i < t.length && t.charCodeAt(i) === DOT) {
      isFloat = true;
      i++;
      while (i < t.length && t.charCodeAt(i) >= ZERO && t.charCodeAt(i) <= NINE) i++;
    }
    if (i < t.length && !endsName(t.charCodeAt(i))) {
      throw malformed("a number runs into other characters", i);
    }
    this.pos = i;
    // Up to 15 digits the running value is exact.
    if (!isFloat && i - start <= 15) return value;
    const s = t.slice(start, i);
    if (isFloat) return s === "." ? 0 : Number(s.endsWith(".") ? s + "0" : s);
    // Small integers fit a double exactly; the rest become bigints.
    if (s.length <= 15) return Number(s);
    const b = BigInt(s);
    return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }

  /** Read a NAME, lower-cased, honouring `\` escapes. */
  name(): string {
    const t = this.text;
    const start = this.pos;
    // Fast path: a run of plain name characters, matched without allocation.
    NAME_RUN.lastIndex = start;
    let i = NAME_RUN.test(t) ? NAME_RUN.lastIndex : start;
    if (i >= t.length || t.charCodeAt(i) !== BACKSLASH) {
      this.pos = i;
      if (i === start) throw malformed("empty symbol name", start);
      return t.slice(start, i).toLowerCase();
    }
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === BACKSLASH) {
        if (i + 1 >= t.length) throw malformed("backslash at end of input", i);
        i += t.codePointAt(i + 1)! > 0xffff ? 3 : 2;
        continue;
      }
      if (endsName(c)) break;
      i++;
    }
    this.pos = i;
    return t.slice(start, i).replace(/\\([\s\S])/gu, "$1").toLowerCase();
  }

  symbol(): Sym {
    const t = this.text;
    let pkg = LICHAT;
    if (t.charCodeAt(this.pos) === COLON) {
      this.pos++;
      pkg = KEYWORD;
    }
    // Fast path for plain ASCII names: hash while scanning and find the known
    // symbol without making a string. Anything else takes the general path.
    const start = this.pos;
    let h = 0;
    let i = start;
    for (; i < t.length; i++) {
      let c = t.charCodeAt(i);
      if (c >= 128 || c === BACKSLASH) {
        i = -1;
        break;
      }
      if (ENDS_NAME[c]) break;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      h = (Math.imul(h, 31) + c) | 0;
    }
    if (i > start && (i >= t.length || t.charCodeAt(i) !== COLON || pkg === KEYWORD)) {
      this.pos = i;
      const index = pkg === KEYWORD ? this.keywords : this.lichat;
      return probe(index, t, start, i, h) ??
        makeSym(t.slice(start, i).toLowerCase(), pkg, false);
    }
    this.pos = start;
    if (pkg === KEYWORD) return this.resolve(this.name(), KEYWORD);
    const first = this.name();
    if (this.pos < t.length && t.charCodeAt(this.pos) === COLON) {
      this.pos++;
      return this.resolve(this.name(), first);
    }
    return this.resolve(first, LICHAT);
  }

  resolve(name: string, pkg: string): Sym {
    return this.symbols.find(name, pkg) ?? makeSym(name, pkg, false);
  }
}

/**
 * Read exactly one value from `text` (surrounding white space allowed).
 * Throws {@linkcode LichatError} (`malformed-update`) on anything else.
 */
export function readValue(text: string, opts: ReadOptions): Value {
  const r = new Reader(text, opts);
  r.skipWhite();
  const v = r.expr(0);
  r.skipWhite();
  if (!r.atEnd()) throw malformed("text after the end of the update", r.pos);
  return v;
}

/** Read every value in `text`, as in a definitions file (§1.4). */
export function readAll(text: string, opts: ReadOptions): Value[] {
  const r = new Reader(text, opts);
  const out: Value[] = [];
  for (;;) {
    r.skipWhite();
    // Definitions files may carry `;` comments.
    while (!r.atEnd() && r.text.charCodeAt(r.pos) === 0x3b) {
      const nl = r.text.indexOf("\n", r.pos);
      r.pos = nl < 0 ? r.text.length : nl + 1;
      r.skipWhite();
    }
    if (r.atEnd()) return out;
    out.push(r.expr(0));
  }
}
