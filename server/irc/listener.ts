/**
 * The IRC listener (`--irc-port`): accepts IRC clients and gives each an
 * {@linkcode IrcSession}, which speaks Lichat to the server on its behalf.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import type { Clock } from "../clock.ts";
import type { ServerOptions } from "../options.ts";
import { LOGIC } from "./dispatch.ts";
import { type GatewayHooks, IrcSession } from "./session.ts";

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
