/**
 * Cutting an IRC byte stream into lines: each ends with LF, CR LF or a lone
 * CR (clients differ), is decoded as UTF-8, and may be at most `maxLine`
 * bytes long; a longer one is reported once and skipped up to its end.
 *
 * @example
 * ```ts
 * import { LineFramer } from "./framer.ts";
 * const f = new LineFramer(512);
 * f.push(new TextEncoder().encode("NICK ada\r\nUSER a 0 * :Ada\r\n"));
 * // [{ kind: "line", text: "NICK ada" }, { kind: "line", text: "USER a 0 * :Ada" }]
 * ```
 *
 * @module
 */
import { concatBytes } from "../../protocol/mod.ts";

/** What the framer makes of the bytes: a line, or a line it could not take. */
export type LineFrame =
  | { readonly kind: "line"; readonly text: string }
  | { readonly kind: "too-long" }
  | { readonly kind: "bad-utf8" };

const LF = 10;
const CR = 13;

/** Lines out of a byte stream; see the module doc. */
export class LineFramer {
  readonly #maxLine: number;
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });
  #pending: Uint8Array[] = [];
  #pendingSize = 0;
  /** Skipping the rest of a line that was too long. */
  #skipping = false;

  /** A framer for lines of at most `maxLine` bytes (line end not counted). */
  constructor(maxLine: number) {
    this.#maxLine = maxLine;
  }

  /** Take the bytes of one read; returns the lines they complete. */
  push(bytes: Uint8Array): LineFrame[] {
    const out: LineFrame[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b !== LF && b !== CR) continue;
      this.#piece(bytes.subarray(start, i), out);
      this.#end(out);
      start = i + 1;
    }
    this.#piece(bytes.subarray(start), out);
    return out;
  }

  #piece(part: Uint8Array, out: LineFrame[]): void {
    if (this.#skipping || part.length === 0) return;
    if (this.#pendingSize + part.length > this.#maxLine) {
      this.#pending = [];
      this.#pendingSize = 0;
      this.#skipping = true;
      out.push({ kind: "too-long" });
      return;
    }
    // The read buffer is the reader's to reuse: keep a copy.
    this.#pending.push(part.slice());
    this.#pendingSize += part.length;
  }

  #end(out: LineFrame[]): void {
    if (this.#skipping) {
      this.#skipping = false;
      return;
    }
    if (this.#pendingSize === 0) return; // an empty line, or the LF of a CR LF
    const bytes = this.#pending.length === 1 ? this.#pending[0] : concatBytes(this.#pending);
    this.#pending = [];
    this.#pendingSize = 0;
    try {
      out.push({ kind: "line", text: this.#decoder.decode(bytes) });
    } catch {
      out.push({ kind: "bad-utf8" });
    }
  }
}
