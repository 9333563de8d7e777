/**
 * The terminal client's conversation commands, in pseudo-terminals against
 * the real server: a private conversation by name between two terminal
 * users, and the extension commands (topic, edit, react, upload, search,
 * backfill) as another user on a raw connection sees them.
 */
import assert from "node:assert/strict";
import { searchQuery } from "../../client/mini/commands.ts";
import { KEYWORD, makeSym } from "../../protocol/mod.ts";
import { mini, terminalTest } from "../helpers/mini.ts";

terminalTest("a private conversation, shown and switched to by the other's name", async (srv) => {
  const alice = mini(srv, "alice");
  const bob = mini(srv, "bob");
  try {
    await alice.see(/Connected/);
    await bob.see(/Connected/);
    await alice.enter("/msg bob hello in private");
    await bob.see(/alice opened a private conversation with you: \/switch alice to answer/);
    await bob.see(/^\d\d:\d\d \[alice\] <alice> hello in private$/m);
    await bob.type("/switch al\t");
    await bob.prompt(/^\[-\] \/switch alice$/);
    await bob.type("\r");
    await bob.prompt(/^\[alice\] $/);
    await bob.enter("hi alice");
    // alice did not switch (/msg does not): the line is marked with bob's name.
    await alice.see(/^\d\d:\d\d \[bob\] <bob> hi alice$/m);
    await alice.prompt(/^\[-\] $/);
    // /query finds the same conversation rather than opening another.
    await alice.enter("/query bob");
    await alice.see(/Now talking privately with bob/);
    await alice.prompt(/^\[bob\] $/);
    await alice.enter("same place");
    await bob.see(/^\d\d:\d\d <alice> same place$/m);
    const anonymous = [...srv.server.actor.findUser("alice")!.channels].filter((c) =>
      c.name.startsWith("@")
    );
    assert.equal(anonymous.length, 1);
    // Nobody else can see it.
    const eve = await srv.user("eve");
    await eve.send("(channels :id 9)");
    const list = await eve.waitFor("channels", (u) => u.id === 9);
    assert.ok(!(list.channels as string[]).some((c) => c.startsWith("@")));
    await alice.enter("/quit");
    await bob.enter("/quit");
    assert.equal(await alice.exit(), 0);
    assert.equal(await bob.exit(), 0);
  } finally {
    alice.kill();
    bob.kill();
  }
});

Deno.test("search queries follow shirakumo.mess §18's queryspec", () => {
  assert.deepEqual(searchQuery("hello there"), [makeSym("text", KEYWORD), ["*hello there*"]]);
  assert.deepEqual(searchQuery("from:bob cats"), [
    makeSym("from", KEYWORD),
    ["bob"],
    makeSym("text", KEYWORD),
    ["*cats*"],
  ]);
  assert.deepEqual(searchQuery("50%_off*"), [makeSym("text", KEYWORD), ["*50%\\_off\\**"]]);
});

terminalTest("topic, edit, react, upload, search and backfill", async (srv) => {
  const t = mini(srv, "alice");
  const dir = await Deno.makeTempDir();
  try {
    await t.see(/Connected/);
    // alice makes the channel: setting its topic is its registrant's.
    await t.enter("/create lobby");
    await t.prompt(/^\[lobby\] $/);
    const bob = await srv.user("bob");
    await bob.send('(join :id 1 :channel "lobby")');
    await t.see(/bob joined lobby/);
    await t.enter("/topic Cats only");
    const topic = await bob.waitFor("shirakumo:set-channel-info", (u) => u.from === "alice");
    assert.equal(topic.text, "Cats only");
    await t.enter("/topic");
    await t.see(/topic of lobby: Cats only/);

    await t.enter("helo");
    const said = await bob.waitFor("message", (u) => u.from === "alice");
    await t.enter("/edit hello");
    const edit = await bob.waitFor("shirakumo:edit", (u) => u.from === "alice");
    assert.equal(edit.id, said.id);
    assert.equal(edit.text, "hello");
    await t.see(/<alice> hello \(edited\)/);

    await bob.send('(message :id 7 :channel "lobby" :text "nice cat")');
    await t.see(/<bob> nice cat/);
    await t.enter("/react 👍");
    const react = await bob.waitFor("shirakumo:react", (u) => u.from === "alice");
    assert.deepEqual([react.target, react["update-id"], react.emote], ["bob", 7, "👍"]);
    await t.see(/alice reacted 👍 to bob's "nice cat"/);

    await Deno.writeTextFile(`${dir}/note.txt`, "a note");
    await t.enter(`/upload ${dir}/note.txt`);
    const data = await bob.waitFor("shirakumo:data", (u) => u.from === "alice");
    assert.deepEqual([data.filename, data["content-type"], data.payload], [
      "note.txt",
      "text/plain",
      btoa("a note"),
    ]);
    await t.see(/<alice> sent note\.txt \(text\/plain, 6 bytes\)/);

    await t.enter("/search cat");
    await t.see(/\*\* 1 found in lobby:\n {2}\d\d:\d\d <bob> nice cat/);
    await t.enter("/backfill");
    await t.see(/Caught up with lobby\./);
    await t.enter("/quit");
    assert.equal(await t.exit(), 0);
  } finally {
    t.kill();
    await Deno.remove(dir, { recursive: true });
  }
});
