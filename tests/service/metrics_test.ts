/**
 * /metrics and /health on --metrics-port, scraped from a real server and
 * read as Prometheus reads them (tests/helpers/prometheus.ts).
 */
import assert from "node:assert/strict";
import { expectFailure } from "../helpers/failures.ts";
import { scrape } from "../helpers/prometheus.ts";
import { nextId } from "../helpers/raw.ts";
import { room, settle } from "../helpers/scene.ts";
import { freePort, serverTest, withServer } from "../helpers/server.ts";
import { WsClient } from "../helpers/ws.ts";

const enc = new TextEncoder();

/** Send `text` on a socket of our own and read until `until` has arrived; the bytes read. */
async function exchange(port: number, text: string, until: string): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(enc.encode(text));
  let got = "";
  let bytes = 0;
  const buf = new Uint8Array(65536);
  while (!got.includes(until)) {
    const n = await conn.read(buf);
    if (n === null) throw new Error(`closed before ${until}: ${got}`);
    bytes += n;
    got += new TextDecoder().decode(buf.subarray(0, n));
  }
  conn.close();
  return bytes;
}

Deno.test({
  name: "metrics: bytes in and out are the bytes on the wire",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withServer({ metricsPort: freePort() }, async (srv) => {
      const port = srv.server.metricsPort!;
      const sent = '(connect :id 1 :version "2.0" :from "exact" :extensions ())\0(ping :id 2)\0';
      const read = await exchange(srv.port, sent, "(pong :id 2");
      const m = await scrape(port);
      assert.equal(
        m.value("lichat_received_bytes_total", { transport: "tcp" }),
        enc.encode(sent).length,
      );
      assert.ok(read > 0);
      // The pong was the last thing written, and it has been read whole or in part.
      const out = m.value("lichat_sent_bytes_total", { transport: "tcp" })!;
      assert.ok(out >= read && out - read < 100, `${out} written, ${read} read`);
    }),
});

Deno.test({
  name: "metrics: connections by transport, users, channels, updates and failures by type",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "lichat-metrics-" });
    await withServer(
      { metricsPort: freePort(), wsPort: -1, database: `${dir}/m.db` },
      async (srv) => {
        const port = srv.server.metricsPort!;
        const [a, b] = await room(srv, "room", "alice", "bob");
        const w = await WsClient.connect(srv.wsUrl!);
        await w.handshake("webby");
        w.send(`(join :id ${nextId()} :channel "room")`);
        await w.waitFor("join", (u) => u.from === "webby");
        await settle([a, b]);
        for (let i = 0; i < 3; i++) {
          await a.send(`(message :id ${nextId()} :channel "room" :text "m${i}")`);
        }
        for (let i = 0; i < 3; i++) {
          await b.waitFor("message");
          await w.waitFor("message");
        }
        await settle([a, b]);
        await a.send('(join :id 901 :channel "nowhere")');
        await expectFailure(a, "no-such-channel", 901);
        await a.send('(register :id 902 :password "alice-pw")');
        await a.waitFor("register");
        await settle([a, b]);
        const m = await scrape(port);
        assert.equal(m.value("lichat_connections", { transport: "tcp" }), 2);
        assert.equal(m.value("lichat_connections", { transport: "websocket" }), 1);
        assert.equal(m.value("lichat_users"), 3);
        assert.equal(m.value("lichat_channels"), 2);
        assert.equal(m.value("lichat_updates_received_total", { type: "message" }), 3);
        assert.equal(m.value("lichat_updates_received_total", { type: "connect" }), 3);
        // Each message went to its three members' connections.
        assert.equal(m.value("lichat_updates_sent_total", { type: "message" })! >= 9, true);
        assert.equal(m.value("lichat_failures_sent_total", { type: "no-such-channel" }), 1);
        assert.equal(m.value("lichat_updates_sent_total", { type: "no-such-channel" }), 1);
        assert.ok(m.value("lichat_received_bytes_total", { transport: "websocket" })! > 0);
        assert.ok(m.value("lichat_sent_bytes_total", { transport: "websocket" })! > 0);
        assert.equal(m.value("lichat_password_hashes_pending"), 0);
        assert.equal(m.value("lichat_slow_readers_dropped_total"), 0);
        assert.ok(m.value("lichat_actor_inbox_depth")! >= 1);
        for (const h of ["lichat_actor_turn_seconds", "lichat_parser_batch_seconds"]) {
          assert.equal(m.types.get(h), "histogram");
          assert.ok(m.value(`${h}_count`)! > 0, h);
        }
        // The registration and the channel were written to the database.
        assert.ok(m.value("lichat_database_write_seconds_count")! >= 2);
        assert.ok(m.value("process_resident_memory_bytes")! > 0);
        assert.equal(m.types.get("lichat_updates_received_total"), "counter");
        w.ws.close();
      },
    );
    await Deno.remove(dir, { recursive: true });
  },
});

serverTest("a slow reader dropped under a reloaded --max-queue is counted", async (srv) => {
  const port = srv.server.metricsPort!;
  const [talker, sleeper] = await room(srv, "busy", "talker", "sleeper");
  // The default queue (4096) would hold all of what follows.
  srv.server.reload({ ...srv.server.options, maxQueue: 8 });
  sleeper.pauseReading();
  let sent = 0;
  for (; sent < 320 && srv.server.actor.findUser("sleeper"); sent++) {
    await talker.send(`(message :id ${nextId()} :channel "busy" :text "${"y".repeat(200_000)}")`);
    await talker.waitFor("message");
  }
  assert.equal(srv.server.actor.findUser("sleeper"), undefined, `not dropped after ${sent}`);
  const m = await scrape(port);
  assert.equal(m.value("lichat_slow_readers_dropped_total"), 1);
}, { metricsPort: freePort(), floodLimit: 100000 });

serverTest(
  "/health is 200 while serving and 503 while shutting down; other paths 404",
  async (srv) => {
    const url = `http://127.0.0.1:${srv.server.metricsPort}`;
    const ok = await fetch(`${url}/health`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), "ok\n");
    const other = await fetch(`${url}/nothing`);
    assert.equal(other.status, 404);
    await other.body?.cancel();
    // A client that does not read holds the shutdown in its drain (--close-timeout).
    const [talker, sleeper] = await room(srv, "busy", "talker", "sleeper");
    sleeper.pauseReading();
    for (let i = 0; i < 100; i++) {
      await talker.send(`(message :id ${nextId()} :channel "busy" :text "${"y".repeat(200_000)}")`);
      await talker.waitFor("message");
    }
    const stopped = srv.server.shutdown();
    const down = await fetch(`${url}/health`);
    assert.equal(down.status, 503);
    assert.equal(await down.text(), "shutting down\n");
    sleeper.close(); // the drain ends
    await stopped;
    await assert.rejects(fetch(`${url}/health`));
  },
  { metricsPort: freePort(), closeTimeout: 60, maxQueue: 100000, floodLimit: 100000 },
);

serverTest("without --metrics-port nothing listens for metrics", (srv) => {
  assert.equal(srv.server.metricsPort, undefined);
  assert.equal(srv.server.options.metricsHostname, "127.0.0.1");
  return Promise.resolve();
});
