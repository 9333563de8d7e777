/**
 * LichatServer.reload: live options take effect at once, on connections
 * already open too (limits the parser workers enforce, the motd, admins'
 * rights), without dropping anyone; the others wait for a restart.
 */
import assert from "node:assert/strict";
import { expectFailure } from "../helpers/failures.ts";
import { nextId } from "../helpers/raw.ts";
import { settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import type { ServerOptions } from "../../server/options.ts";
import { universalTime } from "../../protocol/mod.ts";

serverTest(
  "reload: sizes, clock skew, motd and admins change for open connections",
  async (srv) => {
    const a = await srv.user("alice");
    const root = await srv.admin("root");
    // Registered, so that --admins would give it rights (it does after the reload).
    const boss = await srv.admin("boss");
    await settle([a, root, boss]);
    const before = srv.server.options;
    const next: ServerOptions = {
      ...before,
      motd: "After the reload.",
      maxUpdateSize: 1000,
      clockSkew: 5,
      admins: ["boss"],
      port: before.port + 1,
      salt: "a new salt",
    };
    const changes = srv.server.reload(next);
    assert.deepEqual(changes.live.map((s) => s.flag).sort(), [
      "admins",
      "clock-skew",
      "max-update-size",
      "motd",
    ]);
    assert.deepEqual(changes.restart.map((s) => s.flag).sort(), ["port", "salt"]);
    assert.equal(srv.server.options.salt, "", "what needs a restart keeps its value");
    assert.equal(srv.server.options.motd, "After the reload.");
    // The open connection has the new limits, and stays open.
    await a.send(`(message :id ${nextId()} :channel "TestServer" :text "${"x".repeat(2000)}")`);
    await a.expect("update-too-long");
    const skewed = universalTime(srv.clock.now()) + 3600;
    await a.send(`(ping :id 77 :clock ${skewed})`);
    await expectFailure(a, "clock-skewed", 77);
    assert.equal((await a.expect("pong")).id, 77);
    // A new connection is welcomed with the new motd.
    const c = await srv.client();
    await c.handshake("carol");
    assert.ok(c.texts.some((t) => t.includes('"After the reload."')), "the new motd");
    await settle([a, root, boss]);
    // The admins' rights went from root to boss.
    await root.send('(shirakumo:kill :id 5 :target "carol")');
    await expectFailure(root, "insufficient-permissions", 5);
    await boss.send('(shirakumo:kill :id 6 :target "carol")');
    await boss.waitFor("shirakumo:kill");
    await c.waitClosed();
    await settle([a, root, boss]);
    for (const x of [a, root, boss]) {
      const id = nextId();
      await x.send(`(ping :id ${id})`);
      assert.equal((await x.waitFor("pong")).id, id, "still connected");
    }
  },
  { motd: "Before the reload.", admins: ["root"], maxUpdateSize: 65536 },
);

for (const workers of [0, 1]) {
  serverTest(
    `reload: flood control tightens for open connections (workers ${workers})`,
    async (srv) => {
      const a = await srv.user("alice");
      for (let i = 0; i < 5; i++) {
        await a.send(`(ping :id ${100 + i})`);
        await a.expect("pong");
      }
      srv.server.reload({ ...srv.server.options, floodLimit: 8 });
      // The window that began at the handshake now allows 8 updates: 6 went.
      await a.send("(ping :id 200)");
      await a.send("(ping :id 201)");
      await a.send("(ping :id 202)");
      await a.expect("pong");
      await a.expect("pong");
      await expectFailure(a, "too-many-updates", 202);
      // A new window lets it speak again.
      srv.clock.advance(srv.server.options.floodFrame * 1000);
      await a.send("(ping :id 203)");
      assert.equal((await a.expect("pong")).id, 203);
    },
    { workers, floodLimit: 100 },
  );
}

serverTest("reload with nothing changed changes nothing", async (srv) => {
  const a = await srv.user("alice");
  const changes = srv.server.reload({ ...srv.server.options });
  assert.deepEqual([changes.live, changes.restart], [[], []]);
  await a.send("(ping :id 9)");
  assert.equal((await a.expect("pong")).id, 9);
});
