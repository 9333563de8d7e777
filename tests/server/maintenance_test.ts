/** §4.2: pings both ways, idle timeout, flood control, clock skew. */
import assert from "node:assert/strict";
import { universalTime } from "../../protocol/mod.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("a client's ping gets a pong with the same id", async (srv) => {
  const a = await srv.user("alice");
  await a.send("(ping :id 77)");
  const p = await a.expect("pong");
  assert.equal(p.id, 77);
});

serverTest(
  "the server pings a silent connection and drops it with connection-unstable",
  async (srv) => {
    const a = await srv.user("alice");
    const ping = await a.expect("ping", 3000);
    assert.notEqual(ping.id, undefined);
    const f = await a.expect("connection-unstable", 3000);
    assert.equal(typeof f.text, "string");
    await a.expect("disconnect");
    await a.waitClosed();
    assert.equal(srv.server.actor.findUser("alice"), undefined);
  },
  { pingInterval: 1, idleTimeout: 2 },
);

serverTest("answering pings keeps a connection alive", async (srv) => {
  const a = await srv.user("alice");
  for (let i = 0; i < 2; i++) {
    const ping = await a.expect("ping", 3000);
    await a.send(`(pong :id ${ping.id})`);
  }
  assert.equal(a.closed, false);
  assert.ok(srv.server.actor.findUser("alice"));
}, { pingInterval: 1, idleTimeout: 2 });

serverTest("flooding gets too-many-updates once, then updates are dropped", async (srv) => {
  const a = await srv.user("alice");
  let batch = "";
  for (let i = 1; i <= 8; i++) batch += `(ping :id ${i})\0`;
  await a.sendRaw(batch);
  const got = await a.drain(300);
  const pongs = got.filter((u) => u.type === "pong");
  const warnings = got.filter((u) => u.type === "too-many-updates");
  // The connect counted as one update of the window.
  assert.equal(pongs.length, 4);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]["update-id"], 5);
  assert.equal(a.closed, false);
}, { floodLimit: 5, floodFrame: 60 });

serverTest("a flood that goes on to twice the limit closes the connection", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  let batch = "";
  for (let i = 1; i <= 20; i++) batch += `(ping :id ${i})\0`;
  await a.sendRaw(batch);
  await a.waitFor("disconnect");
  await a.waitClosed();
  // Others are untouched.
  await b.send("(ping :id 99)");
  assert.equal((await b.waitFor("pong")).id, 99);
}, { floodLimit: 5, floodFrame: 60 });

serverTest("a skewed clock gets clock-skewed and the update still goes through", async (srv) => {
  const a = await srv.user("alice");
  await a.send(`(ping :id 5 :clock ${universalTime() - 3600})`);
  const f = await a.expect("clock-skewed");
  assert.equal(f["update-id"], 5);
  assert.equal((await a.expect("pong")).id, 5);
  await a.send(`(ping :id 6 :clock ${universalTime()})`);
  assert.equal((await a.expect("pong")).id, 6);
}, { clockSkew: 60 });
