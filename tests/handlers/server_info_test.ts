/** §5.5.5 server-info. */
import assert from "node:assert/strict";
import { type Value } from "../../protocol/mod.ts";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest(
  "server-info: attributes and per-connection data (for the server's user)",
  async (srv) => {
    const a = await srv.user("alice");
    await a.send('(register :id 14 :password "alice-pw")');
    await a.expect("register");
    await a.send('(create :id 15 :channel "room")');
    await a.expect("join");
    // server-info is private: by default only the server's user may ask.
    await a.send('(server-info :id 16 :target "alice" :attributes () :connections ())');
    await expectFailure(a, "insufficient-permissions", 16);
    await a.send(`(grant :id 17 :channel "${SERVER_NAME}" :target "alice" :update server-info)`);
    await a.expect("insufficient-permissions");
    // The operator grants it (here through the actor, as an admin tool would).
    srv.server.actor.primary.permissions.delete("server-info");
    await a.send('(server-info :id 18 :target "alice" :attributes () :connections ())');
    const r = await a.expect("server-info");
    assert.equal(r.id, 18);
    const attrs = new Map(
      (r.attributes as Value[][]).map(([k, v]) => [(k as { name: string }).name, v]),
    );
    assert.deepEqual(attrs.get("channels"), [SERVER_NAME, "room"]);
    assert.equal(typeof attrs.get("registered-on"), "number");
    const conns = r.connections as Value[][][];
    assert.equal(conns.length, 1);
    const key = (k: Value) => {
      const s = k as { name: string; package: string };
      return s.package === "lichat" ? s.name : `${s.package}:${s.name}`;
    };
    const c0 = new Map(conns[0].map(([k, v]) => [key(k), v]));
    assert.equal(typeof c0.get("connected-on"), "number");
    assert.equal(c0.get("transport"), "tcp");
    assert.match(c0.get("ip") as string, /^127\.0\.0\.1:\d+$/);
    assert.equal(c0.get("shirakumo:ip"), "::ffff:127.0.0.1"); // shirakumo-ip
  },
);
