/** shirakumo-channel-trees: nested channels, created under their parents, listed a level at a time. */
import assert from "node:assert/strict";
import { settle } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";
import { expectFailure } from "../helpers/failures.ts";

serverTest("trees: a child needs its parent, whose rules decide", async (srv) => {
  const a = await srv.user("alice");
  const b = await srv.user("bob");
  await settle([a, b]);
  await a.send('(create :id 1 :channel "games/chess")');
  await expectFailure(a, "shirakumo:no-such-parent-channel", 1);
  await a.send('(create :id 2 :channel "games")');
  await a.expect("join");
  await a.send('(create :id 3 :channel "games/chess")');
  assert.equal((await a.expect("join")).channel, "games/chess");
  await a.send('(create :id 4 :channel "games/chess/blitz")');
  assert.equal((await a.expect("join")).channel, "games/chess/blitz");
  for (const bad of ["games//go", "/go", "go/"]) {
    await a.send(`(create :id 5 :channel "${bad}")`);
    assert.equal((await a.expect("bad-name"))["update-id"], 5, bad);
  }
  // The parent's rules, not the primary channel's.
  await a.send('(deny :id 6 :channel "games" :target "bob" :update create)');
  await a.expect("deny");
  await b.send('(create :id 7 :channel "games/go")');
  await expectFailure(b, "insufficient-permissions", 7);
  await b.send('(create :id 8 :channel "puzzles")');
  assert.equal((await b.expect("join")).channel, "puzzles");
});

serverTest("trees: channels lists one level below the named channel", async (srv) => {
  const a = await srv.user("alice");
  for (
    const [i, name] of ["games", "games/chess", "games/chess/blitz", "games/go", "music"].entries()
  ) {
    await a.send(`(create :id ${i + 1} :channel "${name}")`);
    await a.waitFor("join", (u) => u.channel === name);
  }
  await a.send("(channels :id 10)");
  assert.deepEqual(
    new Set((await a.expect("channels")).channels as string[]),
    new Set([srv.server.options.name, "games", "music"]),
  );
  await a.send('(channels :id 11 :channel "GAMES")');
  const kids = await a.expect("channels");
  assert.deepEqual(new Set(kids.channels as string[]), new Set(["games/chess", "games/go"]));
  assert.equal(kids.channel, "games");
  await a.send('(channels :id 12 :channel "games/chess")');
  assert.deepEqual((await a.expect("channels")).channels, ["games/chess/blitz"]);
  const reply = await (await srv.client()).handshake("bob");
  assert.ok((reply.extensions as string[]).includes("shirakumo-channel-trees"));
});
