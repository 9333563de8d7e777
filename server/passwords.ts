/**
 * Password hashing: PBKDF2-SHA-256 from WebCrypto with a random salt per
 * profile, and the operator's `--salt` mixed in as a pepper (as the original
 * server mixes its salt into every hash). Passwords are never stored in clear.
 *
 * Stored form: `pbkdf2-sha256$ITERATIONS$SALT$HASH`, salt and hash in base64.
 *
 * @example
 * ```ts
 * import { hashPassword, verifyPassword } from "./passwords.ts";
 * const h = await hashPassword("hunter22", "pepper");
 * await verifyPassword("hunter22", "pepper", h); // true
 * ```
 *
 * @module
 */

/** PBKDF2 iterations for new hashes (OWASP's 2023 advice for SHA-256). */
export const ITERATIONS = 600_000;

const enc = new TextEncoder();

function b64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function unb64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

async function derive(password: string, pepper: string, salt: Uint8Array, iterations: number) {
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(pepper + "\0" + password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Hash a password with a fresh random salt. */
export async function hashPassword(
  password: string,
  pepper: string,
  iterations: number = ITERATIONS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, pepper, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${b64(salt)}$${b64(hash)}`;
}

/** Does `password` match the stored hash? Compares in constant time. */
export async function verifyPassword(
  password: string,
  pepper: string,
  stored: string,
): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== "pbkdf2-sha256") return false;
  const iterations = Number(parts[1]);
  const expected = unb64(parts[3]);
  const actual = await derive(password, pepper, unb64(parts[2]), iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i] ^ expected[i];
  return diff === 0;
}
