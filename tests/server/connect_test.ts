/** §4.1: the connection handshake, step by step, over real sockets. */
import assert from "node:assert/strict";
import { isValidName } from "../../protocol/mod.ts";
import { nextId } from "../helpers/raw.ts";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

const connect = (id: number, rest: string) =>
  `(connect :id ${id} :version "2.0" :extensions ()${rest})`;

serverTest("§4.1 steps 9–14: reply, primary join, welcome message, in that order", async (srv) => {
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
  for (const u of [reply, join, welcome]) {
    assert.notEqual(u.id, undefined);
    assert.equal(typeof u.clock, "number");
  }
  assert.ok(srv.server.actor.findUser("alice"));
});

serverTest("§4.1 step 2: incompatible-version lists the compatible versions", async (srv) => {
  const c = await srv.client();
  await c.send('(connect :id 5 :version "3.0" :from "bob" :extensions ())');
  const f = await c.expect("incompatible-version");
  assert.equal(f.id, 5);
  assert.equal(f["update-id"], 5);
  assert.ok((f["compatible-versions"] as string[]).includes("2.0"));
  await c.waitClosed();
});

for (const version of ["1.0", "1.5", "2.0"]) {
  serverTest(`§4.1 step 2: version ${version} is accepted`, async (srv) => {
    const c = await srv.client();
    const reply = await c.handshake(`v${version.replace(".", "")}`, undefined, version);
    assert.equal(reply.type, "connect");
  });
}

serverTest("§4.1 step 3: a missing from gets a random free valid name", async (srv) => {
  const a = await srv.client();
  const b = await srv.client();
  const ra = await a.handshake(undefined);
  const rb = await b.handshake(undefined);
  assert.ok(isValidName(ra.from));
  assert.ok(isValidName(rb.from));
  assert.notEqual(ra.from, rb.from);
  // NIL is the same as missing.
  const c = await srv.client();
  await c.send('(connect :id 9 :version "2.0" :from NIL :extensions ())');
  assert.ok(isValidName((await c.expect("connect")).from));
});

serverTest("§4.1 step 4: a bad name gets bad-name and the connection closes", async (srv) => {
  const c = await srv.client();
  await c.send(connect(7, ' :from " spaced"'));
  const f = await c.expect("bad-name");
  assert.equal(f["update-id"], 7);
  await c.waitClosed();
});

serverTest("§4.1 step 5: a live user's name is taken, case-insensitively", async (srv) => {
  await srv.user("carol");
  const c = await srv.client();
  await c.send(connect(8, ' :from "CAROL"'));
  const f = await c.expect("username-taken");
  assert.equal(f.id, 8);
  assert.equal(f["update-id"], 8);
  await c.waitClosed();
});

serverTest("§4.1 steps 5–7: registered names need the right password", async (srv) => {
  const d = await srv.user("dave");
  await d.send('(register :id 20 :password "secret-pw")');
  await d.expect("register");
  d.close();
  await waitGone(srv.server.actor, "dave");
  // Step 5: no password for a registered name.
  const c1 = await srv.client();
  await c1.send(connect(21, ' :from "dave"'));
  assert.equal((await c1.expect("username-taken"))["update-id"], 21);
  await c1.waitClosed();
  // Step 7: wrong password.
  const c2 = await srv.client();
  await c2.send(connect(22, ' :from "dave" :password "wrong-pw"'));
  assert.equal((await c2.expect("invalid-password"))["update-id"], 22);
  await c2.waitClosed();
  // Success.
  const c3 = await srv.client();
  const reply = await c3.handshake("Dave", "secret-pw");
  assert.equal(reply.from, "dave", "the reply names the user as registered");
});

serverTest("§4.1 step 6: a password for an unregistered name gets no-such-profile", async (srv) => {
  const c = await srv.client();
  await c.send(connect(23, ' :from "erin" :password "whatever1"'));
  assert.equal((await c.expect("no-such-profile"))["update-id"], 23);
  await c.waitClosed();
});

serverTest("§4.1 step 8: too many connections for one user", async (srv) => {
  const a = await srv.user("frank");
  await a.send('(register :id 30 :password "frank-pw")');
  await a.expect("register");
  await srv.user("frank", "frank-pw");
  const c = await srv.client();
  await c.send(connect(31, ' :from "frank" :password "frank-pw"'));
  assert.equal((await c.expect("too-many-connections")).id, 31);
  await c.waitClosed();
}, { maxConnectionsPerUser: 2 });

serverTest("§4.1 step 1: too many connections on the server", async (srv) => {
  await srv.user("g1");
  await srv.user("g2");
  const c = await srv.client();
  await c.expect("too-many-connections");
  await c.waitClosed();
}, { connectionLimit: 2 });

serverTest(
  "§4.1 step 12: a second connection gets joins for every channel, primary first",
  async (srv) => {
    const a = await srv.user("henry");
    await a.send('(register :id 40 :password "henry-pw")');
    await a.expect("register");
    await a.send('(create :id 41 :channel "zeta")');
    await a.expect("join");
    await a.send('(create :id 42 :channel "alpha")');
    await a.expect("join");
    const b = await srv.client();
    await b.send(connect(43, ' :from "henry" :password "henry-pw"'));
    await b.expect("connect");
    const joins = [await b.expect("join"), await b.expect("join"), await b.expect("join")];
    assert.deepEqual(joins.map((j) => j.channel), [SERVER_NAME, "zeta", "alpha"]);
    assert.ok(joins.every((j) => j.from === "henry"));
    await b.expect("message");
    // The first connection sees no new join: the user did not change channels.
    assert.deepEqual((await a.drain(150)).filter((u) => u.type === "join"), []);
  },
);

serverTest("§4.1 step 13: others in the primary channel see a new user join", async (srv) => {
  const a = await srv.user("ivy");
  await srv.user("jack");
  const j = await a.waitFor("join", (u) => u.from === "jack");
  assert.equal(j.channel, SERVER_NAME);
});

serverTest("a second connect on a connection gets already-connected", async (srv) => {
  const a = await srv.user("kate");
  await a.send(connect(50, ' :from "kate"'));
  const f = await a.expect("already-connected");
  assert.equal(f.id, 50);
  assert.equal(f["update-id"], 50);
  // The connection stays usable.
  await a.send("(ping :id 51)");
  assert.equal((await a.expect("pong")).id, 51);
});

serverTest("an update before connect gets a failure and the connection closes", async (srv) => {
  const c = await srv.client();
  await c.send("(ping :id 60)");
  const f = await c.next();
  assert.equal(f.id, 60);
  assert.equal(f["update-id"], 60);
  await c.waitClosed();
});

serverTest(
  "a connection that never connects is dropped after the handshake timeout",
  async (srv) => {
    const c = await srv.client();
    await c.waitClosed(4000);
    assert.equal(srv.server.actor.connections.size, 0);
  },
  { handshakeTimeout: 1 },
);

/** Wait until the actor has let go of a user. */
export async function waitGone(
  actor: { findUser(n: string): unknown },
  name: string,
): Promise<void> {
  for (let i = 0; i < 100 && actor.findUser(name); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(actor.findUser(name), undefined, `${name} is still there`);
}
