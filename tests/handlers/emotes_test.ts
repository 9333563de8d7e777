/** shirakumo-emotes: channel emotes set by the registrant, fetched by what clients lack. */
import assert from "node:assert/strict";
import { registeredOwner, room, settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

const PNG = "iVBORw0KGgo=";

serverTest("emotes: set by the registrant, sent to those who lack them", async (srv) => {
  const a = await registeredOwner(srv);
  const b = await srv.user("bob");
  await b.send('(join :id 3 :channel "room")');
  await b.waitFor("join", (u) => u.from === "bob" && u.channel === "room");
  await settle([a, b]);
  await b.send(
    `(shirakumo:emote :id 4 :channel "room" :name "cat" :content-type "image/png" :payload "${PNG}")`,
  );
  await expectFailure(b, "insufficient-permissions", 4);
  await a.send(
    `(shirakumo:emote :id 5 :channel "room" :name "Cat" :content-type "image/png" :payload "${PNG}")`,
  );
  for (const c of [a, b]) assert.equal((await c.expect("shirakumo:emote")).name, "Cat");
  // A client that has it gets only the names; one that lacks it, the emote first.
  await b.send('(shirakumo:emotes :id 6 :channel "room" :names ("CAT"))');
  assert.deepEqual((await b.expect("shirakumo:emotes")).names, ["Cat"]);
  await b.send('(shirakumo:emotes :id 7 :channel "room")');
  const e = await b.expect("shirakumo:emote");
  assert.deepEqual([e.id, e.name, e["content-type"], e.payload], [7, "Cat", "image/png", PNG]);
  assert.equal((await b.expect("shirakumo:emotes")).id, 7);
  // Without a channel: the primary channel's (none).
  await b.send("(shirakumo:emotes :id 8)");
  assert.deepEqual((await b.expect("shirakumo:emotes")).names, []);
  // A reaction may use it.
  await b.send('(shirakumo:react :id 9 :channel "room" :target "alice" :update-id 5 :emote "cat")');
  assert.equal((await a.waitFor("shirakumo:react")).emote, "cat");
  // An empty payload removes it.
  await a.send(
    '(shirakumo:emote :id 10 :channel "room" :name "cat" :content-type "image/png" :payload "")',
  );
  await a.waitFor("shirakumo:emote", (u) => u.id === 10);
  await a.send('(shirakumo:emotes :id 11 :channel "room")');
  assert.deepEqual((await a.waitFor("shirakumo:emotes")).names, []);
});

serverTest("emotes: limits, content types, and channels without emotes", async (srv) => {
  const a = await registeredOwner(srv);
  const emote = (id: number, name: string, type = "image/png", payload = PNG) =>
    a.send(
      `(shirakumo:emote :id ${id} :channel "room" :name "${name}" :content-type "${type}" :payload "${payload}")`,
    );
  await emote(3, "one");
  await a.expect("shirakumo:emote");
  await emote(4, "two");
  await expectFailure(a, "shirakumo:emote-list-full", 4);
  await emote(5, "one", "text/plain");
  await expectFailure(a, "shirakumo:bad-content-type", 5);
  await emote(6, "one", "image/png", "QUJD".repeat(10));
  await expectFailure(a, "update-too-long", 6);
  // Channels of unregistered users hold none.
  const [, c] = await room(srv, "plain", "bob", "carol");
  await c.send('(shirakumo:emotes :id 7 :channel "plain")');
  await expectFailure(c, "insufficient-permissions", 7);
  const reply = await (await srv.client()).handshake("dave");
  for (const x of ["shirakumo-emotes", "shirakumo-emote"]) {
    assert.ok((reply.extensions as string[]).includes(x), x);
  }
}, { maxEmotes: 1, maxEmoteSize: 20 });
