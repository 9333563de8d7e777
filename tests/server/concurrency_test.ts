/** Many clients at once: everything delivered, nothing leaked afterwards. */
import assert from "node:assert/strict";
import type { RawClient } from "../helpers/raw.ts";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

for (const workers of [2, 0]) {
  serverTest(`50 clients chat and leave concurrently (--workers ${workers})`, async (srv) => {
    const n = 50;
    const clients: RawClient[] = await Promise.all(
      Array.from({ length: n }, (_, i) => srv.user(`user${i}`)),
    );
    await clients[0].send('(create :id 1 :channel "crowd")');
    await clients[0].waitFor("join", (u) => u.channel === "crowd");
    await Promise.all(
      clients.slice(1).map(async (c, i) => {
        await c.send(`(join :id ${i + 2} :channel "crowd")`);
        await c.waitFor("join", (u) => u.channel === "crowd" && u.from === c.name);
      }),
    );
    // Everyone has joined once the creator has seen every join.
    const seen = new Set<string>();
    while (seen.size < n - 1) {
      seen.add((await clients[0].waitFor("join", (u) => u.channel === "crowd")).from!);
    }
    await Promise.all(
      clients.map((c, i) => c.send(`(message :id ${100 + i} :channel "crowd" :text "m${i}")`)),
    );
    await Promise.all(clients.map(async (c) => {
      const texts = new Set<string>();
      while (texts.size < n) {
        texts.add((await c.waitFor("message", (u) => u.channel === "crowd", 10000)).text as string);
      }
    }));
    await Promise.all(clients.map((c, i) => c.send(`(disconnect :id ${200 + i})`)));
    await Promise.all(clients.map((c) => c.waitClosed(10000)));
    const actor = srv.server.actor;
    for (let i = 0; i < 100 && actor.connections.size > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(actor.connections.size, 0);
    assert.deepEqual([...actor.users.keys()], [SERVER_NAME.toLowerCase()]);
    assert.deepEqual([...actor.primary.users].map((u) => u.name), [SERVER_NAME]);
    assert.equal(actor.findChannel("crowd")!.users.size, 0);
  }, { workers, floodLimit: 1000 });
}
