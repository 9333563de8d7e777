/** Many clients at once: everything delivered, nothing left behind afterwards. */
import assert from "node:assert/strict";
import type { RawClient } from "../helpers/raw.ts";
import { eventually, SERVER_NAME, serverTest } from "../helpers/server.ts";

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
    assert.equal(srv.server.actor.findChannel("crowd")!.users.size, n);
    await Promise.all(
      clients.map((c, i) => c.send(`(message :id ${100 + i} :channel "crowd" :text "m${i}")`)),
    );
    // Each client gets every message once, with its sender and id.
    await Promise.all(clients.map(async (c) => {
      const texts: string[] = [];
      while (texts.length < n) {
        const m = await c.waitFor("message", (u) => u.channel === "crowd", 10000);
        const i = Number((m.text as string).slice(1));
        assert.equal(m.from, `user${i}`);
        assert.equal(m.id, 100 + i);
        texts.push(m.text as string);
      }
      assert.equal(new Set(texts).size, n);
    }));
    await Promise.all(clients.map((c, i) => c.send(`(disconnect :id ${200 + i})`)));
    await Promise.all(clients.map(async (c, i) => {
      assert.equal((await c.waitFor("disconnect", () => true, 10000)).id, 200 + i);
      await c.waitClosed(10000);
    }));
    const actor = srv.server.actor;
    await eventually(() => actor.connections.size === 0, "no connections left", 5000);
    assert.deepEqual([...actor.users.keys()], [SERVER_NAME.toLowerCase()]);
    assert.deepEqual([...actor.primary.users].map((u) => u.name), [SERVER_NAME]);
    assert.deepEqual([...actor.serverUser.channels].map((ch) => ch.name), [SERVER_NAME]);
    assert.equal(actor.findChannel("crowd")!.users.size, 0);
  }, { workers, floodLimit: 1000 });
}
