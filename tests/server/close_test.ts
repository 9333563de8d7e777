/** §4.3: closing connections, by request and by accident. */
import assert from "node:assert/strict";
import { nextId, type RawClient } from "../helpers/raw.ts";
import { eventually, SERVER_NAME, serverTest, type TestServer } from "../helpers/server.ts";
import { quiet } from "../helpers/scene.ts";

/** alice creates "room" and "den"; bob joins both; everyone has seen everything. */
async function scene(srv: TestServer): Promise<[RawClient, RawClient]> {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await a.waitFor("join", (u) => u.from === "bob");
  for (const ch of ["room", "den"]) {
    await a.send(`(create :id ${nextId()} :channel "${ch}")`);
    await a.expect("join");
    await b.send(`(join :id ${nextId()} :channel "${ch}")`);
    await b.expect("join");
    await a.waitFor("join", (u) => u.from === "bob" && u.channel === ch);
  }
  return [a, b];
}

/** `watcher` sees `name` leave the primary channel and `others`, in some order. */
async function seesLeaves(watcher: RawClient, name: string, others: string[]): Promise<void> {
  const channels: string[] = [];
  for (let i = 0; i <= others.length; i++) {
    const l = await watcher.waitFor("leave", (u) => u.from === name);
    channels.push(l.channel as string);
  }
  assert.deepEqual(channels.sort(), [SERVER_NAME, ...others].sort());
}

/** The server no longer knows `name`, and each channel holds only alice. */
function onlyAliceLeft(srv: TestServer, name: string): void {
  const actor = srv.server.actor;
  assert.equal(actor.findUser(name), undefined);
  assert.equal(actor.connections.size, 1);
  for (const ch of ["room", "den"]) {
    assert.deepEqual([...actor.findChannel(ch)!.users].map((u) => u.name), ["alice"]);
  }
  assert.ok(![...actor.primary.users].some((u) => u.name === name));
}

serverTest("disconnect: the same id back, the close, and leaves everywhere", async (srv) => {
  const [a, b] = await scene(srv);
  await b.send("(disconnect :id 3)");
  const reply = await b.expect("disconnect");
  assert.equal(reply.id, 3);
  await b.waitClosed();
  assert.deepEqual(b.pending, [], "nothing after the disconnect");
  await seesLeaves(a, "bob", ["room", "den"]);
  onlyAliceLeft(srv, "bob");
});

serverTest("an abrupt close acts like a disconnect for the others", async (srv) => {
  const [a, b] = await scene(srv);
  b.close();
  await seesLeaves(a, "bob", ["room", "den"]);
  onlyAliceLeft(srv, "bob");
  // Alice goes on.
  await a.send('(message :id 5 :channel "room" :text "still here")');
  assert.equal((await a.expect("message")).text, "still here");
});

serverTest("a user with two connections stays until the last one goes", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(register :id 1 :password "alice-pw")');
  await a.expect("register");
  const a2 = await srv.user("alice", "alice-pw");
  const watcher = await srv.user("watcher");
  a.close();
  await eventually(() => srv.server.actor.connections.size === 2, "the first connection is gone");
  assert.equal(srv.server.actor.findUser("alice")!.connections.size, 1);
  assert.deepEqual((await quiet(watcher)).filter((u) => u.type === "leave"), []);
  // The remaining connection works.
  await a2.send("(ping :id 2)");
  assert.equal((await a2.waitFor("pong")).id, 2);
  await a2.send("(disconnect :id 3)");
  assert.equal((await a2.waitFor("disconnect")).id, 3);
  await a2.waitClosed();
  assert.equal((await watcher.waitFor("leave", (u) => u.from === "alice")).channel, SERVER_NAME);
  assert.equal(srv.server.actor.findUser("alice"), undefined);
  // The profile stays; the name needs its password again.
  assert.equal((await srv.user("alice", "alice-pw")).name, "alice");
});

serverTest("a name is free again once its user is gone", async (srv) => {
  const a = await srv.user("alice");
  await a.send("(disconnect :id 1)");
  await a.waitClosed();
  await eventually(() => !srv.server.actor.findUser("alice"), "alice is gone");
  const again = await srv.client();
  assert.equal((await again.handshake("alice")).from, "alice");
});
