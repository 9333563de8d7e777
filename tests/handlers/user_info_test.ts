/** §5.5.3 user-info. */
import assert from "node:assert/strict";
import { isSym } from "../../protocol/mod.ts";
import { settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("user-info: connections and registered", async (srv) => {
  const a = await srv.user("alice");
  await a.send('(register :id 8 :password "alice-pw")');
  await a.expect("register");
  await srv.user("alice", "alice-pw");
  const b = await srv.user("bob");
  await settle([a, b]);
  await b.send('(user-info :id 9 :target "ALICE")');
  const r = await b.expect("user-info");
  assert.equal(r.id, 9);
  assert.equal(r.target, "alice");
  assert.equal(r.connections, 2);
  assert.ok(isSym(r.registered) && r.registered.name === "t");
  await a.send('(user-info :id 10 :target "bob")');
  const r2 = await a.waitFor("user-info");
  assert.equal(r2.connections, 1);
  assert.equal(r2.registered, undefined, "NIL is left out");
});
