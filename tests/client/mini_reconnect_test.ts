/**
 * The terminal client across a server restart: a real server with a
 * database file is shut down and started again on the same port; the client
 * (behind a forwarder that holds it back until the test is ready) reconnects
 * by itself, re-joins its channels, and shows what was said meanwhile
 * through backfill.
 */
import assert from "node:assert/strict";
import { LichatServer } from "../../server/server.ts";
import { Forwarder } from "../helpers/forward.ts";
import { mini } from "../helpers/mini.ts";
import { RawClient } from "../helpers/raw.ts";
import { testOptions } from "../helpers/server.ts";
import { hasScript } from "../helpers/terminal.ts";

async function user(port: number, name: string, password?: string): Promise<RawClient> {
  const c = await RawClient.connect(port);
  await c.handshake(name, password);
  return c;
}

async function joined(c: RawClient, channel: string, id: number): Promise<void> {
  await c.send(`(join :id ${id} :channel "${channel}")`);
  await c.waitFor("join", (u) => u.id === id);
}

Deno.test({
  name: "mini client: reconnects after a server restart, re-joins, and backfills",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    if (!(await hasScript())) {
      console.warn("SKIPPED: no `script` command to make a pseudo-terminal with");
      return;
    }
    const dir = await Deno.makeTempDir({ prefix: "lichat-restart-" });
    const opts = testOptions({ database: `${dir}/lichat.db` });
    let server = await LichatServer.start(opts);
    const port = server.tcpPort;
    const fwd = Forwarder.start(port);
    const raws: RawClient[] = [];
    const t = mini(fwd.port, "alice", { env: { LICHAT_PASSWORD: "secret-pw" } });
    try {
      // alice, registered, keeps a second connection in lobby (a bouncer, another device).
      const alice = await user(port, "alice");
      raws.push(alice);
      await alice.send('(register :id 2 :password "secret-pw")');
      await alice.waitFor("register", (u) => u.id === 2);
      await alice.send('(create :id 3 :channel "lobby")');
      await alice.waitFor("join", (u) => u.id === 3);
      const bob = await user(port, "bob");
      raws.push(bob);
      await joined(bob, "lobby", 4);

      // The terminal finds itself in lobby (§4.1 step 12) and talks there.
      await t.see(/Connected/);
      await t.prompt(/^\[lobby\] $/);
      await t.enter("/create side");
      await t.prompt(/^\[side\] $/);
      await t.enter("/switch lobby");
      await t.prompt(/^\[lobby\] $/);
      await bob.send('(message :id 5 :channel "lobby" :text "before the restart")');
      await t.see(/<bob> before the restart/);

      // The restart.
      fwd.holding = true;
      await server.shutdown();
      await t.see(/Disconnected; reconnecting/);
      await t.see(/Reconnecting in \d+ s/);
      server = await LichatServer.start({ ...opts, port });
      const alice2 = await user(port, "alice", "secret-pw");
      raws.push(alice2);
      await joined(alice2, "lobby", 6);
      const bob2 = await user(port, "bob");
      raws.push(bob2);
      await joined(bob2, "lobby", 7);
      await bob2.send('(message :id 8 :channel "lobby" :text "while you were away")');
      await alice2.waitFor("message", (u) => u.id === 8);
      fwd.holding = false;

      await t.see(/Reconnected; back in lobby, side\./, 15000);
      // Said while the terminal was away, shown by backfill; what it saw is not repeated.
      await t.see(/<bob> while you were away/);
      assert.equal((await t.text()).match(/before the restart/g)?.length, 1);
      await t.prompt(/^\[lobby\] $/);
      await t.enter("still here");
      assert.equal((await bob2.waitFor("message", (u) => u.from === "alice")).text, "still here");
      const users = server.actor.findUser("alice")!;
      assert.deepEqual([...users.channels].map((c) => c.name).sort(), [
        "TestServer",
        "lobby",
        "side",
      ]);
      await t.enter("/quit");
      assert.equal(await t.exit(), 0);
    } finally {
      t.kill();
      for (const c of raws) c.close();
      fwd.close();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
