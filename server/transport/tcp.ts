/**
 * The TCP transport: accepts connections, reads their bytes for the parser
 * stage, and writes batches of updates as NUL-terminated UTF-8.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { type Peer, Printed } from "../outlet.ts";

const log = getLogger(["lichat", "server", "tcp"]);

/** What the server does with a transport's connections. */
export interface TransportHooks {
  /** A connection was accepted; returns its number. */
  open(peer: Peer, address: string): number;
  /** Bytes arrived; the buffer is the receiver's to keep. */
  bytes(conn: number, bytes: Uint8Array): void;
  /** The connection ended. */
  gone(conn: number): void;
}

const MIN_READ = 4096;
const MAX_READ = 65536;

/** A TCP connection as a {@linkcode Peer}. */
export class TcpPeer implements Peer {
  readonly transport = "tcp" as const;
  readonly #conn: Deno.TcpConn;
  #closed = false;

  /** Wrap an accepted connection. */
  constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  async write(batch: readonly Printed[]): Promise<void> {
    const data = Printed.join(batch);
    let done = 0;
    while (done < data.length) done += await this.#conn.write(data.subarray(done));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed by the peer.
    }
  }
}

function address(a: Deno.Addr): string {
  return a.transport === "tcp" || a.transport === "udp"
    ? (a.hostname.includes(":") ? `[${a.hostname}]:${a.port}` : `${a.hostname}:${a.port}`)
    : a.transport;
}

/** Accept connections on `listener` until it closes. */
export async function serveTcp(listener: Deno.TcpListener, hooks: TransportHooks): Promise<void> {
  try {
    for await (const conn of listener) {
      handle(conn, hooks);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.BadResource)) log.error("Accept failed: {error}", { error: e });
  }
}

async function handle(conn: Deno.TcpConn, hooks: TransportHooks): Promise<void> {
  try {
    conn.setNoDelay(true);
  } catch {
    // Not fatal.
  }
  const peer = new TcpPeer(conn);
  const addr = address(conn.remoteAddr);
  const id = hooks.open(peer, addr);
  // Read buffers grow while reads fill them and shrink when idle, so idle
  // connections hold little memory and busy ones read in large chunks.
  let size = MIN_READ;
  try {
    for (;;) {
      const buf = new Uint8Array(size);
      const n = await conn.read(buf);
      if (n === null) break;
      hooks.bytes(id, buf.subarray(0, n));
      size = n === size ? Math.min(size * 2, MAX_READ) : Math.max(MIN_READ, size >> 1);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.BadResource || e instanceof Deno.errors.Interrupted)) {
      log.debug("Connection {id} read error: {error}", { id, error: e });
    }
  } finally {
    peer.close();
    hooks.gone(id);
  }
}
