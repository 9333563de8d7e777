/** shirakumo-pause and shirakumo-quiet: channel moderation by the registrant. */
import assert from "node:assert/strict";
import { received, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest("pause: set by the registrant, told to the channel and to joiners", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(shirakumo:pause :id 1 :channel "room" :by 60)');
  await expectFailure(b, "insufficient-permissions", 1);
  await a.send('(shirakumo:pause :id 2 :channel "room" :by 60)');
  for (const c of [a, b]) {
    const p = await c.expect("shirakumo:pause");
    assert.deepEqual([p.id, p.from, p.by], [2, "alice", 60]);
  }
  const c = await srv.user("carol");
  await c.send('(join :id 3 :channel "room")');
  await c.waitFor("join", (u) => u.from === "carol");
  const notice = await c.expect("shirakumo:pause");
  assert.deepEqual([notice.channel, notice.by], ["room", 60]);
  // Not in the primary channel.
  await a.send(`(shirakumo:pause :id 4 :channel "${srv.server.options.name}" :by 5)`);
  assert.equal((await a.waitFor("insufficient-permissions"))["update-id"], 4);
});

for (const workers of [1, 0]) {
  serverTest(`pause: one update per pause, even pipelined (--workers ${workers})`, async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await a.send('(shirakumo:pause :id 1 :channel "room" :by 60)');
    await b.waitFor("shirakumo:pause");
    await settle([a, b]);
    await b.sendRaw(
      Array.from({ length: 5 }, (_, i) => `(message :id ${10 + i} :channel "room" :text "m${i}")\0`)
        .join(""),
    );
    assert.equal((await a.expect("message")).id, 10);
    for (let i = 1; i < 5; i++) {
      assert.equal((await b.waitFor("too-many-updates"))["update-id"], 10 + i);
    }
    assert.deepEqual(await received(a), []);
    // Leaving is not held back by the pause.
    await b.send('(leave :id 20 :channel "room")');
    assert.equal((await a.expect("leave")).from, "bob");
    // No pause: speak freely again.
    await a.send('(shirakumo:pause :id 21 :channel "room" :by 0)');
    await a.expect("shirakumo:pause");
    await a.send('(message :id 22 :channel "room" :text "x")');
    await a.send('(message :id 23 :channel "room" :text "y")');
    assert.equal((await a.expect("message")).id, 22);
    assert.equal((await a.expect("message")).id, 23);
  }, { workers, floodLimit: 1000 });
}

serverTest("quiet: a quieted user's messages reach only that user", async (srv) => {
  const [a, b, c] = await room(srv, "room", "alice", "bob", "carol");
  await b.send('(register :id 1 :password "bob-pw")');
  await b.expect("register");
  const b2 = await srv.user("bob", "bob-pw");
  await settle([a, b, b2, c]);
  await c.send('(shirakumo:quiet :id 2 :channel "room" :target "bob")');
  await expectFailure(c, "insufficient-permissions", 2);
  await a.send('(shirakumo:quiet :id 3 :channel "room" :target "bob")');
  assert.equal((await a.expect("shirakumo:quiet")).target, "bob");
  assert.deepEqual(await received(c), [], "only the sender hears of it");
  await b.send('(message :id 4 :channel "room" :text "shh")');
  assert.equal((await b.expect("message")).text, "shh");
  assert.equal((await b2.expect("message")).text, "shh", "every connection of the user");
  assert.deepEqual(await received(a), []);
  assert.deepEqual(await received(c), []);
  await a.send('(shirakumo:quieted :id 5 :channel "room")');
  assert.deepEqual((await a.expect("shirakumo:quieted")).target, ["bob"]);
  await a.send('(shirakumo:unquiet :id 6 :channel "room" :target "BOB")');
  await a.expect("shirakumo:unquiet");
  await a.send('(shirakumo:quieted :id 7 :channel "room")');
  assert.deepEqual((await a.expect("shirakumo:quieted")).target, []);
  await b.send('(message :id 8 :channel "room" :text "back")');
  assert.equal((await c.expect("message")).text, "back");
  await a.send('(shirakumo:quiet :id 9 :channel "room" :target "nobody")');
  assert.equal((await a.waitFor("no-such-user"))["update-id"], 9);
});

serverTest("pause and quiet: announced in the connect reply", async (srv) => {
  const reply = await (await srv.client()).handshake("alice");
  for (const e of ["shirakumo-pause", "shirakumo-quiet"]) {
    assert.ok((reply.extensions as string[]).includes(e), e);
  }
});

serverTest("pause: a user pulled into a paused channel is told the pause too", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  const b = await srv.user("bob");
  await settle([a, b]);
  await a.send('(shirakumo:pause :id 1 :channel "room" :by 30)');
  await a.expect("shirakumo:pause");
  await a.send('(pull :id 2 :channel "room" :target "bob")');
  await b.waitFor("join", (u) => u.channel === "room");
  const p = await b.expect("shirakumo:pause");
  assert.deepEqual([p.channel, p.by], ["room", 30]);
});

serverTest("pause: once the pause has passed, a member may speak again", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await a.send('(shirakumo:pause :id 1 :channel "room" :by 5)');
  await b.waitFor("shirakumo:pause");
  await b.send('(message :id 2 :channel "room" :text "one")');
  assert.equal((await a.waitFor("message")).id, 2);
  await b.waitFor("message", (u) => u.id === 2);
  await b.send('(message :id 3 :channel "room" :text "two")');
  await expectFailure(b, "too-many-updates", 3);
  srv.clock.advance(4000);
  await b.send('(message :id 4 :channel "room" :text "three")');
  await expectFailure(b, "too-many-updates", 4);
  srv.clock.advance(1000);
  await b.send('(message :id 5 :channel "room" :text "four")');
  assert.equal((await a.waitFor("message")).id, 5);
});
