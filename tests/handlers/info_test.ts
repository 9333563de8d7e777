/** §5.5: channels, users, user-info, capabilities, server-info. */
import assert from "node:assert/strict";
import { isSym, type Sym, type Update, type Value } from "../../protocol/mod.ts";
import { room, settle } from "../helpers/scene.ts";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

serverTest("channels: every channel the asker may list, anonymous ones hidden", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  const b = await srv.user("bob");
  await b.send("(create :id 1)");
  const anon = (await b.waitFor("join")).channel as string;
  await settle([a, b]);
  await a.send("(channels :id 2)");
  const r = await a.expect("channels");
  assert.equal(r.id, 2);
  assert.deepEqual([...(r.channels as string[])].sort(), [SERVER_NAME, "room"].sort());
  await b.send("(channels :id 3)");
  assert.ok(!((await b.expect("channels")).channels as string[]).includes(anon));
  // A channel whose rule denies listing is left out.
  await a.send('(permissions :id 4 :channel "room" :permissions ((channels (- "bob"))))');
  await a.expect("permissions");
  await b.send("(channels :id 5)");
  assert.deepEqual((await b.expect("channels")).channels, [SERVER_NAME]);
});

serverTest("users: the channel's users; not-in-channel for outsiders", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const c = await srv.user("carol");
  await settle([a, b, c]);
  await a.send('(users :id 6 :channel "room")');
  const r = await a.expect("users");
  assert.equal(r.id, 6);
  assert.deepEqual([...(r.users as string[])].sort(), ["alice", "bob"]);
  await c.send('(users :id 7 :channel "room")');
  assert.equal((await c.expect("not-in-channel"))["update-id"], 7);
});

serverTest("user-info: connections and registered", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(register :id 8 :password "alice-pw")');
  await a.expect("register");
  await srv.user("alice", "alice-pw");
  const b = await srv.user("bob");
  await settle([a, b]);
  await b.send('(user-info :id 9 :target "ALICE")');
  const r = await b.expect("user-info");
  assert.equal(r.id, 9);
  assert.equal(r.target, "alice");
  assert.equal(r.connections, 2);
  assert.ok(isSym(r.registered) && r.registered.name === "t");
  await a.send('(user-info :id 10 :target "bob")');
  const r2 = await a.waitFor("user-info");
  assert.equal(r2.connections, 1);
  assert.equal(r2.registered, undefined, "NIL is left out");
});

serverTest(
  "capabilities: what the user may send, different for creator and others",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    const names = (u: Update) => (u.permitted as readonly Sym[]).map((s) => s.name);
    await a.send('(capabilities :id 11 :channel "room")');
    const ra = names(await a.expect("capabilities"));
    await b.send('(capabilities :id 12 :channel "room")');
    const rb = names(await b.expect("capabilities"));
    for (const t of ["message", "join", "leave", "users"]) {
      assert.ok(ra.includes(t) && rb.includes(t), t);
    }
    for (const t of ["kick", "permissions", "grant", "deny"]) {
      assert.ok(ra.includes(t), t);
      assert.ok(!rb.includes(t), t);
    }
    const c = await srv.user("carol");
    await c.send('(capabilities :id 13 :channel "room")');
    assert.equal((await c.expect("not-in-channel"))["update-id"], 13);
  },
);

serverTest(
  "server-info: attributes and per-connection data (for the server's user)",
  async (srv) => {
    const a = await srv.user("alice");
    await a.send('(register :id 14 :password "alice-pw")');
    await a.expect("register");
    await a.send('(create :id 15 :channel "room")');
    await a.expect("join");
    // server-info is private: by default only the server's user may ask.
    await a.send('(server-info :id 16 :target "alice" :attributes () :connections ())');
    assert.equal((await a.expect("insufficient-permissions"))["update-id"], 16);
    await a.send(`(grant :id 17 :channel "${SERVER_NAME}" :target "alice" :update server-info)`);
    await a.expect("insufficient-permissions");
    // The operator grants it (here through the actor, as an admin tool would).
    srv.server.actor.primary.permissions.delete("server-info");
    await a.send('(server-info :id 18 :target "alice" :attributes () :connections ())');
    const r = await a.expect("server-info");
    assert.equal(r.id, 18);
    const attrs = new Map(
      (r.attributes as Value[][]).map(([k, v]) => [(k as { name: string }).name, v]),
    );
    assert.deepEqual(attrs.get("channels"), [SERVER_NAME, "room"]);
    assert.equal(typeof attrs.get("registered-on"), "number");
    const conns = r.connections as Value[][][];
    assert.equal(conns.length, 1);
    const c0 = new Map(conns[0].map(([k, v]) => [(k as { name: string }).name, v]));
    assert.equal(typeof c0.get("connected-on"), "number");
    assert.equal(c0.get("transport"), "tcp");
    assert.match(c0.get("ip") as string, /^127\.0\.0\.1:\d+$/);
  },
);
