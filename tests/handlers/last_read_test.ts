/** shirakumo-last-read: a registered user's read mark per channel, across connections. */
import assert from "node:assert/strict";
import { received, registeredOwner, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("last-read: starts at the join, is set for every connection, read back", async (srv) => {
  const a = await registeredOwner(srv);
  const b = await srv.user("bob");
  await b.send('(join :id 3 :channel "room")');
  await b.waitFor("join", (u) => u.channel === "room");
  const a2 = await srv.user("alice", "alice-pw");
  await settle([a, a2, b]);
  // Unset till now: the join that brought alice in.
  await a2.send('(shirakumo:last-read :id 4 :channel "room")');
  const first = await a2.expect("shirakumo:last-read");
  assert.deepEqual([first.id, first.target, first["update-id"]], [4, "alice", 2]);
  assert.deepEqual(await received(a), [], "a question goes to the asking connection only");
  await b.send('(message :id 7 :channel "room" :text "news")');
  await a.waitFor("message");
  await a2.waitFor("message");
  await a.send('(shirakumo:last-read :id 5 :channel "room" :target "bob" :update-id 7)');
  for (const c of [a, a2]) {
    const set = await c.expect("shirakumo:last-read");
    assert.deepEqual([set.id, set.target, set["update-id"]], [5, "bob", 7]);
  }
  await a2.send('(shirakumo:last-read :id 6 :channel "room")');
  const now = await a2.expect("shirakumo:last-read");
  assert.deepEqual([now.id, now.target, now["update-id"]], [6, "bob", 7]);
  // Unregistered users have no mark.
  await b.send('(shirakumo:last-read :id 8 :channel "room")');
  assert.equal((await b.waitFor("no-such-profile"))["update-id"], 8);
});

serverTest("last-read: announced in the connect reply", async (srv) => {
  const reply = await (await srv.client()).handshake("alice");
  assert.ok((reply.extensions as string[]).includes("shirakumo-last-read"));
});
