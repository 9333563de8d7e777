/** §5.5.4 capabilities. */
import assert from "node:assert/strict";
import { type Sym, type Update } from "../../protocol/mod.ts";
import { room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest(
  "capabilities: what the user may send, different for creator and others",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    const names = (u: Update) => (u.permitted as readonly Sym[]).map((s) => s.name);
    await a.send('(capabilities :id 11 :channel "room")');
    const ra = names(await a.expect("capabilities"));
    await b.send('(capabilities :id 12 :channel "room")');
    const rb = names(await b.expect("capabilities"));
    for (const t of ["message", "join", "leave", "users"]) {
      assert.ok(ra.includes(t) && rb.includes(t), t);
    }
    for (const t of ["kick", "permissions", "grant", "deny"]) {
      assert.ok(ra.includes(t), t);
      assert.ok(!rb.includes(t), t);
    }
    const c = await srv.user("carol");
    await c.send('(capabilities :id 13 :channel "room")');
    assert.equal((await c.expect("not-in-channel"))["update-id"], 13);
  },
);
