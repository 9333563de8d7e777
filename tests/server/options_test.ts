/** Options whose effect the other tests do not show: motd, salt, ws-path, data-content-types. */
import assert from "node:assert/strict";
import { nameKey } from "../../protocol/mod.ts";
import { LichatServer } from "../../server/server.ts";
import { MemoryStore } from "../../server/state/store.ts";
import { RawClient } from "../helpers/raw.ts";
import { serverTest, testOptions } from "../helpers/server.ts";
import { WsClient } from "../helpers/ws.ts";

serverTest("--motd is the welcome message", async (srv) => {
  const c = await srv.client();
  await c.send('(connect :id 1 :version "2.0" :from "alice" :extensions ())');
  await c.expect("connect");
  await c.expect("join");
  assert.equal((await c.expect("message")).text, "Hello from the tests");
}, { motd: "Hello from the tests" });

Deno.test({
  name: "--salt is mixed into password hashes: a profile only opens under the same salt",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const store = new MemoryStore(nameKey);
    const login = async (salt: string, register: boolean): Promise<string> => {
      const server = await LichatServer.start(testOptions({ salt }), { store });
      const c = await RawClient.connect(server.tcpPort);
      try {
        if (register) {
          await c.handshake("alice");
          await c.send('(register :id 1 :password "alice-pw")');
          await c.expect("register");
          return "registered";
        }
        await c.send(
          '(connect :id 2 :version "2.0" :from "alice" :password "alice-pw" :extensions ())',
        );
        return (await c.next()).type;
      } finally {
        c.close();
        await server.shutdown();
      }
    };
    assert.equal(await login("pepper-a", true), "registered");
    assert.equal(await login("pepper-b", false), "invalid-password");
    assert.equal(await login("pepper-a", false), "connect");
  },
});

serverTest("--ws-path moves the WebSocket endpoint", async (srv) => {
  const base = srv.wsUrl!;
  const w = await WsClient.connect(base + "lichat");
  assert.equal((await w.handshake("webby")).from, "webby");
  w.close();
  await w.waitClosed();
  const root = await fetch(base.replace("ws:", "http:"));
  assert.equal(root.status, 404);
  await root.body?.cancel();
}, { wsPort: -1, wsPath: "/lichat" });

serverTest("--data-content-types empty accepts any content type", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(create :id 1 :channel "room")');
  await a.expect("join");
  await a.send(
    '(shirakumo:data :id 2 :channel "room" :content-type "application/x-anything" :payload "AA==")',
  );
  assert.equal((await a.expect("shirakumo:data")).id, 2);
}, { dataContentTypes: [] });
