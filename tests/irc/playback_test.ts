/** Backfill as a chathistory batch for channels the user was in already, when asked for. */
import assert from "node:assert/strict";
import { fromUniversalTime } from "../../protocol/mod.ts";
import { nextId } from "../helpers/raw.ts";
import { ircTest, text } from "./scene.ts";
import type { TestServer } from "../helpers/server.ts";

/** bob, registered, is in "tea" over Lichat while alice says two things there. */
async function history(srv: TestServer) {
  const a = await srv.user("alice");
  await a.send(`(create :id ${nextId()} :channel "tea")`);
  await a.waitFor("join", (u) => u.channel === "tea");
  const b = await srv.user("bob");
  await b.send(`(register :id ${nextId()} :password "bob-pw-1")`);
  await b.expect("register");
  await b.send(`(join :id ${nextId()} :channel "tea")`);
  await a.waitFor("join", (u) => u.from === "bob" && u.channel === "tea");
  for (const t of ["first", "second"]) {
    await a.send(`(message :id ${nextId()} :channel "tea" :text "${t}")`);
  }
  const said = await b.waitFor("message", (u) => u.text === "first");
  await b.waitFor("message", (u) => u.text === "second");
  return said;
}

ircTest(
  "playback: with batch and server-time, a channel's backlog comes as a chathistory batch",
  async (srv) => {
    const first = await history(srv);
    const i = await srv.irc();
    // The user's channels are joined before the MOTD, as Lichat sends them (§4.1 step 12).
    const welcome = await i.register("bob", { pass: "bob-pw-1", caps: ["batch", "server-time"] });
    const join = welcome.find((m) => m.command === "JOIN" && m.params[0] === "#tea")!;
    assert.equal(join.source, "bob!lichat@TestServer");
    const open = welcome.find((m) => m.command === "BATCH")!;
    const [ref, type, target] = open.params;
    assert.ok(ref.startsWith("+"));
    assert.deepEqual([type, target], ["chathistory", "#tea"]);
    const lines = [];
    for (let m = await i.next(); m.command !== "BATCH"; m = await i.next()) {
      if (m.command === "PRIVMSG") lines.push(m);
    }
    assert.deepEqual(lines.map(text), ["first", "second"]);
    assert.ok(lines.every((m) => m.tags.batch === ref.slice(1)));
    assert.equal(lines[0].tags.time, new Date(fromUniversalTime(first.clock!)).toISOString());
  },
);

ircTest("playback: without those capabilities there is none", async (srv) => {
  await history(srv);
  const i = await srv.irc();
  const welcome = await i.register("bob", { pass: "bob-pw-1" });
  assert.ok(welcome.some((m) => m.command === "JOIN" && m.params[0] === "#tea"));
  const rest = [...welcome, ...await i.quiet()];
  assert.ok(!rest.some((m) => m.command === "BATCH" || m.command === "PRIVMSG"));
});
