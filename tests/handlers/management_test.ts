/** shirakumo-server-management: kill, destroy, ban, unban, blacklist, by --admins. */
import assert from "node:assert/strict";
import { room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

const admins = { admins: ["root"] };

serverTest("kill: only admins; the user is disconnected and leaves its channels", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const root = await srv.admin("root");
  await settle([a, b]);
  await a.send('(shirakumo:kill :id 1 :target "bob")');
  await expectFailure(a, "insufficient-permissions", 1);
  await root.send('(shirakumo:kill :id 2 :target "bob")');
  assert.equal((await root.waitFor("shirakumo:kill")).target, "bob");
  await b.waitFor("disconnect");
  await b.waitClosed();
  assert.equal((await a.waitFor("leave", (u) => u.channel === "room")).from, "bob");
  assert.equal(srv.server.actor.findUser("bob"), undefined);
  await root.send('(shirakumo:kill :id 3 :target "nobody")');
  assert.equal((await root.waitFor("no-such-user"))["update-id"], 3);
}, admins);

serverTest(
  "destroy: checked against the primary channel; members are told they left",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    const root = await srv.admin("root");
    await settle([a, b, root]);
    // The channel's own registrant may not: the primary channel's rules decide.
    await a.send('(shirakumo:destroy :id 1 :channel "room")');
    await expectFailure(a, "insufficient-permissions", 1);
    await root.send('(shirakumo:destroy :id 2 :channel "room")');
    assert.equal((await root.expect("shirakumo:destroy")).channel, "room");
    for (const c of [a, b]) {
      const l = await c.expect("leave");
      assert.deepEqual([l.channel, l.from], ["room", c.name]);
    }
    assert.equal(srv.server.actor.findChannel("room"), undefined);
    await root.send('(shirakumo:destroy :id 3 :channel "room")');
    await expectFailure(root, "no-such-channel", 3);
    await root.send(`(shirakumo:destroy :id 4 :channel "${srv.server.options.name}")`);
    await expectFailure(root, "insufficient-permissions", 4);
    // The name is free again.
    await b.send('(create :id 5 :channel "room")');
    assert.equal((await b.expect("join")).channel, "room");
  },
  admins,
);

serverTest("ban, blacklist, unban: a banned name cannot connect", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const root = await srv.admin("root");
  await settle([a, b, root]);
  await root.send('(shirakumo:ban :id 1 :target "Bob")');
  // Its leave from the primary channel comes first (steps 2–3, then 4).
  assert.equal((await root.waitFor("shirakumo:ban")).id, 1);
  await b.waitFor("disconnect");
  await b.waitClosed();
  const again = await srv.client();
  await again.send('(connect :id 2 :version "2.0" :from "BOB" :extensions ())');
  assert.equal((await again.next()).type, "too-many-connections");
  await again.waitClosed();
  await root.send("(shirakumo:blacklist :id 3)");
  assert.deepEqual((await root.expect("shirakumo:blacklist")).target, ["bob"]);
  await a.send("(shirakumo:blacklist :id 4)");
  assert.equal((await a.waitFor("insufficient-permissions"))["update-id"], 4);
  await root.send('(shirakumo:unban :id 5 :target "bob")');
  await root.expect("shirakumo:unban");
  await root.send("(shirakumo:blacklist :id 6)");
  assert.deepEqual((await root.expect("shirakumo:blacklist")).target, []);
  const back = await srv.user("bob");
  assert.equal(back.name, "bob");
}, admins);

serverTest("--admins: the primary channel's registrant rights, grant included", async (srv) => {
  const root = await srv.admin("root");
  const a = await srv.user("alice");
  await settle([root, a]);
  const primary = srv.server.options.name;
  await a.send(`(message :id 1 :channel "${primary}" :text "hi")`);
  await expectFailure(a, "insufficient-permissions", 1);
  await root.send(`(grant :id 2 :channel "${primary}" :target "alice" :update message)`);
  await root.waitFor("grant");
  await a.send(`(message :id 3 :channel "${primary}" :text "hi")`);
  assert.equal((await a.waitFor("message", (u) => u.id === 3)).text, "hi");
}, admins);

serverTest("server management: announced in the connect reply", async (srv) => {
  const reply = await (await srv.client()).handshake("alice");
  assert.ok((reply.extensions as string[]).includes("shirakumo-server-management"));
});
