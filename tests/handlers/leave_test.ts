/** §5.4.2 leave. */
import assert from "node:assert/strict";
import { received, room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("leave: the leave reaches everyone including the leaver, then removal", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(leave :id 5 :channel "room")');
  assert.equal((await b.expect("leave")).id, 5);
  assert.equal((await a.expect("leave")).from, "bob");
  await b.send('(leave :id 6 :channel "room")');
  assert.equal((await b.expect("not-in-channel"))["update-id"], 6);
  // A message after leaving no longer reaches bob.
  await a.send('(message :id 7 :channel "room" :text "bye")');
  await a.expect("message");
  assert.deepEqual(await received(b), []);
});

serverTest("leave: the primary channel cannot be left", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(leave :id 8 :channel "TestServer")');
  assert.equal((await a.waitFor("insufficient-permissions"))["update-id"], 8);
});
