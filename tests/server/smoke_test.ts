import assert from "node:assert/strict";
import { SERVER_NAME, serverTest } from "../helpers/server.ts";

serverTest("smoke: two users chat in a channel", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await a.waitFor("join", (u) => u.from === "bob" && u.channel === SERVER_NAME);
  await a.send('(create :id 1 :channel "lobby")');
  assert.equal((await a.expect("join")).id, 1);
  await b.send('(join :id 2 :channel "lobby")');
  await b.expect("join");
  await a.waitFor("join", (u) => u.from === "bob" && u.channel === "lobby");
  await a.send('(message :id 3 :channel "lobby" :text "hi bob")');
  const m = await b.expect("message");
  assert.equal(m.text, "hi bob");
  assert.equal(m.from, "alice");
});
