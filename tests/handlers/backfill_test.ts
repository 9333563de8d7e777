/** shirakumo-backfill and shirakumo-typing. */
import assert from "node:assert/strict";
import { quiet, received, room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";
import { backlog } from "../../server/extensions/backfill.ts";

serverTest(
  "backfill: a second connection catches up on what happened since the user joined",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await b.send('(register :id 1 :password "bob-pw")');
    await b.expect("register");
    await a.send('(message :id 2 :channel "room" :text "one")');
    await b.send('(message :id 3 :channel "room" :text "two")');
    await b.waitFor("message", (u) => u.id === 3);
    const b2 = await srv.user("bob", "bob-pw");
    await quiet(b2);
    await b2.send('(shirakumo:backfill :id 4 :channel "room")');
    const got = [];
    for (;;) {
      const u = await b2.next();
      if (u.type === "shirakumo:backfill") {
        assert.equal(u.id, 4, "the request comes back last");
        break;
      }
      got.push(u);
    }
    const messages = got.filter((u) => u.type === "message").map((u) => [u.id, u.text, u.from]);
    assert.deepEqual(messages, [[2, "one", "alice"], [3, "two", "bob"]]);
    assert.ok(!got.some((u) => u.type === "join" && u.from === "bob"), "not the user's own join");
    assert.ok(
      !got.some((u) => u.type === "join" && u.from === "alice"),
      "nothing from before bob joined",
    );
    // `since` cuts older updates off.
    await b2.send(
      `(shirakumo:backfill :id 5 :channel "room" :since ${Number(got.at(-1)!.clock) + 10})`,
    );
    assert.equal((await b2.expect("shirakumo:backfill")).id, 5);
  },
);

serverTest(
  "backfill: not-in-channel for outsiders; the connect reply announces it",
  async (srv) => {
    const [a] = await room(srv, "room", "alice");
    const c = await srv.client();
    const reply = await c.handshake("carol");
    assert.ok((reply.extensions as string[]).includes("shirakumo-backfill"));
    await c.send('(shirakumo:backfill :id 6 :channel "room")');
    await expectFailure(c, "not-in-channel", 6);
    // Alice hears of carol's arrival, and of nothing else.
    assert.deepEqual((await quiet(a)).map((u) => [u.type, u.from]), [["join", "carol"]]);
  },
);

serverTest("backfill: --backlog bounds what a channel keeps", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  for (let i = 0; i < 5; i++) await a.send(`(message :id ${10 + i} :channel "room" :text "m${i}")`);
  await a.waitFor("message", (u) => u.id === 14);
  assert.equal(backlog(srv.server.actor, srv.server.actor.findChannel("room")!).length, 3);
  await a.send('(shirakumo:backfill :id 20 :channel "room")');
  const texts = [];
  for (let u = await a.next(); u.type !== "shirakumo:backfill"; u = await a.next()) {
    texts.push(u.text);
  }
  assert.deepEqual(texts, ["m2", "m3", "m4"]);
}, { backlog: 3 });

serverTest("typing: relayed to the channel's members", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const c = await srv.user("carol");
  await quiet(a);
  await quiet(b);
  await a.send('(shirakumo:typing :id 30 :channel "room")');
  assert.equal((await b.expect("shirakumo:typing")).from, "alice");
  await a.expect("shirakumo:typing");
  assert.deepEqual(await received(c), []);
});

for (const workers of [1, 0]) {
  serverTest(
    `backfill: long data and messages come back whole (--workers ${workers})`,
    async (srv) => {
      const [a, b] = await room(srv, "room", "alice", "bob");
      await b.send('(register :id 1 :password "bob-pw")');
      await b.expect("register");
      const payload = "QUJD".repeat(5000); // longer than what crosses from a worker
      const text = "long ".repeat(1000);
      await a.send(
        `(shirakumo:data :id 2 :channel "room" :content-type "image/png" :payload "${payload}")`,
      );
      await a.send(`(message :id 3 :channel "room" :text "${text}")`);
      assert.equal((await b.waitFor("shirakumo:data")).payload, payload);
      assert.equal((await b.waitFor("message", (u) => u.id === 3)).text, text);
      const b2 = await srv.user("bob", "bob-pw");
      await quiet(b2);
      await b2.send('(shirakumo:backfill :id 4 :channel "room")');
      assert.equal((await b2.waitFor("shirakumo:data")).payload, payload);
      assert.equal((await b2.waitFor("message", (u) => u.id === 3)).text, text);
      assert.equal((await b2.expect("shirakumo:backfill")).id, 4);
    },
    { workers },
  );
}

serverTest("backfill: never the user's own leaves and joins, from before either", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(register :id 1 :password "bob-pw")');
  await b.expect("register");
  await b.send('(leave :id 2 :channel "room")');
  await a.waitFor("leave", (u) => u.from === "bob");
  await a.send('(message :id 3 :channel "room" :text "while bob was out")');
  await b.send('(join :id 4 :channel "room")');
  await a.waitFor("join", (u) => u.from === "bob");
  await a.send('(message :id 5 :channel "room" :text "welcome back")');
  await b.waitFor("message", (u) => u.id === 5);
  await b.send('(shirakumo:backfill :id 6 :channel "room")');
  const got = [];
  for (let u = await b.next(); u.type !== "shirakumo:backfill"; u = await b.next()) got.push(u);
  assert.ok(got.some((u) => u.id === 5), "what came since");
  assert.deepEqual(got.filter((u) => u.from === "bob").map((u) => u.type), [], "nothing of bob's");
});
