/**
 * The raw relay: the ceiling the Deno runtime allows for Lichat-shaped
 * traffic. It answers a connection's first update with fixed handshake bytes
 * and re-sends every later NUL-terminated update to every connection, parsing
 * nothing. Batching matches the server's: one write per connection per turn.
 *
 * `deno run --allow-net bench/relay.ts --port P`
 *
 * @module
 */
import { parseArgs } from "node:util";

const HANDSHAKE = new TextEncoder().encode(
  '(connect :id 1 :clock 1 :from "relay" :version "2.0" :extensions ())\0' +
    '(join :id 2 :clock 1 :from "relay" :channel "Relay")\0' +
    '(message :id 3 :clock 1 :from "Relay" :channel "Relay" :text "Welcome")\0',
);

interface Peer {
  conn: Deno.TcpConn;
  pending: Uint8Array[];
  writing: boolean;
}

const peers = new Set<Peer>();

async function flush(p: Peer): Promise<void> {
  try {
    while (p.pending.length > 0) {
      const batch = p.pending;
      p.pending = [];
      let size = 0;
      for (const b of batch) size += b.length;
      const data = batch.length === 1 ? batch[0] : new Uint8Array(size);
      if (batch.length > 1) {
        let at = 0;
        for (const b of batch) {
          data.set(b, at);
          at += b.length;
        }
      }
      let done = 0;
      while (done < data.length) done += await p.conn.write(data.subarray(done));
    }
  } catch {
    peers.delete(p);
  }
  p.writing = false;
}

function queue(p: Peer, bytes: Uint8Array): void {
  p.pending.push(bytes);
  if (!p.writing) {
    p.writing = true;
    queueMicrotask(() => flush(p));
  }
}

async function serve(conn: Deno.TcpConn): Promise<void> {
  conn.setNoDelay(true);
  const p: Peer = { conn, pending: [], writing: false };
  let greeted = false;
  let tail: Uint8Array | undefined;
  try {
    for (;;) {
      const buf = new Uint8Array(65536);
      const n = await conn.read(buf);
      if (n === null) break;
      let chunk = buf.subarray(0, n);
      if (tail) {
        const joined = new Uint8Array(tail.length + n);
        joined.set(tail);
        joined.set(chunk, tail.length);
        chunk = joined;
        tail = undefined;
      }
      const last = chunk.lastIndexOf(0);
      if (last < 0) {
        tail = chunk.slice();
        continue;
      }
      if (last + 1 < chunk.length) tail = chunk.slice(last + 1);
      let complete = chunk.subarray(0, last + 1);
      if (!greeted) {
        greeted = true;
        peers.add(p);
        queue(p, HANDSHAKE);
        complete = complete.subarray(complete.indexOf(0) + 1);
        if (complete.length === 0) continue;
      }
      for (const q of peers) queue(q, complete);
    }
  } catch {
    // Gone.
  }
  peers.delete(p);
  try {
    conn.close();
  } catch {
    // Closed.
  }
}

if (import.meta.main) {
  const { port } =
    parseArgs({ args: Deno.args, options: { port: { type: "string", default: "1111" } } }).values;
  const listener = Deno.listen({ hostname: "127.0.0.1", port: Number(port) });
  for await (const conn of listener) serve(conn);
}
