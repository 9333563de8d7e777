/** Slow readers: dropped when their queue is full, their sockets closed, others unharmed. */
import assert from "node:assert/strict";
import { nextId, type RawClient } from "../helpers/raw.ts";
import { eventually, serverTest, type TestServer } from "../helpers/server.ts";

/** talker creates "busy"; the others join it; returns them in order. */
async function busy(srv: TestServer, ...names: string[]): Promise<RawClient[]> {
  const talker = await srv.user("talker");
  await talker.send('(create :id 1 :channel "busy")');
  await talker.expect("join");
  const rest: RawClient[] = [];
  for (const n of names) {
    const c = await srv.user(n);
    await c.send('(join :id 2 :channel "busy")');
    await c.waitFor("join", (u) => u.channel === "busy");
    rest.push(c);
  }
  return [talker, ...rest];
}

/** A message for "busy" of about `size` bytes. */
const big = (size: number) =>
  `(message :id ${nextId()} :channel "busy" :text "${"y".repeat(size)}")`;

serverTest("a client that stops reading is dropped when its queue is full", async (srv) => {
  const [talker, listener, sleeper] = await busy(srv, "listener", "sleeper");
  // The sleeper stops reading: the socket buffers fill, then its queue.
  sleeper.pauseReading();
  let sent = 0;
  // At most 64 MB, far more than any socket buffers.
  for (; sent < 320 && srv.server.actor.findUser("sleeper"); sent++) {
    await talker.send(big(200_000));
    await talker.waitFor("message");
    await listener.waitFor("message");
  }
  assert.equal(srv.server.actor.findUser("sleeper"), undefined, `not dropped after ${sent}`);
  // The others see it leave, and its socket is closed (not left to hang).
  await listener.waitFor("leave", (u) => u.from === "sleeper" && u.channel === "busy");
  await sleeper.waitWriteFails();
  assert.equal(srv.server.actor.connections.size, 2);
  // The others are fine.
  await talker.send(`(message :id ${nextId()} :channel "busy" :text "after")`);
  assert.equal((await listener.waitFor("message")).text, "after");
}, { maxQueue: 8, floodLimit: 100000 });

/**
 * A "sleeper" that stops reading until its socket buffers are full (staying
 * under its queue limit), then disconnects: the reply cannot be written.
 * Resolves once the server has let it leave.
 */
async function stuckDisconnect(srv: TestServer): Promise<RawClient> {
  const [talker, sleeper] = await busy(srv, "sleeper");
  sleeper.pauseReading();
  for (let i = 0; i < 100; i++) {
    await talker.send(big(200_000));
    await talker.waitFor("message");
  }
  await sleeper.send("(disconnect :id 3)");
  await talker.waitFor("leave", (u) => u.from === "sleeper");
  return sleeper;
}

serverTest("a closing connection that does not read still gets its socket closed", async (srv) => {
  const sleeper = await stuckDisconnect(srv);
  await sleeper.waitWriteFails();
  await eventually(() => srv.server.actor.connections.size === 1, "one connection left");
}, { maxQueue: 1000, floodLimit: 100000 });

serverTest(
  "--close-timeout is how long a closing connection's stuck write may take",
  async (srv) => {
    const sleeper = await stuckDisconnect(srv);
    const left = Date.now();
    // Still open well inside the three seconds, closed soon after them.
    await assert.rejects(sleeper.waitWriteFails(1500), /still accepts writes/);
    await sleeper.waitWriteFails(4000);
    assert.ok(Date.now() - left >= 1500);
  },
  { maxQueue: 1000, floodLimit: 100000, closeTimeout: 3 },
);
