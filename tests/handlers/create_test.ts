/** §5.3.1 create. */
import assert from "node:assert/strict";
import { quiet, received } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest(
  "create: a regular channel, the creator joined, join reply with the create's id",
  async (srv) => {
    const a = await srv.user("alice");
    const b = await srv.user("bob");
    await quiet(a);
    await a.send('(create :id 10 :channel "Lobby")');
    const j = await a.expect("join");
    assert.equal(j.id, 10);
    assert.equal(j.channel, "Lobby");
    assert.equal(j.from, "alice");
    const ch = srv.server.actor.findChannel("lobby")!;
    assert.equal(ch.kind, "regular");
    assert.deepEqual([...ch.users].map((u) => u.name), ["alice"]);
    assert.deepEqual(await received(b), [], "others are not told");
  },
);

serverTest("create: an existing name gets channelname-taken, case-insensitively", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(create :id 11 :channel "room")');
  await a.expect("join");
  await a.send('(create :id 12 :channel "ROOM")');
  assert.equal((await a.expect("channelname-taken"))["update-id"], 12);
});

serverTest("create: too-many-channels at the limit", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(create :id 13 :channel "one")');
  await a.expect("join");
  await a.send('(create :id 14 :channel "two")');
  assert.equal((await a.expect("too-many-channels"))["update-id"], 14);
  assert.equal(srv.server.actor.findChannel("two"), undefined);
}, { maxChannelsPerUser: 2 });

serverTest("create: NIL or no channel makes an anonymous channel named @…", async (srv) => {
  const a = await srv.user("alice");
  await a.send("(create :id 15 :channel NIL)");
  const j1 = await a.expect("join");
  await a.send("(create :id 16)");
  const j2 = await a.expect("join");
  for (const j of [j1, j2]) {
    assert.match(j.channel as string, /^@/);
    assert.equal(srv.server.actor.findChannel(j.channel as string)!.kind, "anonymous");
  }
  assert.notEqual(j1.channel, j2.channel);
});
