/** §4.1: the connection handshake, step by step, over real sockets. */
import assert from "node:assert/strict";
import { isValidName } from "../../protocol/mod.ts";
import { assertFailure, expectFailure } from "../helpers/failures.ts";
import { nextId, type RawClient } from "../helpers/raw.ts";
import { eventually, SERVER_NAME, serverTest, type TestServer } from "../helpers/server.ts";
import { quiet } from "../helpers/scene.ts";

/** A connect update's text with `rest` appended (e.g. ` :from "x"`). */
const connect = (id: number, rest: string, version = "2.0") =>
  `(connect :id ${id} :version "${version}" :extensions ()${rest})`;

/** Connect `name`, register it with `password`, and keep the connection. */
async function registered(srv: TestServer, name: string, password: string): Promise<RawClient> {
  const c = await srv.user(name);
  const id = nextId();
  await c.send(`(register :id ${id} :password "${password}")`);
  assert.equal((await c.expect("register")).id, id);
  return c;
}

/** Wait until the actor has let go of a user. */
const waitGone = (srv: TestServer, name: string) =>
  eventually(() => !srv.server.actor.findUser(name), `${name} is gone`);

/** Send `text` on a fresh connection and expect the failure `type` for `id`, then the close. */
async function refused(srv: TestServer, text: string, type: string, id: number): Promise<void> {
  const c = await srv.client();
  await c.send(text);
  await expectFailure(c, type, id);
  await c.waitClosed();
  assert.deepEqual(c.pending, [], "nothing after the failure");
}

serverTest("steps 9–14: the reply first, then the primary join, then the welcome", async (srv) => {
  const c = await srv.client();
  const id = nextId();
  await c.send(connect(id, ' :from "Alice"'));
  const reply = await c.expect("connect");
  assert.equal(reply.id, id);
  assert.equal(reply.from, "Alice");
  assert.equal(reply.version, "2.0");
  assert.ok(Array.isArray(reply.extensions));
  const join = await c.expect("join");
  assert.equal(join.from, "Alice");
  assert.equal(join.channel, SERVER_NAME);
  const welcome = await c.expect("message");
  assert.equal(welcome.from, SERVER_NAME);
  assert.equal(welcome.channel, SERVER_NAME);
  assert.equal(typeof welcome.text, "string");
  // Steps 9–10: the user exists, holds this connection, inhabits the primary channel.
  const user = srv.server.actor.findUser("alice")!;
  assert.equal(user.name, "Alice");
  assert.equal(user.connections.size, 1);
  assert.deepEqual([...user.channels].map((ch) => ch.name), [SERVER_NAME]);
  assert.ok(srv.server.actor.primary.users.has(user));
});

serverTest("step 1: too many connections on the server", async (srv) => {
  const a = await srv.user("g1");
  // A socket that has not connected yet counts too.
  const idle = await srv.client();
  const c = await srv.client();
  const f = await expectFailure(c, "too-many-connections");
  assert.equal(f["update-id"], undefined, "there was no request to refer to");
  await c.waitClosed();
  // Those already in are untouched.
  await a.send("(ping :id 1)");
  assert.equal((await a.expect("pong")).id, 1);
  await idle.send(connect(2, ' :from "g2"'));
  assert.equal((await idle.expect("connect")).from, "g2");
  // Room again once someone leaves.
  await a.send("(disconnect :id 3)");
  await a.waitClosed();
  await waitGone(srv, "g1");
  const d = await srv.client();
  assert.equal((await d.handshake("g3")).from, "g3");
  assert.equal(srv.server.actor.connections.size, 2);
}, { connectionLimit: 2 });

serverTest("step 2: incompatible-version, with the compatible versions", async (srv) => {
  const c = await srv.client();
  await c.send(connect(5, ' :from "bob"', "3.0"));
  const f = await expectFailure(c, "incompatible-version", 5);
  const versions = f["compatible-versions"] as string[];
  for (const v of ["1.0", "1.5", "2.0"]) assert.ok(versions.includes(v), v);
  await c.waitClosed();
  assert.equal(srv.server.actor.findUser("bob"), undefined);
});

serverTest("step 2: versions 1.0, 1.5 and 2.0 are accepted", async (srv) => {
  for (const version of ["1.0", "1.5", "2.0"]) {
    const c = await srv.client();
    const reply = await c.handshake(`v${version}`, undefined, version);
    assert.equal(reply.type, "connect");
    assert.equal(reply.from, `v${version}`);
  }
});

serverTest("step 3: a missing or NIL from gets a random, free, valid name", async (srv) => {
  const names: string[] = [];
  for (const rest of ["", " :from NIL"]) {
    const c = await srv.client();
    const id = nextId();
    await c.send(connect(id, rest));
    const reply = await c.expect("connect");
    assert.equal(reply.id, id);
    const name = reply.from as string;
    assert.ok(isValidName(name), name);
    // The server uses that name from now on.
    assert.equal((await c.expect("join")).from, name);
    await c.expect("message");
    assert.equal(srv.server.actor.findUser(name)!.name, name);
    await c.send("(ping :id 1)");
    assert.equal((await c.expect("pong")).id, 1);
    names.push(name);
  }
  assert.notEqual(names[0], names[1]);
});

serverTest("step 4: an invalid name gets bad-name and the connection closes", async (srv) => {
  const bad = [" spaced", "trailing ", "two  spaces", "", "x".repeat(33), "tab\there"];
  for (const name of bad) {
    const id = nextId();
    await refused(srv, connect(id, ` :from "${name}"`), "bad-name", id);
  }
  assert.equal(srv.server.actor.connections.size, 0);
  assert.equal(srv.server.actor.users.size, 1, "only the server's user");
});

serverTest("step 5: a live user's name is taken, case-insensitively", async (srv) => {
  await srv.user("carol");
  await refused(srv, connect(8, ' :from "CAROL"'), "username-taken", 8);
  // The server's own user is live too.
  await refused(srv, connect(9, ` :from "${SERVER_NAME.toLowerCase()}"`), "username-taken", 9);
});

serverTest("steps 5–7: a registered name needs the right password", async (srv) => {
  const d = await registered(srv, "dave", "secret-pw");
  d.close();
  await waitGone(srv, "dave");
  assert.ok(srv.server.actor.profiles.size > 0);
  // Step 5: no password for a registered name.
  await refused(srv, connect(21, ' :from "dave"'), "username-taken", 21);
  // Step 7: a wrong password.
  await refused(srv, connect(22, ' :from "DAVE" :password "wrong-pw"'), "invalid-password", 22);
  assert.equal(srv.server.actor.findUser("dave"), undefined);
  // The right one; the reply names the user as registered.
  const c = await srv.client();
  const reply = await c.handshake("Dave", "secret-pw");
  assert.equal(reply.from, "dave");
  assert.equal(srv.server.actor.findUser("dave")!.connections.size, 1);
});

serverTest("step 6: a password for an unregistered name gets no-such-profile", async (srv) => {
  await refused(srv, connect(23, ' :from "erin" :password "whatever1"'), "no-such-profile", 23);
  // Also when the name is in use but not registered.
  await srv.user("fred");
  await refused(srv, connect(24, ' :from "fred" :password "whatever1"'), "no-such-profile", 24);
});

serverTest("step 8: too many connections for one user", async (srv) => {
  const a = await registered(srv, "frank", "frank-pw");
  const b = await srv.user("frank", "frank-pw");
  await refused(
    srv,
    connect(31, ' :from "frank" :password "frank-pw"'),
    "too-many-connections",
    31,
  );
  assert.equal(srv.server.actor.findUser("frank")!.connections.size, 2);
  for (const c of [a, b]) {
    const id = nextId();
    await c.send(`(ping :id ${id})`);
    assert.equal((await c.waitFor("pong")).id, id);
  }
}, { maxConnectionsPerUser: 2 });

serverTest("step 12: a second connection gets a join per channel, primary first", async (srv) => {
  const a = await registered(srv, "henry", "henry-pw");
  await a.send('(create :id 41 :channel "zeta")');
  await a.expect("join");
  await a.send('(create :id 42 :channel "alpha")');
  await a.expect("join");
  const b = await srv.client();
  await b.send(connect(43, ' :from "henry" :password "henry-pw"'));
  assert.equal((await b.expect("connect")).id, 43);
  const joins = [await b.expect("join"), await b.expect("join"), await b.expect("join")];
  assert.deepEqual(joins.map((j) => j.channel), [SERVER_NAME, "zeta", "alpha"]);
  assert.ok(joins.every((j) => j.from === "henry"));
  const welcome = await b.expect("message");
  assert.equal(welcome.from, SERVER_NAME);
  assert.equal(welcome.channel, SERVER_NAME);
  // The first connection sees no new join: the user did not change channels.
  assert.deepEqual((await quiet(a)).filter((u) => u.type === "join"), []);
  assert.equal(srv.server.actor.findUser("henry")!.connections.size, 2);
});

serverTest("step 13: a new user joins the primary channel, and others see it", async (srv) => {
  const a = await srv.user("ivy");
  await srv.user("jack");
  const j = await a.waitFor("join", (u) => u.from === "jack");
  assert.equal(j.channel, SERVER_NAME);
  assert.deepEqual(
    [...srv.server.actor.primary.users].map((u) => u.name).sort(),
    ["ivy", "jack", SERVER_NAME].sort(),
  );
});

serverTest("updates sent along with connect are handled after it, in order", async (srv) => {
  await registered(srv, "kim", "kim-pw");
  // Without a password, and with one (checked off the actor, so the rest waits).
  const logins = { lee: ' :from "lee"', kim: ' :from "kim" :password "kim-pw"' };
  for (const [name, rest] of Object.entries(logins)) {
    const c = await srv.client();
    await c.sendRaw(`${connect(1, rest)}\0(ping :id 2)\0(create :id 3 :channel "${name}'s")\0`);
    assert.equal((await c.expect("connect")).id, 1);
    assert.equal((await c.expect("join")).channel, SERVER_NAME);
    await c.expect("message");
    assert.equal((await c.expect("pong")).id, 2);
    const join = await c.expect("join");
    assert.equal(join.id, 3);
    assert.equal(join.channel, `${name}'s`);
  }
});

serverTest("a failed login drops the updates sent along with it", async (srv) => {
  const k = await registered(srv, "kim", "kim-pw");
  const c = await srv.client();
  await c.sendRaw(`${connect(1, ' :from "kim" :password "bad-pw"')}\0(ping :id 2)\0`);
  await expectFailure(c, "invalid-password", 1);
  await c.waitClosed();
  assert.deepEqual(c.pending, []);
  assert.equal(srv.server.actor.findUser("kim")!.connections.size, 1);
  await k.send("(ping :id 3)");
  assert.equal((await k.expect("pong")).id, 3);
});

serverTest("a second connect gets already-connected; the connection goes on", async (srv) => {
  const a = await srv.user("kate");
  await a.send(connect(50, ' :from "kate"'));
  await expectFailure(a, "already-connected", 50);
  // Even under another name: nothing changes.
  await a.send(connect(51, ' :from "other"'));
  await expectFailure(a, "already-connected", 51);
  assert.equal(srv.server.actor.findUser("other"), undefined);
  await a.send("(ping :id 52)");
  assert.equal((await a.expect("pong")).id, 52);
});

serverTest("a first update that is not connect gets a failure and the close", async (srv) => {
  await refused(srv, "(ping :id 60)", "invalid-update", 60);
  await refused(srv, '(join :id 61 :channel "x")', "invalid-update", 61);
  // Unreadable is no better.
  const c = await srv.client();
  await c.send("(connect :id 62");
  assertFailure(await c.next(), "malformed-update");
  await c.waitClosed();
  assert.equal(srv.server.actor.connections.size, 0);
  assert.equal(srv.server.actor.users.size, 1);
});

serverTest(
  "a connection that does not connect is dropped after the handshake timeout",
  async (srv) => {
    const user = await srv.user("early");
    const silent = await srv.client();
    const partial = await srv.client();
    await partial.sendRaw('(connect :id 1 :version "2.0"'); // never finished
    await eventually(() => srv.server.actor.connections.size === 3, "both are accepted");
    srv.clock.advance(999);
    assert.equal(srv.server.actor.connections.size, 3, "within the timeout");
    srv.clock.advance(1);
    await silent.waitClosed();
    await partial.waitClosed();
    assert.equal(srv.server.actor.connections.size, 1);
    // A connected user is not subject to it.
    await user.send("(ping :id 2)");
    assert.equal((await user.expect("pong")).id, 2);
  },
  { handshakeTimeout: 1 },
);
