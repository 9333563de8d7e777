/**
 * Scene-setting for handler tests: users in a channel, with each client's
 * backlog of notifications cleared so tests see only what they cause.
 *
 * @module
 */
import type { RawClient } from "./raw.ts";
import { nextId } from "./raw.ts";
import type { TestServer } from "./server.ts";
import { WsClient } from "./ws.ts";

/**
 * Connect `names`, have the first create `channel` and the rest join it,
 * then wait until everything queued has arrived and discard it.
 */
export async function room(
  srv: TestServer,
  channel: string,
  ...names: string[]
): Promise<RawClient[]> {
  const clients: RawClient[] = [];
  for (const n of names) clients.push(await srv.user(n));
  await clients[0].send(`(create :id ${nextId()} :channel "${channel}")`);
  await clients[0].waitFor("join", (u) => u.channel === channel);
  for (const c of clients.slice(1)) {
    await c.send(`(join :id ${nextId()} :channel "${channel}")`);
    await c.waitFor("join", (u) => u.channel === channel && u.from === c.name);
  }
  await settle(clients);
  return clients;
}

/** Let in-flight updates arrive, then drop every client's backlog. */
/**
 * Alice registers (password "alice-pw", request id 1) and creates "room"
 * (id 2); returns her client.
 */
export async function registeredOwner(srv: TestServer): Promise<RawClient> {
  const a = await srv.user("alice");
  await a.send('(register :id 1 :password "alice-pw")');
  await a.expect("register");
  await a.send('(create :id 2 :channel "room")');
  await a.expect("join");
  return a;
}

/**
 * "room" with alice and bob over TCP and webby over WebSocket (the server
 * needs `wsPort: -1`), settled.
 */
export async function mixedRoom(srv: TestServer): Promise<[RawClient, RawClient, WsClient]> {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const w = await WsClient.connect(srv.wsUrl!);
  await w.handshake("webby");
  w.send(`(join :id ${nextId()} :channel "room")`);
  await w.waitFor("join", (u) => u.from === "webby");
  await settle([a, b]);
  return [a, b, w];
}

export async function settle(clients: RawClient[], ms = 60): Promise<void> {
  await Promise.all(clients.map((c) => c.drain(ms)));
}

/** The types of what a client receives within `ms`. */
export async function received(c: RawClient, ms = 100): Promise<string[]> {
  return (await c.drain(ms)).map((u) => u.type);
}
