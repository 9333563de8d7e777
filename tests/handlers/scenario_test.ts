/** A full scenario twice on one server, with different names: no state leaks between runs. */
import assert from "node:assert/strict";
import type { TestServer } from "../helpers/server.ts";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

async function scenario(srv: TestServer, tag: string): Promise<void> {
  const a = await srv.user(`alice-${tag}`);
  const b = await srv.user(`bob-${tag}`);
  await a.send(`(create :id 1 :channel "room-${tag}")`);
  await a.waitFor("join", (u) => u.channel === `room-${tag}`);
  await a.send(`(pull :id 2 :channel "room-${tag}" :target "bob-${tag}")`);
  await b.waitFor("join", (u) => u.channel === `room-${tag}`);
  await b.send(`(message :id 3 :channel "room-${tag}" :text "hello ${tag}")`);
  assert.equal(
    (await a.waitFor("message", (u) => u.channel === `room-${tag}`)).text,
    `hello ${tag}`,
  );
  await a.send(`(users :id 4 :channel "room-${tag}")`);
  assert.deepEqual([...((await a.waitFor("users")).users as string[])].sort(), [
    `alice-${tag}`,
    `bob-${tag}`,
  ]);
  await a.send(`(kick :id 5 :channel "room-${tag}" :target "bob-${tag}")`);
  await b.waitFor("leave", (u) => u.channel === `room-${tag}`);
  for (const c of [a, b]) {
    await c.send("(disconnect :id 9)");
    await c.waitFor("disconnect");
    await c.waitClosed();
  }
  const actor = srv.server.actor;
  for (let i = 0; i < 50 && actor.connections.size > 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

serverTest("the same scenario twice leaves the same state behind", async (srv) => {
  const actor = srv.server.actor;
  await scenario(srv, "one");
  const after1 = {
    users: actor.users.size,
    conns: actor.connections.size,
    primary: actor.primary.users.size,
  };
  await scenario(srv, "two");
  const after2 = {
    users: actor.users.size,
    conns: actor.connections.size,
    primary: actor.primary.users.size,
  };
  assert.deepEqual(after1, { users: 1, conns: 0, primary: 1 });
  assert.deepEqual(after2, after1);
  assert.deepEqual(
    [...actor.channels.values()].map((c) => c.name).sort(),
    [SERVER_NAME, "room-one", "room-two"].sort(),
  );
  for (const ch of actor.channels.values()) {
    if (ch !== actor.primary) assert.equal(ch.users.size, 0);
  }
});
