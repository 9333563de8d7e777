/**
 * Unguessable tokens: anonymous channel names, identity keys, link tokens.
 *
 * @example
 * ```ts
 * import { token } from "./tokens.ts";
 * token(crypto.getRandomValues(new Uint8Array(18))); // 24 characters of base64url, 144 random bits
 * ```
 *
 * @module
 */

/** Random bytes as base64url (no padding when there are a multiple of 3). */
export function token(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_");
}

/** A token of `n` random bytes from the context's source of randomness. */
export function randomToken(ctx: { random(n: number): Uint8Array }, n: number): string {
  return token(ctx.random(n));
}
