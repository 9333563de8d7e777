/**
 * Unguessable tokens: anonymous channel names, identity keys, link tokens.
 *
 * @example
 * ```ts
 * import { randomToken } from "./tokens.ts";
 * randomToken(18); // 24 characters of base64url, 144 random bits
 * ```
 *
 * @module
 */

/** `bytes` random bytes as base64url (no padding when `bytes` is a multiple of 3). */
export function randomToken(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replaceAll("+", "-").replaceAll("/", "_");
}
