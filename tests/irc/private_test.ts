/** Private messages: PRIVMSG to a nick as a private anonymous channel, and back. */
import assert from "node:assert/strict";
import { nextId } from "../helpers/raw.ts";
import { ircTest, text } from "./scene.ts";

ircTest(
  "PRIVMSG to a nick: an anonymous channel with that user, made on first use",
  async (srv) => {
    const a = await srv.user("alice");
    const i = await srv.ircUser("bob");
    await i.send("PRIVMSG alice :psst", "PRIVMSG alice :are you there?");
    const join = await a.waitFor("join", (u) => u.from === "alice");
    const channel = String(join.channel);
    assert.ok(channel.startsWith("@"), channel);
    assert.equal(srv.server.actor.findChannel(channel)!.kind, "anonymous");
    for (const want of ["psst", "are you there?"]) {
      const m = await a.waitFor("message");
      assert.deepEqual([m.from, m.channel, m.text], ["bob", channel, want]);
    }
    // Alice answers in that channel: bob sees a private message from her.
    await a.send(`(message :id ${nextId()} :channel "${channel}" :text "yes")`);
    const p = await i.waitFor("PRIVMSG");
    assert.deepEqual([p.source, ...p.params], ["alice!lichat@TestServer", "bob", "yes"]);
    // Further messages to alice go to the same channel.
    await i.send("PRIVMSG alice :good");
    assert.equal((await a.waitFor("message", (u) => u.from === "bob")).channel, channel);
    assert.equal(
      [...srv.server.actor.findUser("bob")!.channels].filter((c) => c.kind === "anonymous").length,
      1,
    );
  },
);

ircTest("A Lichat user's private channel shows as a query; replies go back to it", async (srv) => {
  const a = await srv.user("alice");
  const i = await srv.ircUser("bob");
  await a.send(`(create :id 1 :channel ())`);
  const created = await a.waitFor("join", (u) => u.id === 1);
  const channel = String(created.channel);
  await a.send(`(pull :id 2 :channel "${channel}" :target "bob")`);
  await a.send(`(message :id 3 :channel "${channel}" :text "a word, bob?")`);
  const p = await i.waitFor("PRIVMSG");
  assert.deepEqual([p.source, ...p.params], ["alice!lichat@TestServer", "bob", "a word, bob?"]);
  await i.send("PRIVMSG alice :sure");
  const back = await a.waitFor("message", (u) => u.from === "bob");
  assert.deepEqual([back.channel, back.text], [channel, "sure"]);
  // No JOIN is shown for a query.
  assert.ok(!i.lines.some((l) => l.includes("JOIN #@")));
  // When alice leaves, bob is told and leaves the dead channel too.
  await a.send(`(leave :id 4 :channel "${channel}")`);
  assert.match(text(await i.waitFor("NOTICE")), /alice left your private conversation/);
  await i.quiet();
  assert.equal(srv.server.actor.findChannel(channel), undefined);
});

ircTest("An anonymous channel of three shows as the channel #@name", async (srv) => {
  const a = await srv.user("alice");
  const c = await srv.user("carol");
  const i = await srv.ircUser("bob");
  await a.send(`(create :id 1 :channel ())`);
  const channel = String((await a.waitFor("join", (u) => u.id === 1)).channel);
  await a.send(`(pull :id 2 :channel "${channel}" :target "carol")`);
  await c.waitFor("join", (u) => u.channel === channel);
  await a.send(`(pull :id 3 :channel "${channel}" :target "bob")`);
  await a.send(`(message :id 4 :channel "${channel}" :text "all here")`);
  const join = await i.waitFor("JOIN", (m) => m.params[0] !== "#TestServer");
  assert.equal(join.params[0], "#" + channel);
  const m = await i.waitFor("PRIVMSG");
  assert.deepEqual(m.params, ["#" + channel, "all here"]);
  await i.send(`PRIVMSG #${channel} :hi all`);
  assert.equal((await c.waitFor("message", (u) => u.from === "bob")).text, "hi all");
});

ircTest("PRIVMSG to oneself, and to someone who cannot be pulled", async (srv) => {
  const i = await srv.ircUser("bob", { caps: ["echo-message"] });
  await i.send("PRIVMSG bob :note to self");
  const p = await i.waitFor("PRIVMSG");
  assert.deepEqual([p.source, ...p.params], ["bob!lichat@TestServer", "bob", "note to self"]);
  await i.send("PRIVMSG ghost :anyone?");
  assert.equal((await i.waitFor("401")).params[1], "ghost");
  await i.quiet();
  const bob = srv.server.actor.findUser("bob")!;
  assert.equal([...bob.channels].filter((c) => c.kind === "anonymous").length, 1);
});

ircTest("A query becomes the channel #@name when a third user is pulled in", async (srv) => {
  const a = await srv.user("alice");
  const c = await srv.user("carol");
  const i = await srv.ircUser("bob");
  await i.send("PRIVMSG alice :just us");
  const m = await a.waitFor("message", (u) => u.from === "bob");
  const channel = String(m.channel);
  await a.send(`(pull :id 5 :channel "${channel}" :target "carol")`);
  await c.waitFor("join", (u) => u.channel === channel);
  const join = await i.waitFor("JOIN", (x) => x.params[0] === "#" + channel);
  assert.equal(join.source, "bob!lichat@TestServer");
  const names = await i.waitFor("353");
  assert.deepEqual(text(names).split(" ").sort(), ["alice", "bob", "carol"]);
  await c.send(`(message :id 6 :channel "${channel}" :text "hello group")`);
  assert.deepEqual((await i.waitFor("PRIVMSG")).params, ["#" + channel, "hello group"]);
});
