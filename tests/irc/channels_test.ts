/** JOIN, PART, NAMES, TOPIC, KICK, INVITE and LIST between IRC and Lichat users. */
import assert from "node:assert/strict";
import { expectFailure } from "../helpers/failures.ts";
import { nextId } from "../helpers/raw.ts";
import { received } from "../helpers/scene.ts";
import { ircTest, mixedChannel, text } from "./scene.ts";

ircTest(
  "JOIN: an existing channel is joined; the Lichat users see it; topic and NAMES follow",
  async (srv) => {
    const { l: [a] } = await mixedChannel(srv, "tea", ["alice"], []);
    await a.send(
      `(shirakumo:set-channel-info :id ${nextId()} :channel "tea" :key :topic :text "Oolong")`,
    );
    await a.waitFor("shirakumo:set-channel-info");
    const i = await srv.ircUser("bob");
    await i.send("JOIN #tea");
    const join = await i.waitFor("JOIN");
    assert.equal(join.source, "bob!lichat@TestServer");
    assert.deepEqual(join.params, ["#tea"]);
    const topic = await i.waitFor("332");
    assert.deepEqual(topic.params, ["bob", "#tea", "Oolong"]);
    const names = await i.waitFor("353");
    assert.deepEqual(names.params.slice(1, 3), ["=", "#tea"]);
    assert.deepEqual(text(names).split(" ").sort(), ["alice", "bob"]);
    await i.waitFor("366");
    const seen = await a.waitFor("join", (u) => u.from === "bob" && u.channel === "tea");
    assert.equal(seen.channel, "tea");
  },
);

ircTest(
  "JOIN: a channel that does not exist is created (IRC makes channels by joining)",
  async (srv) => {
    const i = await srv.ircUser("bob");
    await i.send("JOIN #new%20room");
    assert.deepEqual((await i.waitFor("JOIN", (m) => m.params[0] !== "#TestServer")).params, [
      "#new%20room",
    ]);
    await i.waitFor("366", (m) => m.params[1] === "#new%20room");
    const ch = srv.server.actor.findChannel("new room")!;
    assert.equal(ch.registrant, "bob");
    // Joining it again is nothing, as on IRC.
    await i.send("JOIN #new%20room");
    assert.deepEqual((await i.quiet()).map((m) => m.command), []);
    // Names IRC has no Lichat name for are refused.
    await i.send("JOIN #" + "x".repeat(40));
    assert.equal((await i.waitFor("479")).params[1], "#" + "x".repeat(40));
  },
);

ircTest("JOIN from Lichat, PART both ways", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  const c = await srv.user("carol");
  await c.send(`(join :id ${nextId()} :channel "tea")`);
  const join = await i.waitFor("JOIN", (m) => m.params[0] === "#tea");
  assert.equal(join.source, "carol!lichat@TestServer");
  await c.send(`(leave :id ${nextId()} :channel "tea")`);
  const part = await i.waitFor("PART");
  assert.deepEqual([part.source, part.params[0]], ["carol!lichat@TestServer", "#tea"]);
  await i.send("PART #tea :bye");
  assert.equal((await i.waitFor("PART")).source, "bob!lichat@TestServer");
  const left = await a.waitFor("leave", (u) => u.from === "bob");
  assert.equal(left.channel, "tea");
  await i.send("PART #tea");
  assert.equal((await i.waitFor("442")).params[1], "#tea");
  await i.send("PART #nowhere");
  assert.equal((await i.waitFor("403")).params[1], "#nowhere");
  // Lichat users may not leave the primary channel.
  await i.send("PART #TestServer");
  assert.equal((await i.waitFor("482")).params[1], "#TestServer");
});

ircTest("NAMES and WHO of a joined channel follow joins and leaves", async (srv) => {
  const { i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  const c = await srv.user("Carol Ann");
  await c.send(`(join :id ${nextId()} :channel "tea")`);
  const join = await i.waitFor("JOIN", (m) => m.params[0] === "#tea");
  assert.equal(join.source, "Carol%20Ann!lichat@TestServer");
  await i.send("NAMES #tea");
  assert.deepEqual(text(await i.waitFor("353")).split(" ").sort(), ["Carol%20Ann", "alice", "bob"]);
  await i.waitFor("366");
  await i.send("WHO #tea");
  const nicks: string[] = [];
  for (let m = await i.next(); m.command !== "315"; m = await i.next()) {
    assert.equal(m.command, "352");
    nicks.push(m.params[5]);
  }
  assert.deepEqual(nicks.sort(), ["Carol%20Ann", "alice", "bob"]);
  // A channel one is not in: asked of the server, which says no.
  await srv.user("dan").then((d) => d.send(`(create :id ${nextId()} :channel "other")`));
  await i.quiet();
  await i.send("NAMES #other");
  assert.equal((await i.waitFor("366")).params[1], "#other");
});

ircTest("TOPIC: read and set from IRC, set from Lichat; who may not gets 482", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  await i.send("TOPIC #tea");
  assert.equal((await i.waitFor("331")).params[1], "#tea");
  await i.send("TOPIC #tea :Sencha");
  assert.match(text(await i.waitFor("482")), /may not send shirakumo:set-channel-info/);
  await a.send(
    `(shirakumo:set-channel-info :id ${nextId()} :channel "tea" :key :topic :text "Matcha")`,
  );
  const t = await i.waitFor("TOPIC");
  assert.deepEqual([t.source, ...t.params], ["alice!lichat@TestServer", "#tea", "Matcha"]);
  await a.send(
    `(grant :id ${nextId()} :channel "tea" :target "bob" :update shirakumo:set-channel-info)`,
  );
  await a.waitFor("grant");
  await i.send("TOPIC #tea :Sencha");
  const set = await a.waitFor("shirakumo:set-channel-info");
  assert.deepEqual([set.from, set.text], ["bob", "Sencha"]);
  assert.equal(text(await i.waitFor("TOPIC")), "Sencha");
  await i.send("TOPIC #tea");
  assert.equal(text(await i.waitFor("332")), "Sencha");
});

ircTest("KICK: from IRC kicks the Lichat user; from Lichat kicks the IRC user", async (srv) => {
  const i = await srv.ircUser("bob");
  await i.send("JOIN #den");
  await i.waitFor("366", (m) => m.params[1] === "#den");
  const a = await srv.user("alice");
  await a.send(`(join :id ${nextId()} :channel "den")`);
  await i.waitFor("JOIN", (m) => m.source!.startsWith("alice!"));
  await i.send("KICK #den alice :out");
  const k = await a.waitFor("kick");
  assert.deepEqual([k.from, k.target, k.channel], ["bob", "alice", "den"]);
  const shown = await i.waitFor("KICK");
  assert.deepEqual(shown.params.slice(0, 2), ["#den", "alice"]);
  // The leave that follows the kick is not shown as a PART too.
  assert.deepEqual((await i.quiet()).map((m) => m.command), []);
  await i.send("KICK #den alice");
  assert.equal((await i.waitFor("441")).params[1], "alice");
  await i.send("KICK #den nobody");
  assert.equal((await i.waitFor("401")).params[1], "nobody");

  // The other way round: alice owns "hall", bob is kicked from it.
  await a.send(`(create :id ${nextId()} :channel "hall")`);
  await a.waitFor("join", (u) => u.channel === "hall");
  await i.send("JOIN #hall");
  await i.waitFor("366", (m) => m.params[1] === "#hall");
  await i.send("KICK #hall alice");
  assert.equal((await i.waitFor("482")).params[1], "#hall");
  await a.send(`(kick :id ${nextId()} :channel "hall" :target "bob")`);
  const kicked = await i.waitFor("KICK");
  assert.deepEqual([kicked.source, ...kicked.params.slice(0, 2)], [
    "alice!lichat@TestServer",
    "#hall",
    "bob",
  ]);
  await i.send("PRIVMSG #hall :still here?");
  assert.equal((await i.waitFor("404")).params[1], "#hall");
});

ircTest("INVITE pulls the Lichat user in; a Lichat pull joins the IRC user", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  const c = await srv.user("carol");
  await i.send("INVITE carol #tea");
  const join = await c.waitFor("join", (u) => u.channel === "tea");
  assert.equal(join.from, "carol");
  const inviting = await i.waitFor("341");
  assert.deepEqual(inviting.params, ["bob", "carol", "#tea"]);
  await i.send("INVITE carol #tea");
  assert.equal((await i.waitFor("443")).params[1], "carol");
  await i.send("INVITE nobody #tea");
  assert.equal((await i.waitFor("401")).params[1], "nobody");
  await a.send(`(create :id ${nextId()} :channel "back room")`);
  await a.waitFor("join");
  await a.send(`(pull :id ${nextId()} :channel "back room" :target "bob")`);
  const pulled = await i.waitFor("JOIN", (m) => m.params[0] === "#back%20room");
  assert.equal(pulled.source, "bob!lichat@TestServer");
  await i.waitFor("366", (m) => m.params[1] === "#back%20room");
});

ircTest("LIST shows the channels the user may list", async (srv) => {
  const { i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  await i.send("LIST");
  await i.waitFor("321");
  const listed: string[] = [];
  for (let m = await i.next(); m.command !== "323"; m = await i.next()) listed.push(m.params[1]);
  assert.deepEqual(listed.sort(), ["#TestServer", "#tea"]);
});

ircTest(
  "WHOIS and WHO of a nick: user-info; the account is shown for registered users",
  async (srv) => {
    const a = await srv.user("alice");
    await a.send(`(register :id ${nextId()} :password "alice-pw")`);
    await a.expect("register");
    await a.send(
      `(shirakumo:set-user-info :id ${nextId()} :key :real-name :text "Alice Liddell")`,
    );
    await a.expect("shirakumo:set-user-info");
    const i = await srv.ircUser("bob");
    await i.send("WHOIS alice");
    const user = await i.waitFor("311");
    assert.deepEqual(user.params.slice(1), ["alice", "lichat", "TestServer", "*", "Alice Liddell"]);
    assert.equal((await i.waitFor("330")).params[2], "alice");
    await i.waitFor("318");
    await i.send("WHOIS nobody");
    assert.equal((await i.waitFor("401")).params[1], "nobody");
    await i.waitFor("318");
    await i.send("WHO alice");
    assert.equal((await i.waitFor("352")).params[5], "alice");
    await i.waitFor("315");
    // Asking about alice tells her nothing (bob's arrival is all she sees).
    assert.deepEqual(await received(a), ["join"]);
  },
);

ircTest("Lichat failures come back as the numeric of the IRC command", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  // The primary channel: only the server speaks there.
  await i.send("PRIVMSG #TestServer :hello?");
  assert.equal((await i.waitFor("404")).params[1], "#TestServer");
  await i.send("PRIVMSG #nowhere :hello?");
  assert.equal((await i.waitFor("403")).params[1], "#nowhere");
  await i.send("PRIVMSG nobody :hello?");
  assert.equal((await i.waitFor("401")).params[1], "nobody");
  await i.send("FROBNICATE");
  assert.equal((await i.waitFor("421")).params[1], "FROBNICATE");
  await i.send("KICK #tea");
  assert.equal((await i.waitFor("461")).params[1], "KICK");
  await a.send(`(kick :id 5 :channel "tea" :target "nobody")`);
  await expectFailure(a, "no-such-user", 5);
});

ircTest("AWAY sets the status user info of a registered user", async (srv) => {
  const b = await srv.user("bob");
  await b.send(`(register :id ${nextId()} :password "bob-pw-1")`);
  await b.expect("register");
  const i = await srv.ircUser("bob", { pass: "bob-pw-1" });
  await i.send("AWAY :at lunch");
  await i.waitFor("306");
  await b.send(`(user-info :id 9 :target "bob")`);
  const info = await b.waitFor("user-info");
  assert.match(JSON.stringify(info["shirakumo:info"]), /at lunch/);
  await i.send("AWAY");
  await i.waitFor("305");
  // Unregistered users have no user info.
  const j = await srv.ircUser("carol");
  await j.send("AWAY :gone");
  assert.match(text(await j.waitFor("NOTICE")), /no-such-profile/);
});
