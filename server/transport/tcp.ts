/**
 * The TCP transport: accepts connections, reads their bytes for the parser
 * stage, and writes batches of updates as NUL-terminated UTF-8.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { type Peer, Printed } from "../outlet.ts";
import { hostOf } from "../ip.ts";
import { joinAddress, readProxyHeader, startsLikeProxy, type TrustedProxies } from "./proxy.ts";

const log = getLogger(["lichat", "server", "tcp"]);

/** What the server does with a transport's connections. */
export interface TransportHooks {
  /** A connection was accepted; returns its number. */
  open(peer: Peer, address: string): number;
  /** Bytes arrived; the buffer is the receiver's to keep. */
  bytes(conn: number, bytes: Uint8Array): void;
  /** The connection ended. */
  gone(conn: number): void;
  /** Something that is not an update arrived: answer with `malformed-update`. */
  reject(conn: number, text: string): void;
}

/** How a listener takes its connections in: whose PROXY headers it believes, and for how long it waits. */
export interface Intake {
  /** The peers that must (and alone may) start with a PROXY header. */
  readonly trusted: TrustedProxies;
  /** How long a trusted peer has to send its header, in milliseconds. */
  readonly timeoutMs: number;
}

/** What an untrusted peer that starts with a PROXY header is told. */
export const UNTRUSTED_PROXY = "A PROXY header is accepted only from --trusted-proxies.";

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
    ? joinAddress(a.hostname, a.port)
    : a.transport;
}

/** Accept connections on `listener` until it closes. */
export async function serveTcp(
  listener: Deno.TcpListener,
  hooks: TransportHooks,
  intake: Intake,
): Promise<void> {
  try {
    for await (const conn of listener) {
      handle(conn, hooks, intake);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.BadResource)) log.error("Accept failed: {error}", { error: e });
  }
}

/**
 * Where a connection is from: a trusted peer's PROXY header says (read
 * first), anyone else is what the socket says. Undefined: it closed first.
 */
export async function intakeOf(
  conn: Deno.TcpConn,
  intake: Intake,
): Promise<{ address: string; rest?: Uint8Array; bad?: string } | undefined> {
  const peer = address(conn.remoteAddr);
  if (!intake.trusted.trusts(hostOf(peer))) return { address: peer };
  const h = await readProxyHeader(conn, intake.timeoutMs);
  if (!h) return undefined;
  if ("bad" in h) return { address: peer, bad: h.bad };
  return { address: h.address ?? peer, rest: h.rest };
}

async function handle(conn: Deno.TcpConn, hooks: TransportHooks, intake: Intake): Promise<void> {
  try {
    conn.setNoDelay(true);
  } catch {
    // Not fatal.
  }
  const from = await intakeOf(conn, intake);
  if (!from) return;
  const peer = new TcpPeer(conn);
  const addr = from.address;
  const id = hooks.open(peer, addr);
  // A bad header is malformed input, answered before the connection closes.
  if (from.bad) hooks.reject(id, from.bad);
  else if (from.rest?.length) hooks.bytes(id, from.rest);
  // Read buffers grow while reads fill them and shrink when idle, so idle
  // connections hold little memory and busy ones read in large chunks.
  let size = MIN_READ;
  let first = !from.rest;
  // Once refused, what follows is dropped until the server closes the connection.
  let refused = from.bad !== undefined;
  try {
    for (;;) {
      const buf = new Uint8Array(size);
      const n = await conn.read(buf);
      if (n === null) break;
      if (first && startsLikeProxy(buf.subarray(0, n))) {
        hooks.reject(id, UNTRUSTED_PROXY);
        refused = true;
      }
      first = false;
      if (refused) continue;
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
