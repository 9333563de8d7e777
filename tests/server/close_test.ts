/** §4.3: closing connections, by request and by accident. */
import assert from "node:assert/strict";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

serverTest("disconnect: reply with the same id, close, user leaves every channel", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await a.send('(create :id 1 :channel "room")');
  await a.expect("join");
  await b.send('(join :id 2 :channel "room")');
  await b.expect("join");
  await a.waitFor("join", (u) => u.from === "bob" && u.channel === "room");
  await b.send("(disconnect :id 3)");
  assert.equal((await b.expect("disconnect")).id, 3);
  await b.waitClosed();
  const leaves = [
    await a.waitFor("leave", (u) => u.from === "bob"),
    await a.waitFor("leave", (u) => u.from === "bob"),
  ].map((u) => u.channel).sort();
  assert.deepEqual(leaves, [SERVER_NAME, "room"].sort());
  assert.equal(srv.server.actor.findUser("bob"), undefined);
  assert.equal(srv.server.actor.findChannel("room")!.users.size, 1);
});

serverTest("an abrupt close acts like a disconnect for the others", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  b.close();
  const l = await a.waitFor("leave", (u) => u.from === "bob");
  assert.equal(l.channel, SERVER_NAME);
  assert.equal(srv.server.actor.findUser("bob"), undefined);
  assert.equal(srv.server.actor.connections.size, 1);
});

serverTest("a user with two connections stays until the last one goes", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(register :id 1 :password "alice-pw")');
  await a.expect("register");
  const a2 = await srv.user("alice", "alice-pw");
  const watcher = await srv.user("watcher");
  a.close();
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(srv.server.actor.findUser("alice"));
  assert.equal(srv.server.actor.findUser("alice")!.connections.size, 1);
  assert.deepEqual((await watcher.drain(50)).filter((u) => u.type === "leave"), []);
  await a2.send("(disconnect :id 2)");
  await a2.waitFor("disconnect");
  await watcher.waitFor("leave", (u) => u.from === "alice");
  assert.equal(srv.server.actor.findUser("alice"), undefined);
});
