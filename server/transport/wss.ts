/**
 * WebSocket over TLS (`--wss-port`). Deno's HTTP server cannot be handed
 * decrypted streams, and one started with a certificate cannot change it
 * without closing every upgraded WebSocket (its shutdown does); so TLS is
 * ended by the same `node:tls` listener as Lichat over TLS (server/transport/tls.ts),
 * and each decrypted stream is relayed to an HTTP server on a loopback port
 * that serves the plain WebSocket listener's requests. That server knows
 * each relayed stream's client by the relay's port and answers anything
 * else with 403.
 *
 * @module
 */
import type tls from "node:tls";
import { getLogger } from "@logtape/logtape";
import { acceptTls, type TlsCertificate } from "./tls.ts";
import type { Intake } from "./tcp.ts";
import { httpOptions, type PeerHandler } from "./websocket.ts";

const log = getLogger(["lichat", "server", "wss"]);

/** A running WebSocket-over-TLS listener. */
export interface WssListener {
  /** Accepting until the listener closes. */
  readonly accepting: Promise<void>;
  /** Stop the loopback HTTP server (and so every relayed connection). */
  shutdown(): Promise<void>;
}

/** Relay one secured socket to the loopback server, as the client `address`. */
async function relay(
  socket: tls.TLSSocket,
  port: number,
  address: string,
  clients: Map<number, string>,
): Promise<void> {
  let inner: Deno.TcpConn;
  try {
    inner = await Deno.connect({ hostname: "127.0.0.1", port });
  } catch (e) {
    log.error("Cannot relay to the loopback server: {message}", { message: (e as Error).message });
    return void socket.destroy();
  }
  const local = (inner.localAddr as Deno.NetAddr).port;
  clients.set(local, address);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clients.delete(local);
    try {
      inner.close();
    } catch {
      // Closed already.
    }
    socket.end();
  };
  socket.on("data", (chunk: Uint8Array) => {
    socket.pause();
    (async () => {
      let sent = 0;
      while (sent < chunk.length) sent += await inner.write(chunk.subarray(sent));
    })().then(() => socket.resume(), close);
  });
  socket.once("close", close);
  const buf = new Uint8Array(16384);
  try {
    for (;;) {
      const n = await inner.read(buf);
      if (n === null) break;
      const more = socket.write(buf.slice(0, n));
      if (!more) await new Promise((r) => socket.once("drain", r));
    }
  } catch {
    // Closed underneath.
  }
  close();
}

/**
 * Serve `handler` over TLS on `listener`: TLS by `certificate`, the client
 * as the peer (no PROXY header here: a trusted proxy's `Forwarded` or
 * `X-Forwarded-For` says who the client is).
 */
export function serveWss(
  listener: Deno.TcpListener,
  intake: Intake,
  certificate: TlsCertificate,
  handler: PeerHandler,
): WssListener {
  const clients = new Map<number, string>();
  const inner = Deno.serve(
    { ...httpOptions("127.0.0.1", 0, "WebSocket over TLS relay"), onListen: () => {} },
    (req, info) => {
      const client = clients.get(info.remoteAddr.port);
      if (client === undefined) return new Response("Forbidden\n", { status: 403 });
      return handler(req, client);
    },
  );
  log.info("WebSocket over TLS listening on {host}:{port}", {
    host: (listener.addr as Deno.NetAddr).hostname,
    port: (listener.addr as Deno.NetAddr).port,
  });
  const accepting = acceptTls(listener, intake, certificate, (socket, address) => {
    relay(socket, inner.addr.port, address, clients);
  });
  return { accepting, shutdown: () => inner.shutdown() };
}
