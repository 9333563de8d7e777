/**
 * Scene-setting for handler tests: users in a channel, with each client's
 * backlog of notifications cleared so tests see only what they cause.
 *
 * @module
 */
import type { Update } from "../../protocol/mod.ts";
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

/** A connected test client: it sends text and takes what arrives. */
interface Peer {
  send(text: string): unknown;
  next(timeout?: number): Promise<Update>;
}

/**
 * Everything that reaches `c` before the answer to a ping it sends now.
 * The actor handles one request at a time, and a connection's updates are
 * written in order, so whatever the server did before it read the ping
 * (everything the test has already seen answered) has reached `c` by then:
 * a barrier, where waiting for quiet would only guess. The ping counts
 * towards the connection's flood limit.
 */
export async function quiet(c: Peer): Promise<Update[]> {
  const id = nextId();
  await c.send(`(ping :id ${id})`);
  const before: Update[] = [];
  for (let u = await c.next(); u.type !== "pong" || u.id !== id; u = await c.next()) before.push(u);
  return before;
}

/** Let what is on its way to each client arrive (see {@linkcode quiet}), and drop it. */
export async function settle(clients: Peer[]): Promise<void> {
  await Promise.all(clients.map(quiet));
}

/** The types of what reaches `c` before a barrier (see {@linkcode quiet}). */
export async function received(c: Peer): Promise<string[]> {
  return (await quiet(c)).map((u) => u.type);
}
