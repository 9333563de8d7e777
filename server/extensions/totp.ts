/**
 * One-time passwords for `shirakumo-otp` (shirakumo.mess §24), which leaves
 * the mechanism to the implementation. This one is TOTP (RFC 6238): the
 * `otp-key` is a base32 secret, as authenticator apps take it, and a token
 * is its 6-digit code for the current 30-second step (one step either side
 * is accepted, for clocks a little apart). HMAC-SHA-1 comes from WebCrypto.
 *
 * @example
 * ```ts
 * import { totp, decodeBase32 } from "./otp.ts";
 * // RFC 6238's first test vector (8 digits):
 * await totp(decodeBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")!, 59, 8); // "94287082"
 * ```
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** Seconds per step. */
const STEP = 30;

/** The bytes of a base32 text (spaces and padding ignored, any case), or undefined. */
export function decodeBase32(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** Is `key` a usable secret: base32 of at least 80 bits (RFC 4226 asks 128, allows 80)? */
export function validOtpKey(key: string): boolean {
  const bytes = decodeBase32(key);
  return bytes !== undefined && bytes.length >= 10;
}

/** The code of `secret` at Unix time `seconds`. */
export async function totp(secret: Uint8Array, seconds: number, digits = 6): Promise<string> {
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(Math.floor(seconds / STEP)));
  const key = await crypto.subtle.importKey(
    "raw",
    secret as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, counter));
  const at = mac[mac.length - 1] & 0x0f;
  const code = ((mac[at] & 0x7f) << 24) | (mac[at + 1] << 16) | (mac[at + 2] << 8) | mac[at + 3];
  return String(code % 10 ** digits).padStart(digits, "0");
}

/** Does `token` match `key` now, or one step before or after? */
export async function verifyTotp(
  key: string,
  token: unknown,
  nowMs: number = Date.now(),
): Promise<boolean> {
  const secret = decodeBase32(key);
  if (!secret || typeof token !== "string" || !/^\d{6}$/.test(token)) return false;
  const now = nowMs / 1000;
  for (const drift of [0, -STEP, STEP]) {
    if (await totp(secret, now + drift) === token) return true;
  }
  return false;
}
