/** §5.5.1 channels. */
import assert from "node:assert/strict";
import { room, settle } from "../helpers/scene.ts";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

serverTest("channels: every channel the asker may list, anonymous ones hidden", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  const b = await srv.user("bob");
  await b.send("(create :id 1)");
  const anon = (await b.waitFor("join")).channel as string;
  await settle([a, b]);
  await a.send("(channels :id 2)");
  const r = await a.expect("channels");
  assert.equal(r.id, 2);
  assert.deepEqual([...(r.channels as string[])].sort(), [SERVER_NAME, "room"].sort());
  await b.send("(channels :id 3)");
  assert.ok(!((await b.expect("channels")).channels as string[]).includes(anon));
  // A channel whose rule denies listing is left out.
  await a.send('(permissions :id 4 :channel "room" :permissions ((channels (- "bob"))))');
  await a.expect("permissions");
  await b.send("(channels :id 5)");
  assert.deepEqual((await b.expect("channels")).channels, [SERVER_NAME]);
});
