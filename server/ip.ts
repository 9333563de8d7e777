/**
 * IP addresses as 128-bit numbers, for `shirakumo-ip` (shirakumo.mess §10):
 * an IPv4 address is its IPv6-mapped form (`::ffff:a.b.c.d`).
 *
 * @example
 * ```ts
 * import { formatIp, parseIp } from "./ip.ts";
 * formatIp(parseIp("127.0.0.1")!); // "::ffff:127.0.0.1"
 * parseIp("nonsense"); // undefined
 * ```
 *
 * @module
 */

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAPPED = 0xffffn << 32n;

function v4(text: string): bigint | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  let n = 0n;
  for (const part of m.slice(1)) {
    const b = Number(part);
    if (b > 255) return undefined;
    n = (n << 8n) | BigInt(b);
  }
  return n;
}

/** An IPv4 or IPv6 address as a number, or undefined if it is neither. */
export function parseIp(text: string): bigint | undefined {
  const four = v4(text);
  if (four !== undefined) return MAPPED | four;
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !URL.canParse(`http://[${text}]/`)) return undefined;
  // The URL parser writes it in the one canonical form: hex groups, one `::`.
  const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const [head, tail] = host.includes("::") ? host.split("::") : [host, undefined];
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * A mask as a number: an IPv4-form mask covers the IPv4 part only (its bits
 * are the low 32), an IPv6-form one all 128 bits.
 */
export function parseMask(text: string): bigint | undefined {
  return v4(text) ?? parseIp(text);
}

/** The address in the form the URL parser gives (mapped IPv4 in dotted form). */
export function formatIp(ip: bigint): string {
  if (ip >> 32n === 0xffffn) {
    const b = [24n, 16n, 8n, 0n].map((s) => Number((ip >> s) & 0xffn));
    return `::ffff:${b.join(".")}`;
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((ip >> s) & 0xffffn).toString(16));
  return new URL(`http://[${groups.join(":")}]/`).hostname.slice(1, -1);
}

const ALL = (1n << 128n) - 1n;

/** §10: `a` and `b` are the same under mask `m` (its 1 bits are ignored). */
export function sameUnder(a: bigint, b: bigint, m: bigint): boolean {
  const keep = ALL ^ m;
  return (a & keep) === (b & keep);
}

/** The host part of a `host:port` or `[host]:port` address. */
export function hostOf(address: string): string {
  if (address.startsWith("[")) return address.slice(1, address.indexOf("]"));
  const colon = address.lastIndexOf(":");
  return colon < 0 ? address : address.slice(0, colon);
}
