/** §5.4.1 join: replies and who receives what. */
import assert from "node:assert/strict";
import { received, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("join: distributed to everyone in the channel, not outside", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  const b = await srv.user("bob");
  const outsider = await srv.user("carol");
  await settle([a, b, outsider]);
  await b.send('(join :id 1 :channel "room")');
  const jb = await b.expect("join");
  assert.equal(jb.id, 1);
  const ja = await a.expect("join");
  assert.equal(ja.from, "bob");
  assert.deepEqual(await received(outsider), []);
});

serverTest("join: already-in-channel, and too-many-channels", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(join :id 2 :channel "room")');
  assert.equal((await b.expect("already-in-channel"))["update-id"], 2);
  await a.send('(create :id 3 :channel "other")');
  await a.expect("join");
  await b.send('(create :id 31 :channel "bobs")');
  await b.expect("join");
  await b.send('(join :id 4 :channel "other")');
  assert.equal((await b.expect("too-many-channels"))["update-id"], 4);
}, { maxChannelsPerUser: 3 });
