/** shirakumo-shared-identity: lending a key, redeeming it, sending as the lender. */
import assert from "node:assert/strict";
import { room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest("shared identity: a redeemed key lets its holder send as the lender", async (srv) => {
  const [a, b, c] = await room(srv, "room", "alice", "bob", "carol");
  await c.send("(shirakumo:share-identity :id 1)");
  await expectFailure(c, "no-such-profile", 1);
  for (const [x, pw] of [[a, "alice-pw"], [b, "bob-pw"]] as const) {
    await x.send(`(register :id 2 :password "${pw}")`);
    await x.expect("register");
  }
  await a.send("(shirakumo:share-identity :id 3)");
  const key = (await a.expect("shirakumo:share-identity")).key as string;
  assert.ok(key.length >= 16);
  await a.send("(shirakumo:share-identity :id 4)");
  assert.equal(
    (await a.expect("shirakumo:identity-already-used"))["update-id"],
    4,
    "one share only",
  );
  await b.send(`(shirakumo:assume-identity :id 5 :target "alice" :key "${key}")`);
  assert.equal((await b.expect("shirakumo:assume-identity")).id, 5);
  await b.send(`(shirakumo:assume-identity :id 6 :target "alice" :key "${key}")`);
  await expectFailure(b, "shirakumo:identity-already-used", 6);
  await settle([a, b, c]);
  await b.send('(message :id 7 :from "alice" :channel "room" :text "as alice")');
  const m = await c.expect("message");
  assert.deepEqual([m.from, m.text], ["alice", "as alice"]);
  await a.send("(shirakumo:list-shared-identities :id 8)");
  const list = await a.waitFor("shirakumo:list-shared-identities");
  assert.deepEqual(list.shares, [[key, "bob"]]);
  await b.send("(shirakumo:list-shared-identities :id 9)");
  assert.deepEqual((await b.waitFor("shirakumo:list-shared-identities")).identities, ["alice"]);
  // Taking every key back ends it.
  await a.send("(shirakumo:unshare-identity :id 10)");
  await a.waitFor("shirakumo:unshare-identity");
  await b.send('(message :id 11 :from "alice" :channel "room" :text "again")');
  assert.equal((await b.waitFor("username-mismatch"))["update-id"], 11);
  const reply = await (await srv.client()).handshake("dave");
  assert.ok((reply.extensions as string[]).includes("shirakumo-shared-identity"));
}, { maxIdentityShares: 1 });

serverTest("shared identity: unsharing one key ends only what it gave", async (srv) => {
  const [a, b, c] = await room(srv, "room", "alice", "bob", "carol");
  for (const [x, pw] of [[a, "alice-pw"], [b, "bob-pw"], [c, "carol-pw"]] as const) {
    await x.send(`(register :id 1 :password "${pw}")`);
    await x.expect("register");
  }
  await a.send("(shirakumo:share-identity :id 2)");
  const k1 = (await a.expect("shirakumo:share-identity")).key as string;
  await a.send("(shirakumo:share-identity :id 3)");
  const k2 = (await a.expect("shirakumo:share-identity")).key as string;
  await b.send(`(shirakumo:assume-identity :id 4 :target "alice" :key "${k1}")`);
  await b.expect("shirakumo:assume-identity");
  await c.send(`(shirakumo:assume-identity :id 5 :target "alice" :key "${k2}")`);
  await c.expect("shirakumo:assume-identity");
  await settle([a, b, c]);
  await a.send(`(shirakumo:unshare-identity :id 6 :key "${k1}")`);
  await a.expect("shirakumo:unshare-identity");
  await b.send('(message :id 7 :from "alice" :channel "room" :text "no")');
  await expectFailure(b, "username-mismatch", 7);
  await c.send('(message :id 8 :from "alice" :channel "room" :text "still")');
  assert.equal((await b.waitFor("message", (u) => u.id === 8)).from, "alice");
  await a.send("(shirakumo:list-shared-identities :id 9)");
  assert.deepEqual((await a.waitFor("shirakumo:list-shared-identities")).shares, [[k2, "carol"]]);
});
