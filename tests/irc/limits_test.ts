/**
 * Flood control, size limits, liveness and closing apply to IRC connections
 * as to Lichat ones: IRC lines are Lichat updates through the same stage.
 */
import assert from "node:assert/strict";
import { nextId } from "../helpers/raw.ts";
import { quiet } from "../helpers/scene.ts";
import { ircTest, mixedChannel, text } from "./scene.ts";

ircTest(
  "flood control: past --flood-limit updates are dropped with a notice, until the window ends",
  async (srv) => {
    const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
    const lines = Array.from({ length: 12 }, (_, n) => `PRIVMSG #tea :m${n}`);
    await i.send(...lines);
    assert.match(text(await i.waitFor("NOTICE")), /More than 10 updates in 30 seconds/);
    // What passed reached alice (before the notice was sent); the rest did not.
    const got = (await quiet(a)).filter((u) => u.type === "message").map((u) => String(u.text));
    assert.ok(got.length > 0 && got.length < 12, got.join());
    assert.deepEqual(got, lines.slice(0, got.length).map((l) => l.slice(14)));
    srv.clock.advance(30_000);
    await i.send("PRIVMSG #tea :later");
    assert.equal((await a.waitFor("message")).text, "later");
  },
  { floodLimit: 10 },
);

ircTest(
  "flood control: a private message whose channel was being made when updates were dropped is given up",
  async (srv) => {
    const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
    await i.send(
      ...Array.from({ length: 10 }, (_, n) => `PRIVMSG #tea :m${n}`),
      "PRIVMSG alice :hi",
    );
    assert.match(text(await i.waitFor("NOTICE")), /More than 10 updates/);
    assert.deepEqual((await i.waitFor("401")).params.slice(1), [
      "alice",
      "Not sent: too many updates; try again later",
    ]);
    srv.clock.advance(30_000);
    await i.send("PRIVMSG alice :again");

    const m = await a.waitFor("message", (u) => u.text === "again");
    assert.ok(String(m.channel).startsWith("@"));
  },
  { floodLimit: 10 },
);

ircTest("flood control: flooding on past twice the limit closes the connection", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  await i.send(...Array.from({ length: 30 }, (_, n) => `PRIVMSG #tea :m${n}`));
  await i.waitFor("ERROR");
  await i.waitClosed();
  await a.waitFor("leave", (u) => u.from === "bob" && u.channel === "tea");
}, { floodLimit: 10 });

ircTest(
  "flood control: commands answered without an update count in their own window",
  async (srv) => {
    const { i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
    await i.send(...Array.from({ length: 12 }, () => "NAMES #tea"));
    assert.match(text(await i.waitFor("NOTICE")), /More than 10 commands in 30 seconds/);
    await i.send(...Array.from({ length: 12 }, () => "NAMES #tea"));
    await i.waitFor("ERROR");
    await i.waitClosed();
  },
  { floodLimit: 10 },
);

ircTest(
  "limits: an update over --max-update-size and a line over --irc-max-line get 417",
  async (srv) => {
    const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
    await i.send("PRIVMSG #tea :" + "x".repeat(600));
    assert.match(text(await i.waitFor("417")), /at most 512/);
    await i.send("PRIVMSG #tea :" + "y".repeat(1000));
    assert.match(text(await i.waitFor("417")), /too long/);
    await i.sendRaw(new Uint8Array([0x50, 0x49, 0x4e, 0x47, 0x20, 0xff, 0x0d, 0x0a]));
    assert.deepEqual((await i.waitFor("FAIL")).params.slice(0, 2), ["*", "INVALID_UTF8"]);
    await i.send("PRIVMSG #tea :fits");
    assert.equal((await a.waitFor("message")).text, "fits");
  },
  { maxUpdateSize: 512, ircMaxLine: 800 },
);

ircTest("limits: a full server refuses an IRC connection with ERROR", async (srv) => {
  await srv.user("alice");
  const i = await srv.irc();
  assert.match(text(await i.waitFor("ERROR")), /server is full/);
  await i.waitClosed();
}, { connectionLimit: 1 });

ircTest("PING and PONG both ways keep the connection; silence drops it", async (srv) => {
  const i = await srv.ircUser("bob");
  await i.send("PING :are you there");
  const pong = await i.waitFor("PONG");
  assert.deepEqual(pong.params, ["TestServer", "are you there"]);
  srv.clock.advance(61_000);
  const ping = await i.waitFor("PING");
  await i.send(`PONG :${ping.params[0]}`);
  await i.quiet();
  srv.clock.advance(61_000);
  const again = await i.waitFor("PING");
  assert.notEqual(again.params[0], ping.params[0]);
  // Not answered: dropped after --idle-timeout.
  srv.clock.advance(120_000);
  assert.match(text(await i.waitFor("NOTICE")), /Nothing was heard from you/);
  await i.waitFor("ERROR");
  await i.waitClosed();
});

ircTest("QUIT disconnects; the Lichat users see the IRC user leave", async (srv) => {
  const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
  await i.send("QUIT :bye");
  await i.waitFor("ERROR");
  await i.waitClosed();
  await a.waitFor("leave", (u) => u.from === "bob" && u.channel === "tea");
  assert.equal(srv.server.actor.findUser("bob"), undefined);
});

ircTest("A slow IRC reader is dropped like a slow Lichat reader", async (srv) => {
  const { l: [a] } = await mixedChannel(srv, "tea", ["alice"], []);
  const i = await srv.irc();
  await i.register("bob");
  await i.send("JOIN #tea");
  await i.waitFor("366", (m) => m.params[1] === "#tea");
  i.pauseReading();
  // Each message is 30 000 IRC lines (1.2 MB) to bob, but 60 kB to alice.
  const lines = "a\n".repeat(30_000);
  for (let n = 0; n < 40; n++) {
    await a.send(`(message :id ${nextId()} :channel "tea" :text "${lines}")`);
  }
  await a.waitFor("leave", (u) => u.from === "bob", 10_000);
}, { maxQueue: 16, floodLimit: 1000 });

ircTest(
  "A long Lichat message is many lines, all written to a reader, whatever --max-queue",
  async (srv) => {
    const { l: [a], i: [i] } = await mixedChannel(srv, "tea", ["alice"], ["bob"]);
    await a.send(`(message :id ${nextId()} :channel "tea" :text "${"line\n".repeat(100)}")`);
    for (let n = 0; n < 100; n++) assert.equal(text(await i.waitFor("PRIVMSG")), "line");
  },
  { maxQueue: 16 },
);

ircTest("Server shutdown closes IRC connections with ERROR", async (srv) => {
  const i = await srv.ircUser("bob");
  const stopping = srv.server.shutdown();
  await i.waitFor("ERROR");
  await i.waitClosed();
  await stopping;
});
