/**
 * WebSocket frames by hand over any socket (plain or TLS), for tests whose
 * upgrade carries headers a WebSocket object cannot set (`X-Forwarded-For`)
 * or goes to a TLS port with a test CA.
 *
 * @example
 * ```ts
 * import { readText, sendText } from "./wsframes.ts";
 * // After a 101 on `conn`:
 * // await sendText(conn, '(connect :id 1 :version "2.0" :extensions ())');
 * // const [text, rest] = await readText(conn, head.rest);
 * ```
 *
 * @module
 */

/** Send `text` as one masked text frame (RFC 6455 §5.2). */
export async function sendText(conn: Deno.Conn, text: string): Promise<void> {
  const payload = new TextEncoder().encode(text);
  const n = payload.length;
  const head = n < 126 ? [0x81, 0x80 | n] : [0x81, 0x80 | 126, n >> 8, n & 255];
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const frame = new Uint8Array(head.length + 4 + n);
  frame.set(head);
  frame.set(mask, head.length);
  for (let i = 0; i < n; i++) frame[head.length + 4 + i] = payload[i] ^ mask[i & 3];
  let sent = 0;
  while (sent < frame.length) sent += await conn.write(frame.subarray(sent));
}

/**
 * Read the next text frame (the server's frames are not masked), starting
 * with the bytes `got` already read; the text and the bytes past it.
 */
export async function readText(conn: Deno.Conn, got: Uint8Array): Promise<[string, Uint8Array]> {
  const buf = new Uint8Array(65536);
  for (;;) {
    if (got.length >= 2) {
      let n = got[1] & 127;
      let at = 2;
      if (n === 126 && got.length >= 4) {
        n = (got[2] << 8) | got[3];
        at = 4;
      }
      if ((n < 126 || at === 4) && got.length >= at + n) {
        return [new TextDecoder().decode(got.subarray(at, at + n)), got.slice(at + n)];
      }
    }
    const r = await conn.read(buf);
    if (r === null) throw new Error("closed before a whole frame");
    const next = new Uint8Array(got.length + r);
    next.set(got);
    next.set(buf.subarray(0, r), got.length);
    got = next;
  }
}
