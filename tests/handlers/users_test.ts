/** §5.5.2 users. */
import assert from "node:assert/strict";
import { room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

serverTest("users: the channel's users; not-in-channel for outsiders", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const c = await srv.user("carol");
  await settle([a, b, c]);
  await a.send('(users :id 6 :channel "room")');
  const r = await a.expect("users");
  assert.equal(r.id, 6);
  assert.deepEqual([...(r.users as string[])].sort(), ["alice", "bob"]);
  await c.send('(users :id 7 :channel "room")');
  assert.equal((await c.expect("not-in-channel"))["update-id"], 7);
});
