/**
 * Real client addresses behind proxies (`--trusted-proxies`): the PROXY
 * protocol's header (HAProxy's, versions 1 and 2) that a proxy writes before
 * a TCP or TLS stream, and the `Forwarded` (RFC 7239) and `X-Forwarded-For`
 * headers an HTTP proxy adds to a WebSocket upgrade. Only a peer whose
 * address is in a trusted range is believed.
 *
 * @example
 * ```ts
 * import { parseProxyHeader, TrustedProxies } from "./proxy.ts";
 * const trusted = new TrustedProxies(["127.0.0.0/8"]);
 * trusted.trusts("127.0.0.1"); // true
 * const h = new TextEncoder().encode("PROXY TCP4 203.0.113.7 10.0.0.1 5555 1111\r\n");
 * parseProxyHeader(h); // { kind: "ok", length: 44, address: "203.0.113.7:5555" }
 * ```
 *
 * @module
 */
import { hostOf, parseIp } from "../ip.ts";

/** Address ranges whose peers are believed about the client's address. */
export class TrustedProxies {
  readonly #ranges: { ip: bigint; keep: bigint }[] = [];

  /** Ranges as CIDR (`10.0.0.0/8`, `::1/128`) or single addresses; throws on a bad one. */
  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [addr, bits] = cidr.split("/");
      const ip = parseIp(addr);
      const v4 = !addr.includes(":");
      const max = v4 ? 32 : 128;
      const n = bits === undefined ? max : Number(bits);
      if (ip === undefined || !Number.isInteger(n) || n < 0 || n > max || bits === "") {
        throw new Error(`--trusted-proxies: ${cidr} is not an address range (CIDR)`);
      }
      const prefix = v4 ? n + 96 : n;
      const keep = ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
      this.#ranges.push({ ip: ip & keep, keep });
    }
  }

  /** Are there any ranges? */
  get any(): boolean {
    return this.#ranges.length > 0;
  }

  /** Is `host` (an address, without port) in a trusted range? */
  trusts(host: string): boolean {
    const ip = parseIp(host);
    return ip !== undefined && this.#ranges.some((r) => (ip & r.keep) === r.ip);
  }
}

/** `host:port`, or `[host]:port` for IPv6. */
export function joinAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** PROXY protocol version 2's signature. */
const V2 = new Uint8Array([13, 10, 13, 10, 0, 13, 10, 81, 85, 73, 84, 10]);
const V1 = new TextEncoder().encode("PROXY ");
/** Version 1's longest header, CRLF included. */
const V1_MAX = 107;

function startsWith(b: Uint8Array, sig: Uint8Array): boolean {
  const n = Math.min(b.length, sig.length);
  for (let i = 0; i < n; i++) if (b[i] !== sig[i]) return false;
  return true;
}

/** Could `b` be (the start of) a PROXY header? */
export function startsLikeProxy(b: Uint8Array): boolean {
  // Five bytes at least: a stray CR LF is not taken for version 2's start.
  return b.length >= 5 && (startsWith(b, V1) || startsWith(b, V2));
}

/** What the start of a stream says as a PROXY header. */
export type ProxyHeader =
  /** Not all of it has come yet. */
  | { readonly kind: "more" }
  /** Not a valid header. */
  | { readonly kind: "bad"; readonly text: string }
  /** A header of `length` bytes; `address` undefined: the peer's own (LOCAL, UNKNOWN). */
  | { readonly kind: "ok"; readonly length: number; readonly address: string | undefined };

const MORE = { kind: "more" } as const;

function bad(text: string): ProxyHeader {
  return { kind: "bad", text: `Bad PROXY header: ${text}.` };
}

function v1(b: Uint8Array): ProxyHeader {
  const end = b.subarray(0, V1_MAX).indexOf(10);
  if (end < 0) return b.length >= V1_MAX ? bad("version 1 line too long") : MORE;
  if (b[end - 1] !== 13) return bad("version 1 line not ended by CRLF");
  const parts = new TextDecoder().decode(b.subarray(0, end - 1)).split(" ");
  if (parts[1] === "UNKNOWN") return { kind: "ok", length: end + 1, address: undefined };
  if (parts.length !== 6 || (parts[1] !== "TCP4" && parts[1] !== "TCP6")) {
    return bad("version 1 needs TCP4 or TCP6 and four fields");
  }
  const [, family, src, , sport] = parts;
  const port = Number(sport);
  const ip = parseIp(src);
  if (ip === undefined || src.includes(":") !== (family === "TCP6")) {
    return bad(`${src} is not a ${family} address`);
  }
  if (!/^\d{1,5}$/.test(sport) || port > 65535) return bad(`${sport} is not a port`);
  return { kind: "ok", length: end + 1, address: joinAddress(src, port) };
}

function v2(b: Uint8Array): ProxyHeader {
  if (b.length < 16) return MORE;
  const length = 16 + ((b[14] << 8) | b[15]);
  if (b.length < length) return MORE;
  const version = b[12] >> 4;
  const command = b[12] & 15;
  if (version !== 2 || command > 1) return bad("version 2 with an unknown version or command");
  if (command === 0) return { kind: "ok", length, address: undefined }; // LOCAL
  const view = new DataView(b.buffer, b.byteOffset, length);
  switch (b[13]) {
    case 0x11: { // TCP over IPv4
      if (length < 16 + 12) return bad("version 2 IPv4 addresses cut short");
      const host = [...b.subarray(16, 20)].join(".");
      return { kind: "ok", length, address: joinAddress(host, view.getUint16(24)) };
    }
    case 0x21: { // TCP over IPv6
      if (length < 16 + 36) return bad("version 2 IPv6 addresses cut short");
      const groups = [];
      for (let i = 0; i < 8; i++) groups.push(view.getUint16(16 + 2 * i).toString(16));
      const host = new URL(`http://[${groups.join(":")}]/`).hostname.slice(1, -1);
      return { kind: "ok", length, address: joinAddress(host, view.getUint16(48)) };
    }
    default: // UNSPEC, UDP or UNIX: the peer's own address
      return { kind: "ok", length, address: undefined };
  }
}

/** Read a PROXY header (version 1 or 2) at the start of `b`. */
export function parseProxyHeader(b: Uint8Array): ProxyHeader {
  if (b.length === 0) return MORE;
  if (startsWith(b, V2)) return b.length < V2.length ? MORE : v2(b);
  if (startsWith(b, V1)) return b.length < V1.length ? MORE : v1(b);
  return bad("a trusted proxy must start with a PROXY header (version 1 or 2)");
}

/** One node of a `Forwarded: for=` or `X-Forwarded-For` list, as an address (port 0 if none). */
function node(text: string): string | undefined {
  let t = text.trim().replace(/^"|"$/g, "");
  let port = 0;
  if (t.startsWith("[")) {
    const close = t.indexOf("]");
    const rest = t.slice(close + 1);
    if (rest.startsWith(":")) port = Number(rest.slice(1));
    t = t.slice(1, close);
  } else if (/^[\d.]+:\d+$/.test(t)) {
    port = Number(t.slice(t.lastIndexOf(":") + 1));
    t = t.slice(0, t.lastIndexOf(":"));
  }
  if (parseIp(t) === undefined || !Number.isInteger(port) || port > 65535) return undefined;
  return joinAddress(t, port);
}

/** The `for=` nodes of `Forwarded` headers, in order. */
function forwardedNodes(header: string): string[] {
  const out: string[] = [];
  for (const element of header.split(",")) {
    for (const pair of element.split(";")) {
      const eq = pair.indexOf("=");
      if (pair.slice(0, eq).trim().toLowerCase() === "for") out.push(pair.slice(eq + 1));
    }
  }
  return out;
}

/**
 * The client's address as a trusted proxy's headers give it: `Forwarded`
 * if present, else `X-Forwarded-For`, read from the right past every
 * trusted proxy. Undefined when neither header names an address.
 */
export function forwardedAddress(headers: Headers, trusted: TrustedProxies): string | undefined {
  const forwarded = headers.get("forwarded");
  const xff = headers.get("x-forwarded-for");
  const nodes = forwarded !== null ? forwardedNodes(forwarded) : xff !== null ? xff.split(",") : [];
  let found: string | undefined;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const address = node(nodes[i]);
    // An obfuscated or broken node: nothing left of it can be believed.
    if (address === undefined) break;
    found = address;
    if (!trusted.trusts(hostOf(address))) break;
  }
  return found;
}

/** What a trusted peer's stream began with: the client's address and the bytes after the header. */
export type Preamble =
  | { readonly address: string | undefined; readonly rest: Uint8Array }
  | { readonly bad: string };

/**
 * Read the PROXY header a trusted peer must send first, within `timeoutMs`
 * (undefined: the connection closed or the time ran out, and is closed).
 */
export async function readProxyHeader(
  conn: Deno.Conn,
  timeoutMs: number,
): Promise<Preamble | undefined> {
  const timer = setTimeout(() => conn.close(), timeoutMs);
  let got = new Uint8Array(0);
  const buf = new Uint8Array(V1_MAX);
  try {
    for (;;) {
      const h = parseProxyHeader(got);
      if (h.kind === "bad") return { bad: h.text };
      if (h.kind === "ok") return { address: h.address, rest: got.slice(h.length) };
      const n = await conn.read(buf);
      if (n === null) return undefined;
      const next = new Uint8Array(got.length + n);
      next.set(got);
      next.set(buf.subarray(0, n), got.length);
      got = next;
    }
  } catch {
    return undefined; // closed by the timer or the peer
  } finally {
    clearTimeout(timer);
  }
}
