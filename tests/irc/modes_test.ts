/** MODE as Lichat permission rules: +o/+v/+b as grant and deny, +i/+m/+t as whole rules. */
import assert from "node:assert/strict";
import { expectFailure } from "../helpers/failures.ts";
import { nextId } from "../helpers/raw.ts";
import { ircTest, text } from "./scene.ts";

/** bob (IRC) owns "den"; alice (Lichat) is in it. */
async function den(srv: Parameters<Parameters<typeof ircTest>[1]>[0]) {
  const i = await srv.ircUser("bob");
  await i.send("JOIN #den");
  await i.waitFor("366", (m) => m.params[1] === "#den");
  const a = await srv.user("alice");
  await a.send(`(join :id ${nextId()} :channel "den")`);
  await i.waitFor("JOIN", (m) => m.params[0] === "#den");
  await a.waitFor("join", (u) => u.channel === "den");
  return { i, a };
}

ircTest("MODE #c: the rules as modes, for who may read them; + for others", async (srv) => {
  const { i, a } = await den(srv);
  await i.send("MODE #den");
  assert.deepEqual((await i.waitFor("324")).params.slice(1), ["#den", "+t"]);
  const j = await srv.ircUser("carol");
  await j.send("JOIN #den");
  await j.waitFor("366", (m) => m.params[1] === "#den");
  await j.send("MODE #den");
  assert.deepEqual((await j.waitFor("324")).params.slice(1), ["#den", "+"]);
  await j.send("MODE #den b");
  assert.equal((await j.waitFor("368")).params[1], "#den");
  void a;
});

ircTest("MODE +o and -o grant and deny the operator's updates", async (srv) => {
  const { i, a } = await den(srv);
  await a.send(`(kick :id 1 :channel "den" :target "bob")`);
  await expectFailure(a, "insufficient-permissions", 1);
  await i.send("MODE #den +o alice");
  const shown = await i.waitFor("MODE");
  assert.deepEqual([shown.source, ...shown.params], [
    "bob!lichat@TestServer",
    "#den",
    "+o",
    "alice",
  ]);
  await a.send(`(shirakumo:set-channel-info :id 2 :channel "den" :key :topic :text "ops")`);
  assert.equal((await a.waitFor("shirakumo:set-channel-info")).id, 2);
  await i.send("MODE #den -o alice");
  await i.waitFor("MODE");
  await a.send(`(kick :id 3 :channel "den" :target "bob")`);
  await expectFailure(a, "insufficient-permissions", 3);
});

ircTest("MODE +b bans a name from joining, lists it, and -b lifts it", async (srv) => {
  const { i, a } = await den(srv);
  await i.send("MODE #den +b mallory!*@*");
  // Lichat rules name users the server knows.
  assert.equal((await i.waitFor("401")).params[1], "mallory");
  const m = await srv.user("mallory");
  await i.send("MODE #den +b mallory!*@*");
  await i.waitFor("MODE");
  await i.send("MODE #den b");
  assert.equal((await i.waitFor("367")).params[2], "mallory!*@*");
  await i.waitFor("368");
  await m.send(`(join :id 4 :channel "den")`);
  await expectFailure(m, "insufficient-permissions", 4);
  await i.send("MODE #den -b mallory");
  await i.waitFor("MODE");
  await m.send(`(join :id 5 :channel "den")`);
  assert.equal((await m.waitFor("join", (u) => u.channel === "den")).id, 5);
  await i.send("MODE #den +b *!*@example.org");
  assert.match(text(await i.waitFor("401")), /not masks/);
  void a;
});

ircTest("MODE +v/-v grant and deny message; +m/-m and +i/-i set whole rules", async (srv) => {
  const { i, a } = await den(srv);
  await i.send("MODE #den -v alice");
  await i.waitFor("MODE");
  await a.send(`(message :id 6 :channel "den" :text "muted?")`);
  await expectFailure(a, "insufficient-permissions", 6);
  await i.send("MODE #den +v alice");
  await i.waitFor("MODE");
  await a.send(`(message :id 7 :channel "den" :text "voiced")`);
  assert.equal(text(await i.waitFor("PRIVMSG")), "voiced");
  await a.waitFor("message", (u) => u.id === 7);
  await i.send("MODE #den +im");
  assert.deepEqual((await i.waitFor("MODE")).params, ["#den", "+i+m"]);
  await i.send("MODE #den");
  assert.deepEqual((await i.waitFor("324")).params.slice(1), ["#den", "+imt"]);
  const c = await srv.user("carol");
  await c.send(`(join :id 8 :channel "den")`);
  await expectFailure(c, "insufficient-permissions", 8);
  const j = await srv.ircUser("dave");
  await j.send("JOIN #den");
  assert.equal((await j.waitFor("473")).params[1], "#den");
  await a.send(`(message :id 9 :channel "den" :text "moderated")`);
  await a.waitFor("insufficient-permissions", (u) => u.id === 9);
  await i.send("MODE #den -i-m");
  await i.waitFor("MODE");
  await c.send(`(join :id 10 :channel "den")`);
  assert.equal((await c.waitFor("join", (u) => u.channel === "den")).id, 10);
});

ircTest(
  "MODE: who may not change the rules gets 482; unknown modes 472; user modes",
  async (srv) => {
    const { i } = await den(srv);
    const j = await srv.ircUser("carol");
    await j.send("JOIN #den");
    await j.waitFor("366", (m) => m.params[1] === "#den");
    await j.send("MODE #den +o carol");
    assert.equal((await j.waitFor("482")).params[1], "#den");
    await j.send("MODE #den +k secret");
    assert.equal((await j.waitFor("472")).params[1], "k");
    await j.send("MODE carol");
    assert.deepEqual((await j.waitFor("221")).params, ["carol", "+"]);
    await j.send("MODE carol +i");
    assert.deepEqual((await j.waitFor("MODE")).params, ["carol", "+i"]);
    await j.send("MODE carol");
    assert.deepEqual((await j.waitFor("221")).params, ["carol", "+i"]);
    await j.send("MODE carol +w");
    await j.waitFor("501");
    await j.send("MODE bob +i");
    await j.waitFor("502");
    void i;
  },
);
