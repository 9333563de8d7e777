/** §5.4.5 message. */
import assert from "node:assert/strict";
import { mixedRoom, quiet, received, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

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
    await expectFailure(outsider, "not-in-channel", 19);
  },
);

for (const workers of [1, 0]) {
  serverTest(
    `message: relayed in the server's own print, over TCP and WebSocket (--workers ${workers})`,
    async (srv) => {
      const [a, b, w] = await mixedRoom(srv);
      // Any case, a package prefix, any order, odd spacing; no from, no clock.
      await a.send('(LICHAT:MESSAGE :TEXT "hé \\"x\\""   :channel "room"\n :ID 40)');
      const want =
        /^\(message :id 40 :clock \d+ :from "alice" :channel "room" :text "hé \\"x\\""\)$/;
      for (const c of [a, b]) {
        await c.waitFor("message", (u) => u.id === 40);
        assert.match(c.texts.at(-1)!, want);
      }
      await w.waitFor("message", (u) => u.id === 40);
      assert.match(w.messages.at(-1)!.replace(/\0$/, ""), want);
    },
    { workers, wsPort: -1 },
  );
}

serverTest(
  "message: sent with from before a password handshake is done, it is relayed whole",
  async (srv) => {
    const [a] = await room(srv, "room", "alice");
    await a.send('(register :id 1 :password "alice-pw")');
    await a.expect("register");
    const text = "long ".repeat(1000);
    const c = await srv.client();
    // The message waits for the password check, then goes out as sent.
    await c.sendRaw(
      '(connect :id 2 :version "2.0" :from "alice" :password "alice-pw" :extensions ())\0' +
        `(message :id 3 :from "alice" :channel "room" :text "${text}")\0`,
    );
    await c.expect("connect");
    assert.equal((await a.waitFor("message", (u) => u.id === 3)).text, text);
  },
  // A slow hash, so that the message surely arrives while the check runs.
  { workers: 1, hashIterations: 400000 },
);

serverTest("message: a user's new connection gets the channel's messages at once", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(register :id 50 :password "bob-pw")');
  await b.expect("register");
  // The channel has been written to (its recipients are known) before b2 comes.
  await a.send('(message :id 51 :channel "room" :text "before")');
  await b.waitFor("message", (u) => u.id === 51);
  const b2 = await srv.user("bob", "bob-pw");
  await settle([a, b, b2]);
  await a.send('(message :id 52 :channel "room" :text "after")');
  assert.equal((await b2.waitFor("message", (u) => u.id === 52)).text, "after");
  b2.close();
  await b2.waitClosed();
  await a.send('(message :id 53 :channel "room" :text "later")');
  assert.equal((await b.waitFor("message", (u) => u.id === 53)).text, "later");
});

for (const workers of [1, 0]) {
  serverTest(`edit: relayed like a message, and backfilled (--workers ${workers})`, async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await b.send('(register :id 60 :password "bob-pw")');
    await b.expect("register");
    await a.send('(message :id 61 :channel "room" :text "helo")');
    await a.send('(shirakumo:edit :id 61 :channel "room" :text "hello")');
    const e = await b.waitFor("shirakumo:edit");
    assert.deepEqual([e.id, e.from, e.text], [61, "alice", "hello"]);
    // Not in the primary channel, by the default rules.
    await a.send(`(shirakumo:edit :id 62 :channel "${srv.server.options.name}" :text "x")`);
    assert.equal((await a.waitFor("insufficient-permissions"))["update-id"], 62);
    const b2 = await srv.user("bob", "bob-pw");
    await quiet(b2);
    await b2.send('(shirakumo:backfill :id 63 :channel "room")');
    assert.equal((await b2.waitFor("shirakumo:edit")).text, "hello");
  }, { workers });
}

serverTest("edit: announced in the connect reply", async (srv) => {
  const c = await srv.client();
  const reply = await c.handshake("alice");
  assert.ok((reply.extensions as string[]).includes("shirakumo-edit"));
});

serverTest("sign: a signed update keeps its clock, and must have from and clock", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const old = 3900000000; // far off: a skewed clock would be corrected
  await a.send(
    `(message :id 1 :clock ${old} :from "alice" :channel "room" :text "hi" shirakumo:signature "c2ln")`,
  );
  const m = await b.waitFor("message", (u) => u.id === 1);
  assert.equal(m.clock, old);
  assert.equal(m["shirakumo:signature"], "c2ln");
  await a.send('(message :id 2 :channel "room" :text "hi" shirakumo:signature "c2ln")');
  assert.equal((await a.waitFor("malformed-update")).id, 2);
  const reply = await (await srv.client()).handshake("carol");
  assert.ok((reply.extensions as string[]).includes("shirakumo-sign"));
}, { clockSkew: 60 });
