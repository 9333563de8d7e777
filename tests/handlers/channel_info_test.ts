/** shirakumo-channel-info: reading and setting a channel's title, topic, rules, … */
import assert from "node:assert/strict";
import { received, room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest("channel-info: set by the registrant, told to the channel, read back", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await b.send('(shirakumo:set-channel-info :id 1 :channel "room" :key :topic :text "cats")');
  await expectFailure(b, "insufficient-permissions", 1);
  await a.send('(shirakumo:set-channel-info :id 2 :channel "room" :key :TOPIC :text "Cats")');
  for (const c of [a, b]) {
    const s = await c.expect("shirakumo:set-channel-info");
    assert.deepEqual([s.id, s.from, s.text], [2, "alice", "Cats"]);
  }
  // Anyone may read it: one reply per key, with the request's id.
  await b.send('(shirakumo:channel-info :id 3 :channel "room" :keys (:topic :title))');
  const topic = await b.expect("shirakumo:set-channel-info");
  const title = await b.expect("shirakumo:set-channel-info");
  assert.equal(topic.id, 3);
  assert.equal(topic.text, "Cats");
  assert.equal(title.text, "");
  assert.equal(title.from, srv.server.options.name);
  assert.deepEqual(await received(a), []);
  // T: every key the server has.
  await b.send('(shirakumo:channel-info :id 4 :channel "room" :keys T)');
  const all = [];
  for (let i = 0; i < 7; i++) all.push(await b.expect("shirakumo:set-channel-info"));
  assert.deepEqual(
    all.map((u) => (u.key as { name: string }).name),
    ["title", "news", "topic", "rules", "contact", "url", "icon"],
  );
  assert.ok(b.texts.at(-5)!.includes(":key :topic"), "keys print as keywords");
});

serverTest("channel-info: unknown keys and malformed values are refused", async (srv) => {
  const [a] = await room(srv, "room", "alice");
  await a.send('(shirakumo:channel-info :id 1 :channel "room" :keys (:mood :topic))');
  const nope = await a.expect("shirakumo:no-such-channel-info");
  assert.equal(nope["update-id"], 1);
  assert.equal((nope.key as { name: string }).name, "mood");
  assert.equal((await a.expect("shirakumo:set-channel-info")).id, 1);
  await a.send('(shirakumo:set-channel-info :id 2 :channel "room" :key :mood :text "x")');
  await expectFailure(a, "shirakumo:no-such-channel-info", 2);
  await a.send('(shirakumo:set-channel-info :id 3 :channel "room" :key :url :text "not a url")');
  await expectFailure(a, "shirakumo:malformed-channel-info", 3);
  await a.send(
    '(shirakumo:set-channel-info :id 4 :channel "room" :key :url :text "https://example.org/room")',
  );
  assert.equal((await a.expect("shirakumo:set-channel-info")).id, 4);
  // Anonymous channels stay invisible to outsiders.
  const b = await srv.user("bob");
  await a.send("(create :id 5)");
  const anon = (await a.waitFor("join", (u) => String(u.channel).startsWith("@"))).channel;
  await b.send(`(shirakumo:channel-info :id 6 :channel "${anon}" :keys T)`);
  assert.equal((await b.waitFor("no-such-channel"))["update-id"], 6);
});

serverTest("channel-info: announced in the connect reply", async (srv) => {
  const reply = await (await srv.client()).handshake("alice");
  assert.ok((reply.extensions as string[]).includes("shirakumo-channel-info"));
});

serverTest(
  "icons: an :icon is an image's content type and base64, for channels and users",
  async (srv) => {
    const [a] = await room(srv, "room", "alice");
    await a.send('(register :id 1 :password "alice-pw")');
    await a.expect("register");
    const png = "image/png iVBORw0KGgo=";
    await a.send(`(shirakumo:set-channel-info :id 2 :channel "room" :key :icon :text "${png}")`);
    assert.equal((await a.expect("shirakumo:set-channel-info")).text, png);
    for (const bad of ["text/plain aGk=", "image/png not base64!", "image/png", "iVBORw0KGgo="]) {
      await a.send(`(shirakumo:set-channel-info :id 3 :channel "room" :key :icon :text "${bad}")`);
      assert.equal((await a.expect("shirakumo:malformed-channel-info"))["update-id"], 3, bad);
      await a.send(`(shirakumo:set-user-info :id 4 :key :icon :text "${bad}")`);
      assert.equal((await a.expect("shirakumo:malformed-user-info"))["update-id"], 4, bad);
    }
    await a.send(`(shirakumo:set-user-info :id 5 :key :icon :text "image/gif R0lGODlh")`);
    assert.equal((await a.expect("shirakumo:set-user-info")).id, 5);
    const reply = await (await srv.client()).handshake("bob");
    assert.ok((reply.extensions as string[]).includes("shirakumo-icons"));
  },
);
