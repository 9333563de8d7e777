/**
 * The IRC listeners (`--irc-port`, and `--ircs-port` over TLS): accept IRC
 * clients and give each an {@linkcode IrcSession}, which speaks Lichat to
 * the server on its behalf.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import type { Clock } from "../clock.ts";
import type { ServerOptions } from "../options.ts";
import { LOGIC } from "./dispatch.ts";
import type tls from "node:tls";
import { acceptTls, type TlsCertificate } from "../transport/tls.ts";
import type { Intake } from "../transport/tcp.ts";
import { type GatewayHooks, IrcSession, type IrcSocket } from "./session.ts";

export type { GatewayHooks } from "./session.ts";

const log = getLogger(["lichat", "server", "irc"]);
const READ_SIZE = 16384;

function address(a: Deno.Addr): string {
  return a.transport === "tcp"
    ? (a.hostname.includes(":") ? `[${a.hostname}]:${a.port}` : `${a.hostname}:${a.port}`)
    : a.transport;
}

/** Accept IRC clients on `listener` until it closes. */
export async function serveIrc(
  listener: Deno.Listener,
  options: ServerOptions,
  clock: Clock,
  hooks: GatewayHooks,
): Promise<void> {
  try {
    for await (const conn of listener) handle(conn, options, clock, hooks);
  } catch (e) {
    if (!(e instanceof Deno.errors.BadResource)) {
      log.error("IRC accept failed: {error}", { error: e });
    }
  }
}

async function handle(
  conn: Deno.Conn,
  options: ServerOptions,
  clock: Clock,
  hooks: GatewayHooks,
): Promise<void> {
  if ("setNoDelay" in conn) {
    try {
      (conn as Deno.TcpConn).setNoDelay(true);
    } catch {
      // Not fatal.
    }
  }
  const addr = address(conn.remoteAddr);
  const session = new IrcSession(conn, addr, options, clock, hooks, LOGIC);
  log.info("IRC connection from {address}", { address: addr });
  try {
    const buf = new Uint8Array(READ_SIZE);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      session.bytes(buf.subarray(0, n));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.BadResource || e instanceof Deno.errors.Interrupted)) {
      log.debug("IRC read error from {address}: {error}", { address: addr, error: e });
    }
  } finally {
    session.close();
    log.info("IRC connection from {address} closed", { address: addr });
  }
}

/** A secured TLS socket as the session's {@linkcode IrcSocket}. */
function tlsSocket(socket: tls.TLSSocket): IrcSocket {
  return {
    write: (data) =>
      new Promise((resolve, reject) => {
        if (socket.destroyed) return reject(new Deno.errors.BadResource("closed"));
        socket.write(data, (e) => e ? reject(e) : resolve(data.length));
      }),
    // After what is queued: close_notify, then the socket closes.
    close: () => socket.end(),
  };
}

/**
 * Accept IRC clients over TLS on `listener` (PROXY headers from trusted
 * proxies first, as on the Lichat TLS port) until it closes.
 */
export function serveIrcTls(
  listener: Deno.TcpListener,
  options: ServerOptions,
  clock: Clock,
  hooks: GatewayHooks,
  intake: Intake,
  certificate: TlsCertificate,
): Promise<void> {
  return acceptTls(listener, intake, certificate, (socket, addr) => {
    const session = new IrcSession(tlsSocket(socket), addr, options, clock, hooks, LOGIC);
    log.info("IRC over TLS connection from {address}", { address: addr });
    socket.on("data", (chunk: Uint8Array) => session.bytes(chunk));
    socket.on("close", () => {
      session.close();
      log.info("IRC over TLS connection from {address} closed", { address: addr });
    });
  });
}
