/** §5.4.4 kick. */
import assert from "node:assert/strict";
import { quiet, received, room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

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
    await expectFailure(a, "not-in-channel", 15);
  },
);

serverTest("kick: only the registrant may kick by default", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(kick :id 16 :channel "room" :target "alice")');
  await expectFailure(b, "insufficient-permissions", 16);
  assert.deepEqual(await received(a), []);
});

serverTest("kick: the server's own user stays in the primary channel", async (srv) => {
  const root = await srv.admin("root");
  await quiet(root);
  const primary = srv.server.options.name;
  await root.send(`(kick :id 1 :channel "${primary}" :target "${primary}")`);
  await expectFailure(root, "insufficient-permissions", 1);
  assert.ok(srv.server.actor.primary.users.has(srv.server.actor.serverUser));
}, { admins: ["root"] });
