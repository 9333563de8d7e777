/**
 * Raw HTTP/1.1 for tests: exact request bytes over a socket (plain or TLS),
 * and the response's head as it came.
 *
 * @example
 * ```ts
 * import { rawHttp, upgradeRequest } from "./http.ts";
 * const conn = await Deno.connect({ port: 1113 });
 * const head = await rawHttp(conn, upgradeRequest("127.0.0.1:1113"));
 * head.status; // 101
 * ```
 *
 * @module
 */

/** A response head: the status, and headers by lower-cased name. */
export interface ResponseHead {
  /** The status code. */
  readonly status: number;
  /** The headers, names lower-cased. */
  readonly headers: Map<string, string>;
  /** The head's text. */
  readonly text: string;
  /** Bytes read past the head (a body, or the first WebSocket frames). */
  readonly rest: Uint8Array;
}

/**
 * The lines of a WebSocket upgrade request to `host`, with `headers` added
 * (a header given as `null` is left out).
 */
export function upgradeRequest(
  host: string,
  headers: Record<string, string | null> = {},
): string[] {
  const all: Record<string, string | null> = {
    Host: host,
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version": "13",
    ...headers,
  };
  return [
    "GET / HTTP/1.1",
    ...Object.entries(all).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`),
  ];
}

const enc = new TextEncoder();

/** Index of the blank line ending a head (`\r\n\r\n` or `\n\n`), and its length. */
function headEnd(b: Uint8Array): [number, number] | undefined {
  for (let i = 0; i < b.length; i++) {
    if (b[i] !== 10) continue;
    if (b[i + 1] === 10) return [i, 2];
    if (b[i + 1] === 13 && b[i + 2] === 10) return [i, 3];
  }
  return undefined;
}

/**
 * Send `lines` joined by `eol` and ended by a blank line, and read the
 * response head.
 */
export async function rawHttp(
  conn: Deno.Conn,
  lines: string[],
  eol = "\r\n",
): Promise<ResponseHead> {
  await conn.write(enc.encode(lines.join(eol) + eol + eol));
  let got = new Uint8Array(0);
  const buf = new Uint8Array(4096);
  for (;;) {
    const end = headEnd(got);
    if (end) {
      const text = new TextDecoder().decode(got.subarray(0, end[0]));
      const [status, ...rest] = text.split(/\r?\n/);
      const headers = new Map(rest.map((l) => {
        const colon = l.indexOf(":");
        return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()];
      }));
      return {
        status: Number(status.split(" ")[1]),
        headers,
        text,
        rest: got.slice(end[0] + end[1]),
      };
    }
    const n = await conn.read(buf);
    if (n === null) {
      throw new Error(`closed before a response head: ${new TextDecoder().decode(got)}`);
    }
    const next = new Uint8Array(got.length + n);
    next.set(got);
    next.set(buf.subarray(0, n), got.length);
    got = next;
  }
}
