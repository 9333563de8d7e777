/**
 * User and channel names (spec §2.2.1, §2.4.4) and passwords (§2.3.1).
 *
 * @example
 * ```ts
 * import { isValidName, nameKey } from "./names.ts";
 * isValidName("Ada Lovelace"); // true
 * isValidName(" lead"); // false
 * nameKey("ÄDA") === nameKey("äda"); // true
 * ```
 *
 * @module
 */

/** Longest name in characters (code points). */
export const MAX_NAME_LENGTH = 32;
/** Shortest password in characters (code points). */
export const MIN_PASSWORD_LENGTH = 6;

// Letter, Mark, Number, Punctuation, Symbol, or U+0020. With the `u` flag a
// lone surrogate is its own code point of category Cs and does not match.
const NAME_CHARS = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;

/**
 * Is `name` a valid user or channel name? 1 to 32 code points from the
 * categories L, M, N, P, S or U+0020, with no leading, trailing or doubled
 * spaces.
 */
export function isValidName(name: unknown): name is string {
  if (typeof name !== "string" || name.length === 0) return false;
  // Code points, not UTF-16 units; a quick bound first.
  if (name.length > MAX_NAME_LENGTH * 2) return false;
  let count = 0;
  for (const _ of name) count++;
  if (count > MAX_NAME_LENGTH) return false;
  if (name[0] === " " || name[name.length - 1] === " " || name.includes("  ")) {
    return false;
  }
  return NAME_CHARS.test(name);
}

/**
 * The key under which a name is stored and compared: two names are the same
 * when they have the same length and each code point matches
 * case-insensitively (§2.2.1). Code points whose lower case is more than one
 * code point (such as U+0130) are kept as they are, so lengths never change.
 */
export function nameKey(name: string): string {
  const lower = name.toLowerCase();
  // Lowering that keeps the length mapped each code point to one code point,
  // except that capital sigma lowers by context (σ or ς): do that one alone.
  if (lower.length === name.length && !name.includes("Σ")) return lower;
  let out = "";
  for (const ch of name) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** Are two names the same name (§2.2.1)? */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/** Is `password` acceptable: at least 6 code points and no NUL (§2.3.1)? */
export function isValidPassword(password: unknown): password is string {
  if (typeof password !== "string" || password.includes("\0")) return false;
  if (password.length < MIN_PASSWORD_LENGTH) return false;
  let count = 0;
  for (const _ of password) if (++count >= MIN_PASSWORD_LENGTH) return true;
  return false;
}
