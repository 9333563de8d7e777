/** LichatServer.shutdown: every connection gets `disconnect` and is closed; nothing new gets in. */
import assert from "node:assert/strict";
import { nextId, RawClient } from "../helpers/raw.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("shutdown says disconnect to every connection and closes the listener", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(register :id 1 :password "alice-pw")');
  await a.expect("register");
  const a2 = await srv.user("alice", "alice-pw");
  const b = await srv.user("bob");
  const early = await srv.client(); // no handshake yet
  await srv.server.shutdown();
  for (const c of [a, a2, b]) {
    await c.waitFor("disconnect");
    await c.waitClosed();
  }
  await early.waitClosed();
  const actor = srv.server.actor;
  assert.equal(actor.connections.size, 0);
  assert.deepEqual([...actor.users.values()].map((u) => u.name), [srv.server.options.name]);
  await assert.rejects(RawClient.connect(srv.port));
});

serverTest("shutdown does not wait forever for a client that does not read", async (srv) => {
  const talker = await srv.user("talker");
  const sleeper = await srv.user("sleeper");
  await talker.send('(create :id 1 :channel "busy")');
  await talker.waitFor("join", (u) => u.channel === "busy");
  await sleeper.send('(join :id 2 :channel "busy")');
  await sleeper.waitFor("join", (u) => u.channel === "busy");
  sleeper.pauseReading();
  for (let i = 0; i < 100; i++) {
    await talker.send(
      `(message :id ${nextId()} :channel "busy" :text "${"y".repeat(200_000)}")`,
    );
    await talker.waitFor("message");
  }
  await srv.server.shutdown();
  await talker.waitFor("disconnect");
  await talker.waitClosed();
  await sleeper.waitWriteFails();
}, { maxQueue: 1000, floodLimit: 100000 });
