/** §4.2: pings both ways, the idle timeout, flood control, clock skew. */
import assert from "node:assert/strict";
import { universalTime } from "../../protocol/mod.ts";
import { expectFailure } from "../helpers/failures.ts";
import { eventually, SERVER_NAME, serverTest } from "../helpers/server.ts";

/** `n` pings with ids `from`…, as one write. */
const pings = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `(ping :id ${from + i})\0`).join("");

serverTest("a client's ping gets a pong with the same id", async (srv) => {
  const a = await srv.user("alice");
  await a.send("(ping :id 77)");
  const p = await a.expect("pong");
  assert.equal(p.id, 77);
  assert.equal(p.from, SERVER_NAME);
  // Without a clock, too (§3: the server substitutes it).
  await a.send(`(ping :id 78 :clock ${universalTime()})`);
  assert.equal((await a.expect("pong")).id, 78);
});

serverTest(
  "the server pings a silent connection, then drops it with connection-unstable",
  async (srv) => {
    const a = await srv.user("alice");
    const watcher = await srv.user("watcher");
    await a.waitFor("join", (u) => u.from === "watcher");
    srv.clock.advance(1000);
    const ping = await a.expect("ping");
    assert.equal(ping.from, SERVER_NAME);
    // The watcher speaks up, so it outlives alice.
    await watcher.send("(ping :id 1)");
    await watcher.waitFor("pong");
    srv.clock.advance(1000);
    await expectFailure(a, "connection-unstable", undefined);
    await a.expect("disconnect");
    await a.waitClosed();
    const leave = await watcher.waitFor("leave", (u) => u.from === "alice");
    assert.equal(leave.channel, SERVER_NAME);
    assert.equal(srv.server.actor.findUser("alice"), undefined);
  },
  { pingInterval: 1, idleTimeout: 2 },
);

serverTest("answering the server's ping keeps a connection past the idle timeout", async (srv) => {
  const a = await srv.user("alice");
  srv.clock.advance(1000);
  const ping = await a.expect("ping");
  await a.send(`(pong :id ${ping.id})`);
  await a.send("(ping :id 5)");
  assert.equal((await a.expect("pong")).id, 5); // so the pong, before it, was read
  // Unanswered, the ping would cost the connection at this sweep.
  srv.clock.advance(1000);
  assert.equal(srv.server.actor.findUser("alice")!.connections.size, 1);
  assert.equal((await a.expect("ping")).from, SERVER_NAME, "the next ping");
}, { pingInterval: 1, idleTimeout: 2 });

serverTest("a flood gets too-many-updates once, and the excess is dropped", async (srv) => {
  const a = await srv.user("alice");
  // The connect was the first update of the window: 4 more fit in it.
  await a.sendRaw(pings(1, 8));
  for (let id = 1; id <= 4; id++) assert.equal((await a.expect("pong")).id, id);
  await expectFailure(a, "too-many-updates", 5);
  // A barrier ping would be dropped as well (the window is full): wait instead.
  assert.deepEqual(await a.drain(150), [], "pings 6–8 are dropped without a word");
  assert.equal(a.closed, false);
  assert.ok(srv.server.actor.findUser("alice"));
}, { floodLimit: 5, floodFrame: 60 });

serverTest("the throttle lifts when the flood window ends", async (srv) => {
  const a = await srv.user("alice");
  await a.sendRaw(pings(1, 6));
  for (let id = 1; id <= 4; id++) assert.equal((await a.expect("pong")).id, id);
  await expectFailure(a, "too-many-updates", 5);
  srv.clock.advance(1000);
  await a.send("(ping :id 10)");
  assert.equal((await a.expect("pong")).id, 10);
}, { floodLimit: 5, floodFrame: 1 });

serverTest("a flood that goes on to twice the limit closes the connection", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await a.waitFor("join", (u) => u.from === "bob");
  await a.sendRaw(pings(1, 20));
  for (let id = 1; id <= 4; id++) assert.equal((await a.expect("pong")).id, id);
  await expectFailure(a, "too-many-updates", 5);
  await a.expect("disconnect");
  await a.waitClosed();
  assert.equal((await b.waitFor("leave", (u) => u.from === "alice")).channel, SERVER_NAME);
  assert.equal(srv.server.actor.findUser("alice"), undefined);
  // Others are untouched.
  await b.send("(ping :id 99)");
  assert.equal((await b.expect("pong")).id, 99);
}, { floodLimit: 5, floodFrame: 60 });

serverTest("a skewed clock gets clock-skewed, and the update goes through", async (srv) => {
  const a = await srv.user("alice");
  for (const [id, skew] of [[5, -3600], [6, 3600]]) {
    await a.send(`(ping :id ${id} :clock ${universalTime() + skew})`);
    await expectFailure(a, "clock-skewed", id);
    assert.equal((await a.expect("pong")).id, id);
  }
  await a.send(`(ping :id 7 :clock ${universalTime()})`);
  assert.equal((await a.expect("pong")).id, 7);
  // The server corrects the timestamp of what it passes on.
  await a.send('(create :id 8 :channel "room")');
  await a.expect("join");
  await a.send(`(message :id 9 :channel "room" :text "hi" :clock ${universalTime() - 3600})`);
  await expectFailure(a, "clock-skewed", 9);
  const m = await a.expect("message");
  assert.equal(m.id, 9);
  assert.ok(Math.abs(Number(m.clock) - universalTime()) < 60, `clock ${m.clock}`);
}, { clockSkew: 60 });

serverTest("a skewed clock on connect does not stop the handshake", async (srv) => {
  const c = await srv.client();
  await c.send('(connect :id 1 :version "2.0" :from "eve" :extensions () :clock 5)');
  await expectFailure(c, "clock-skewed", 1);
  assert.equal((await c.expect("connect")).from, "eve");
  await eventually(() => srv.server.actor.findUser("eve") !== undefined, "eve is connected");
}, { clockSkew: 60 });
