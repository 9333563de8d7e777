/** §5.3.2 permissions: viewing and changing rules. */
import assert from "node:assert/strict";
import { rule, view } from "../helpers/rules.ts";
import { room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("permissions: view the full rule set; others may not", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const r = await view(a);
  assert.equal(r.channel, "room");
  assert.equal(rule(r, "kick"), "(+ alice)");
  assert.equal(rule(r, "message"), "T");
  await b.send('(permissions :id 1 :channel "room")');
  assert.equal((await b.expect("insufficient-permissions"))["update-id"], 1);
});

serverTest(
  "permissions: change rules; each bad rule gets invalid-permissions, good ones apply",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await a.send(
      '(permissions :id 2 :channel "room" :permissions ((message (+ "alice")) (nonsense T) (join 5) (leave (- "bob"))))',
    );
    const f1 = await a.expect("invalid-permissions");
    const f2 = await a.expect("invalid-permissions");
    assert.equal(f1["update-id"], 2);
    assert.equal(f2["update-id"], 2);
    const r = await a.expect("permissions");
    assert.equal(r.id, 2);
    assert.equal(rule(r, "message"), "(+ alice)");
    assert.equal(rule(r, "leave"), "(- bob)");
    await b.send('(message :id 3 :channel "room" :text "muted?")');
    assert.equal((await b.expect("insufficient-permissions"))["update-id"], 3);
    await b.send('(leave :id 4 :channel "room")');
    await b.expect("insufficient-permissions");
  },
);
