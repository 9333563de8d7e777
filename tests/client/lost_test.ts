/**
 * Requests and a lost connection, against a real server that is shut down
 * (and, for reconnection, started again on the same port): pending requests
 * fail at once; new ones fail at once, or with `reconnect` wait for it.
 */
import assert from "node:assert/strict";
import { Client, ConnectionError, TimeoutError } from "../../client/mod.ts";
import { LichatServer } from "../../server/server.ts";
import { serverTest, testOptions } from "../helpers/server.ts";

serverTest("client: pending requests fail at once when the server goes away", async (srv) => {
  const c = new Client({
    username: "alice",
    hostname: "127.0.0.1",
    port: srv.port,
    requestTimeout: 60_000,
  });
  try {
    await c.open();
    await c.request("create", { channel: "room" });
    // The server answers no pong: these wait until the connection goes.
    const pending = [c.request("pong", {}), c.request("pong", {})].map((p) => p.catch((e) => e));
    const closed = new Promise<void>((r) => c.onEvent("close", () => r()));
    await srv.server.shutdown();
    for (const e of await Promise.all(pending)) {
      assert.ok(e instanceof ConnectionError, String(e));
      assert.match(e.message, /lost before the reply to pong/);
    }
    await closed;
    assert.equal(c.connected, false);
    // Without reconnect, a request made now fails at once, and so does send.
    await assert.rejects(c.request("users", { channel: "room" }), ConnectionError);
    assert.throws(() => c.send("message", { channel: "room", text: "x" }), ConnectionError);
  } finally {
    await c.close();
  }
});

serverTest("client: with reconnect, requests wait for the reconnection", async (srv) => {
  const port = srv.port;
  const c = new Client({
    username: "alice",
    hostname: "127.0.0.1",
    port,
    reconnect: true,
    maxBackoff: 200,
    requestTimeout: 20_000,
  });
  let again: LichatServer | undefined;
  try {
    await c.open();
    await c.request("create", { channel: "room" });
    const retries: Error[] = [];
    c.onEvent("retry", (e) => retries.push(e));
    const failed: string[] = [];
    c.onEvent("rejoin-failed", (channel) => failed.push(channel));
    const reconnected = new Promise<string[]>((r) => c.onEvent("reconnect", r));
    const pending = c.request("pong", {}).catch((e) => e);
    await srv.server.shutdown();
    assert.ok(await pending instanceof ConnectionError);
    // Made while disconnected: held until the client is back, or its time is up.
    const held = c.request("channels", {});
    await assert.rejects(c.request("ping", {}, 300), TimeoutError);
    while (retries.length === 0) await new Promise((r) => setTimeout(r, 20));
    // A new server on the same port; its memory is new, so "room" is gone.
    again = await LichatServer.start(testOptions({ port }));
    const channels = await held;
    assert.deepEqual(channels.channels, [again.options.name]);
    assert.deepEqual(await reconnected, []);
    assert.deepEqual(failed, ["room"]);
    assert.ok(c.connected);
    // Closing for good: a request now fails at once.
    await c.close();
    await assert.rejects(c.request("ping", {}), ConnectionError);
  } finally {
    await c.close();
    await again?.shutdown();
  }
});
