/**
 * The printer: values to wire text (spec §1, §1.1, §1.3).
 *
 * Strings lose any NUL (§1.3); a symbol whose name holds NUL cannot be
 * printed. Symbols print in lower case, lichat symbols bare, keywords as
 * `:name`, others as `package:name`; characters the reader would take for
 * delimiters (and digits, which the Common Lisp reader stops names at) are
 * escaped with `\`. Numbers print in plain decimal, never in exponent form.
 * Printing is deterministic: the same value always gives the same text.
 *
 * @example
 * ```ts
 * import { printValue } from "./printer.ts";
 * import { makeSym } from "./symbols.ts";
 * printValue([makeSym("message"), "hi"]); // '(message "hi")'
 * ```
 *
 * @module
 */
import { LichatError } from "./errors.ts";
import { isSym, KEYWORD, LICHAT, type Sym } from "./symbols.ts";
import type { Value } from "./values.ts";

const NEEDS_STRING_ESCAPE = /["\\\0]/;
const STRING_ESCAPE = /["\\]/g;
const NEEDS_NAME_ESCAPE = /[\s:".()\\0-9#]/u;
const NAME_ESCAPE = /[\s:".()\\0-9#]/gu;

/** Print a string literal with `"` and `\` escaped and NUL removed. */
export function printString(s: string): string {
  if (!NEEDS_STRING_ESCAPE.test(s)) return '"' + s + '"';
  return '"' + s.replaceAll("\0", "").replace(STRING_ESCAPE, "\\$&") + '"';
}

function printName(name: string): string {
  if (name.includes("\0")) {
    throw new LichatError("unprintable", "a symbol name contains NUL (§1.3)");
  }
  if (name.length === 0) {
    throw new LichatError("unprintable", "a symbol name is empty");
  }
  return NEEDS_NAME_ESCAPE.test(name) ? name.replace(NAME_ESCAPE, "\\$&") : name;
}

/** Print a symbol per §1.1. */
export function printSymbol(s: Sym): string {
  if (s.package === LICHAT) return printName(s.name);
  if (s.package === KEYWORD) return ":" + printName(s.name);
  return printName(s.package) + ":" + printName(s.name);
}

/** Print a number in the BNF's plain decimal form. */
export function printNumber(n: number | bigint): string {
  if (typeof n === "bigint") {
    if (n < 0n) throw new LichatError("unprintable", "negative numbers have no wire form");
    return n.toString();
  }
  if (!Number.isFinite(n) || n < 0) {
    throw new LichatError("unprintable", `${n} has no wire form`);
  }
  if (Number.isInteger(n)) return n < 1e21 ? String(n) : BigInt(n).toString();
  const s = String(n);
  const e = s.indexOf("e-");
  if (e < 0) return s;
  // Fractions below 1e-6 print in exponent form (d.ddde-k): move the point k
  // places left, keeping every digit, so that the number reads back exactly.
  const digits = s.slice(0, e).replace(".", "");
  return "0." + "0".repeat(Number(s.slice(e + 2)) - 1) + digits;
}

/** Print any wire value. */
export function printValue(v: Value): string {
  switch (typeof v) {
    case "string":
      return printString(v);
    case "number":
    case "bigint":
      return printNumber(v);
    default:
      if (Array.isArray(v)) {
        let out = "(";
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += " ";
          out += printValue(v[i]);
        }
        return out + ")";
      }
      if (isSym(v)) return printSymbol(v);
      throw new LichatError("unprintable", "not a wire value");
  }
}
