/** §5.4.3 pull. */
import assert from "node:assert/strict";
import { received, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("pull: the target joins with the pull's id; failures of each step", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const c = await srv.user("carol");
  const d = await srv.user("dan");
  await settle([a, b, c, d]);
  // Step 1: the puller must be in the channel.
  await d.send('(pull :id 9 :channel "room" :target "carol")');
  assert.equal((await d.expect("not-in-channel"))["update-id"], 9);
  // Steps 4–5.
  await b.send('(pull :id 10 :channel "room" :target "carol")');
  for (const x of [a, b, c]) {
    const j = await x.expect("join");
    assert.equal(j.id, 10);
    assert.equal(j.from, "carol");
    assert.equal(j.channel, "room");
  }
  assert.deepEqual(await received(d), []);
  // Step 2.
  await b.send('(pull :id 11 :channel "room" :target "carol")');
  assert.equal((await b.expect("already-in-channel"))["update-id"], 11);
});

serverTest("pull: too-many-channels for the target", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  const b = await srv.user("bob");
  await b.send('(create :id 12 :channel "bobs")');
  await b.expect("join");
  await settle([a, b]);
  await a.send('(pull :id 13 :channel "room" :target "bob")');
  assert.equal((await a.expect("too-many-channels"))["update-id"], 13);
}, { maxChannelsPerUser: 2 });
