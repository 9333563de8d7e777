/**
 * Starting a real server for a test, on free loopback ports.
 *
 * @example
 * ```ts
 * import { serverTest } from "./server.ts";
 * serverTest("pings", async (srv) => {
 *   const c = await srv.client();
 *   await c.handshake("alice");
 * });
 * ```
 *
 * @module
 */
import { defaultOptions, type ServerOptions } from "../../server/options.ts";
import { ManualClock } from "../../server/clock.ts";
import { LichatServer } from "../../server/server.ts";
import assert from "node:assert/strict";
import { nameKey } from "../../protocol/mod.ts";
import { IrcClient, type Registration } from "./irc.ts";
import { nextId, RawClient } from "./raw.ts";

/** The name of the server (and primary channel) in tests. */
export const SERVER_NAME = "TestServer";

/** A port nobody listens on right now. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A server started for a test, with helpers to reach it. */
export interface TestServer {
  /** The running server. */
  readonly server: LichatServer;
  /**
   * Its clock, which moves only when the test advances it: pings, timeouts,
   * flood windows and expiry happen when the test says, not after a sleep.
   */
  readonly clock: ManualClock;
  /** Its TCP port. */
  readonly port: number;
  /** Its WebSocket URL, when WebSocket is on. */
  readonly wsUrl: string | undefined;
  /** A raw TCP client connected to it (closed at the end of the test). */
  client(): Promise<RawClient>;
  /** A raw client that has completed the handshake as `name`. */
  user(name: string, password?: string): Promise<RawClient>;
  /**
   * A client logged in with its password as `name`, registered first if it
   * is not: what `--admins` rights need (server/admins.ts).
   */
  admin(name?: string, password?: string): Promise<RawClient>;
  /** A raw IRC client connected to the IRC gateway (`ircPort: -1`), closed at the end. */
  irc(): Promise<IrcClient>;
  /** An IRC client registered as `nick`. */
  ircUser(nick: string, how?: Registration): Promise<IrcClient>;
}

/**
 * The options tests run with: loopback, free ports, WebSocket off, one
 * worker, cheap password hashing, and `overrides` on top. Pass `wsPort: -1`
 * (`ircPort: -1`) to get WebSocket (the IRC gateway) on a free port.
 */
export function testOptions(overrides: Partial<ServerOptions> = {}): ServerOptions {
  const o: ServerOptions = {
    ...defaultOptions(),
    name: SERVER_NAME,
    hostname: "127.0.0.1",
    port: 0,
    wsHostname: "127.0.0.1",
    wsPort: 0,
    workers: 1,
    hashIterations: 1000,
    ...overrides,
  };
  if (o.wsPort === -1) o.wsPort = freePort();
  if (o.ircPort === -1) o.ircPort = freePort();
  return o;
}

/** Start a server, run `fn`, then close every client and stop the server. */
export async function withServer(
  overrides: Partial<ServerOptions>,
  fn: (srv: TestServer) => Promise<void>,
): Promise<void> {
  const options = testOptions(overrides);
  const clock = new ManualClock();
  const server = await LichatServer.start(options, { clock });
  const clients: RawClient[] = [];
  const ircs: IrcClient[] = [];
  const srv: TestServer = {
    server,
    clock,
    port: server.tcpPort,
    wsUrl: server.wsPort ? `ws://127.0.0.1:${server.wsPort}/` : undefined,
    async client() {
      const c = await RawClient.connect(server.tcpPort);
      clients.push(c);
      return c;
    },
    async user(name: string, password?: string) {
      const c = await srv.client();
      await c.handshake(name, password);
      return c;
    },
    async admin(name = "root", password = `${name}-password`) {
      const key = nameKey(name);
      if (!server.actor.profiles.has(key)) {
        const first = await srv.user(name);
        await first.send(`(register :id ${nextId()} :password "${password}")`);
        await first.expect("register");
        first.close();
        await eventually(() => !server.actor.users.has(key), `${name} gone`);
      }
      return await srv.user(name, password);
    },
    async irc() {
      const c = await IrcClient.connect(server.ircPort!);
      ircs.push(c);
      return c;
    },
    async ircUser(nick: string, how?: Registration) {
      const c = await srv.irc();
      await c.register(nick, how);
      return c;
    },
  };
  try {
    await fn(srv);
    // Every update a server sends carries an id and a clock (what clients rely on).
    assert.deepEqual(clients.flatMap((c) => c.violations), []);
  } finally {
    for (const c of clients) c.close();
    for (const c of ircs) c.close();
    await server.shutdown();
  }
}

/**
 * A `Deno.test` that runs `fn` against a fresh server. Sanitizers are off:
 * the server's workers and sockets outlive single awaits by design.
 */
export function serverTest(
  name: string,
  fn: (srv: TestServer) => Promise<void>,
  overrides: Partial<ServerOptions> = {},
): void {
  Deno.test({
    name,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: () => withServer(overrides, fn),
  });
}

/**
 * Poll until `cond` holds, for server state that settles after the replies
 * (a user removed once its socket is gone); fails with `what` after `timeout` ms.
 */
export async function eventually(cond: () => boolean, what: string, timeout = 3000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeout} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
