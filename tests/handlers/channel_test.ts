/** §5.4: join, leave, pull, kick, message — replies and who receives what. */
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

serverTest(
  "kick: the kick, then a leave for the target, to everyone; target removed",
  async (srv) => {
    const [a, b, c] = await room(srv, "room", "alice", "bob", "carol");
    await a.send('(kick :id 14 :channel "room" :target "bob")');
    for (const x of [a, b, c]) {
      const k = await x.expect("kick");
      assert.equal(k.id, 14);
      assert.equal(k.target, "bob");
      const l = await x.expect("leave");
      assert.equal(l.from, "bob");
      assert.equal(l.channel, "room");
    }
    assert.ok(!srv.server.actor.findChannel("room")!.users.has(srv.server.actor.findUser("bob")!));
    await a.send('(kick :id 15 :channel "room" :target "bob")');
    assert.equal((await a.expect("not-in-channel"))["update-id"], 15);
  },
);

serverTest("kick: only the registrant may kick by default", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(kick :id 16 :channel "room" :target "alice")');
  assert.equal((await b.expect("insufficient-permissions"))["update-id"], 16);
  assert.deepEqual(await received(a), []);
});

serverTest(
  "message: to everyone in the channel incl. the sender and every connection",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await b.send('(register :id 17 :password "bob-pw")');
    await b.expect("register");
    const b2 = await srv.user("bob", "bob-pw");
    const outsider = await srv.user("carol");
    await settle([a, b, b2, outsider]);
    await a.send('(message :id 18 :channel "room" :text "hello")');
    for (const x of [a, b, b2]) {
      const m = await x.expect("message");
      assert.equal(m.id, 18);
      assert.equal(m.text, "hello");
      assert.equal(m.from, "alice");
    }
    assert.deepEqual(await received(outsider), []);
    await outsider.send('(message :id 19 :channel "room" :text "let me in")');
    assert.equal((await outsider.expect("not-in-channel"))["update-id"], 19);
  },
);
