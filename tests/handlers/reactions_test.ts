/** shirakumo-reactions, -replies and -markup: reactions, replies and rich text. */
import assert from "node:assert/strict";
import { received, room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { isEmoji } from "../../server/extensions/reactions.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest("react: a member's emoji reaction goes to the channel", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await a.send('(message :id 1 :channel "room" :text "lunch?")');
  await b.waitFor("message");
  await b.send('(shirakumo:react :id 2 :channel "room" :target "alice" :update-id 1 :emote "👍🏽")');
  for (const c of [a, b]) {
    const r = await c.waitFor("shirakumo:react");
    assert.deepEqual([r.from, r.target, r["update-id"], r.emote], ["bob", "alice", 1, "👍🏽"]);
  }
  // Emoji only (no emotes extension here).
  await b.send('(shirakumo:react :id 3 :channel "room" :target "alice" :update-id 1 :emote "yes")');
  await expectFailure(b, "malformed-update", 3);
  await b.send('(shirakumo:react :id 4 :channel "room" :target "alice" :update-id 1 :emote "")');
  await expectFailure(b, "malformed-update", 4);
  assert.deepEqual(await received(a), []);
  // Members only.
  const c = await srv.user("carol");
  await c.send('(shirakumo:react :id 5 :channel "room" :target "alice" :update-id 1 :emote "👍")');
  assert.equal((await c.waitFor("not-in-channel"))["update-id"], 5);
});

serverTest("replies: reply-to travels with the message", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await a.send('(message :id 1 :channel "room" :text "lunch?")');
  await b.waitFor("message");
  // Extension fields are keyed by symbols of the extension's package (§6).
  await b.send('(message :id 2 :channel "room" :text "yes" shirakumo:reply-to ("alice" 1))');
  const m = await a.waitFor("message", (u) => u.id === 2);
  assert.deepEqual(m["shirakumo:reply-to"], ["alice", 1]);
  assert.match(a.texts.at(-1)!, / shirakumo:reply-to \("alice" 1\)\)$/);
});

serverTest("markup: the rich text travels with any text update", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  await a.send(
    '(message :id 1 :channel "room" :text "hi there" shirakumo:rich ("hi " (:bold "there")))',
  );
  const m = await b.waitFor("message", (u) => u.id === 1);
  assert.match(b.texts.at(-1)!, / shirakumo:rich \("hi " \(:bold "there"\)\)\)$/);
  assert.equal(m.text, "hi there");
});

serverTest("reactions and replies: announced in the connect reply", async (srv) => {
  const reply = await (await srv.client()).handshake("alice");
  for (const e of ["shirakumo-reactions", "shirakumo-replies", "shirakumo-markup"]) {
    assert.ok((reply.extensions as string[]).includes(e), e);
  }
});

Deno.test("isEmoji: emoji sequences yes, text and bare digits no", () => {
  for (const yes of ["👍", "👍🏽", "👨‍👩‍👧", "🇯🇵", "1️⃣", "❤️", "🎉🎉"]) assert.ok(isEmoji(yes), yes);
  for (const no of ["", "yes", "1", "#", "👍 ", "a👍", ":smile:"]) assert.ok(!isEmoji(no), no);
});
