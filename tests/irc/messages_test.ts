/** PRIVMSG, NOTICE and /me between IRC and Lichat; edits, reactions and data shown to IRC. */
import assert from "node:assert/strict";
import { fromUniversalTime } from "../../protocol/mod.ts";
import { formatMessage } from "../../server/irc/message.ts";
import { nextId } from "../helpers/raw.ts";
import { received } from "../helpers/scene.ts";
import { WsClient } from "../helpers/ws.ts";
import { ircTest, mixedChannel, text } from "./scene.ts";

ircTest(
  "PRIVMSG and NOTICE to a channel are Lichat messages, and Lichat messages PRIVMSGs",
  async (srv) => {
    const { l: [a], i: [i, j] } = await mixedChannel(srv, "tea", ["alice"], ["bob", "carol"]);
    await i.send("PRIVMSG #tea :hello, alice");
    const m = await a.waitFor("message");
    assert.deepEqual([m.from, m.channel, m.text], ["bob", "tea", "hello, alice"]);
    const seen = await j.waitFor("PRIVMSG");
    assert.deepEqual([seen.source, ...seen.params], [
      "bob!lichat@TestServer",
      "#tea",
      "hello, alice",
    ]);
    await i.send("NOTICE #tea :a notice");
    assert.equal((await a.waitFor("message")).text, "a notice");
    await a.send(`(message :id ${nextId()} :channel "tea" :text "hi both")`);
    // (Lichat has no notices: carol sees bob's NOTICE as a message.)
    assert.equal(text(await j.waitFor("PRIVMSG")), "a notice");
    for (const c of [i, j]) {
      const p = await c.waitFor("PRIVMSG");
      assert.deepEqual([p.source, ...p.params], ["alice!lichat@TestServer", "#tea", "hi both"]);
    }
    // Without echo-message the sender does not get its own message back.
    assert.deepEqual((await i.quiet()).map((x) => x.command), []);
  },
);

ircTest("/me is a message saying so, both ways; other CTCP is not carried", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  await i.send("PRIVMSG #tea :\x01ACTION waves\x01");
  assert.equal((await a.waitFor("message")).text, "*bob waves*");
  await a.send(`(message :id ${nextId()} :channel "tea" :text "*alice bows*")`);
  assert.equal(text(await i.waitFor("PRIVMSG")), "\x01ACTION bows\x01");
  await a.waitFor("message", (u) => u.from === "alice");
  await i.send("PRIVMSG #tea :\x01VERSION\x01");
  assert.match(text(await i.waitFor("NOTICE")), /CTCP VERSION is not carried/);
  assert.deepEqual(await received(a), []);
});

ircTest(
  "Lichat text: lines become PRIVMSGs, long ones cut to fit 512 bytes; IRC formatting is dropped",
  async (srv) => {
    const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
    await a.send(`(message :id ${nextId()} :channel "tea" :text "one\ntwo\n\nthree")`);
    for (const want of ["one", "two", "three"]) {
      assert.equal(text(await i.waitFor("PRIVMSG")), want);
    }
    const long = "ü".repeat(600);
    await a.send(`(message :id ${nextId()} :channel "tea" :text "${long}")`);
    let joined = "";
    while (joined.length < long.length) {
      const p = await i.waitFor("PRIVMSG");
      const bytes = new TextEncoder().encode(formatMessage(p) + "\r\n").length;
      assert.ok(bytes <= 512, `${bytes} bytes`);
      joined += text(p);
    }
    assert.equal(joined, long);
    await i.send("PRIVMSG #tea :\x02bold\x02 and \x0304,01red\x03");
    assert.equal((await a.waitFor("message", (u) => u.from === "bob")).text, "bold and red");
  },
);

ircTest(
  "echo-message: the sender sees its message as the channel does; server-time and msgid tag it",
  async (srv) => {
    const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"], [
      "echo-message",
      "server-time",
      "message-tags",
    ]);
    await i.send("PRIVMSG #tea :echoed");
    const echo = await i.waitFor("PRIVMSG");
    assert.deepEqual([echo.source, ...echo.params], ["bob!lichat@TestServer", "#tea", "echoed"]);
    const m = await a.waitFor("message");
    assert.equal(echo.tags.time, new Date(fromUniversalTime(m.clock!)).toISOString());
    assert.ok(echo.tags.msgid);
    // A reply names the message by its msgid: Lichat's reply-to.
    await i.sendMessage({
      tags: { "+draft/reply": echo.tags.msgid },
      command: "PRIVMSG",
      params: ["#tea", "replying"],
    });
    const r = await a.waitFor("message");
    assert.deepEqual(r["shirakumo:reply-to"], ["bob", m.id]);
    const shown = await i.waitFor("PRIVMSG");
    assert.equal(shown.tags["+draft/reply"], echo.tags.msgid);
    // A reaction (TAGMSG +draft/react) is a Lichat react on that message.
    await i.sendMessage({
      tags: { "+draft/react": "👍", "+draft/reply": echo.tags.msgid },
      command: "TAGMSG",
      params: ["#tea"],
    });
    const react = await a.waitFor("shirakumo:react");
    assert.deepEqual([react.target, react["update-id"], react.emote], ["bob", m.id, "👍"]);
  },
);

ircTest("A message from the user's own Lichat connection shows as theirs", async (srv) => {
  const { l: [a] } = await mixedChannel(srv, "tea", ["alice"], []);
  const b = await srv.user("bob");
  await b.send(`(register :id ${nextId()} :password "bob-pw-1")`);
  await b.expect("register");
  const i = await srv.ircUser("bob", { pass: "bob-pw-1" });
  await i.send("JOIN #tea");
  await i.waitFor("366", (m) => m.params[1] === "#tea");
  await b.send(`(message :id ${nextId()} :channel "tea" :text "from my phone")`);
  const p = await i.waitFor("PRIVMSG");
  assert.deepEqual([p.source, ...p.params], ["bob!lichat@TestServer", "#tea", "from my phone"]);
  await a.waitFor("message");
});

ircTest("Edits, reactions and data from Lichat users are readable lines", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  await a.send(`(message :id 77 :channel "tea" :text "tpyo")`);
  await i.waitFor("PRIVMSG");
  await a.send(`(shirakumo:edit :id 77 :channel "tea" :text "typo")`);
  assert.equal(text(await i.waitFor("PRIVMSG")), "\x01ACTION edited a message: typo\x01");
  await a.send(`(shirakumo:edit :id 77 :channel "tea" :text "")`);
  assert.equal(text(await i.waitFor("PRIVMSG")), "\x01ACTION deleted a message\x01");
  await a.send(
    `(shirakumo:react :id ${nextId()} :channel "tea" :target "alice" :update-id 77 :emote "🎉")`,
  );
  assert.equal(text(await i.waitFor("PRIVMSG")), "\x01ACTION reacted 🎉 to alice's message\x01");
  await a.send(
    `(shirakumo:data :id ${nextId()} :channel "tea" :content-type "image/png" :filename "cat.png" :payload "iVBORw0KGgo=")`,
  );
  assert.equal(
    text(await i.waitFor("PRIVMSG")),
    "\x01ACTION sent a file: cat.png (image/png), which IRC cannot show\x01",
  );
});

ircTest("With --link-url, data reaches IRC as its link", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  await a.send(
    `(shirakumo:data :id ${nextId()} :channel "tea" :content-type "image/png" :filename "cat.png" :payload "iVBORw0KGgo=")`,
  );
  const line = text(await i.waitFor("PRIVMSG"));
  assert.match(
    line,
    // deno-lint-ignore no-control-regex -- CTCP's marker
    /^\x01ACTION shared a file: https:\/\/chat\.example\/link\/\S+ \(image\/png\)\x01$/,
  );
}, { wsPort: -1, linkUrl: "https://chat.example/link/" });

ircTest("A WebSocket Lichat user and an IRC user chat both ways", async (srv) => {
  const { i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  const w = await WsClient.connect(srv.wsUrl!);
  await w.handshake("webby");
  w.send(`(join :id ${nextId()} :channel "tea")`);
  assert.equal(
    (await i.waitFor("JOIN", (m) => m.params[0] === "#tea")).source,
    "webby!lichat@TestServer",
  );
  w.send(`(message :id ${nextId()} :channel "tea" :text "from the browser")`);
  const p = await i.waitFor("PRIVMSG");
  assert.deepEqual([p.source, text(p)], ["webby!lichat@TestServer", "from the browser"]);
  await i.send("PRIVMSG #tea :from irssi");
  assert.equal((await w.waitFor("message", (u) => u.from === "bob")).text, "from irssi");
  w.close();
}, { wsPort: -1 });
