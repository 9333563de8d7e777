/** Resource limits: slow readers are dropped, memory stays bounded. */
import assert from "node:assert/strict";
import { nextId } from "../helpers/raw.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("a client that stops reading is dropped when its queue is full", async (srv) => {
  const talker = await srv.user("talker");
  const listener = await srv.user("listener");
  const sleeper = await srv.client();
  await sleeper.handshake("sleeper");
  await talker.send('(create :id 1 :channel "busy")');
  await talker.expect("join");
  for (const c of [listener, sleeper]) {
    await c.send('(join :id 2 :channel "busy")');
    await c.waitFor("join", (u) => u.channel === "busy");
  }
  // The sleeper stops reading: its socket buffers fill, then its queue.
  sleeper.pauseReading();
  const text = "y".repeat(60000);
  let received = 0;
  for (let i = 0; i < 200 && srv.server.actor.findUser("sleeper"); i++) {
    await talker.send(`(message :id ${nextId()} :channel "busy" :text "${text}")`);
    await talker.waitFor("message");
    await listener.waitFor("message");
    received++;
  }
  assert.equal(srv.server.actor.findUser("sleeper"), undefined, "the sleeper was not dropped");
  assert.ok(received > 0);
  await talker.send(`(message :id ${nextId()} :channel "busy" :text "after")`);
  assert.equal((await listener.waitFor("message")).text, "after");
}, { maxQueue: 8, floodLimit: 100000 });
