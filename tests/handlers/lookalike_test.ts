/**
 * Look-alike names (TR39 confusables skeleton): a name that looks like a
 * user's, a profile's or a channel's is taken; the name itself stays its
 * own identity.
 */
import assert from "node:assert/strict";
import { skeleton } from "../../server/lookalike.ts";
import { expectFailure } from "../helpers/failures.ts";
import { eventually, serverTest } from "../helpers/server.ts";

const CYRILLIC_A = "\u0430";

Deno.test("skeleton folds case, confusables, marks and ignorables; not every difference", () => {
  assert.equal(skeleton(`${CYRILLIC_A}lice`), skeleton("alice"));
  assert.equal(skeleton("ALICE"), skeleton("alice"));
  assert.equal(skeleton("\u0410LICE"), skeleton("alice"), "Cyrillic capital А");
  assert.equal(skeleton("r00t"), skeleton("root"));
  assert.equal(skeleton("rnary"), skeleton("mary"));
  assert.equal(skeleton("al\u200dice"), skeleton("alice"), "a zero-width joiner");
  assert.equal(skeleton("caf\u00e9"), skeleton("cafe\u0301"), "composed or not");
  assert.notEqual(skeleton("alice"), skeleton("alicia"));
  assert.notEqual(skeleton("café"), skeleton("cafe"));
});

/** A connect as `name` without a password, and its answer. */
async function tryName(srv: Parameters<Parameters<typeof serverTest>[1]>[0], name: string) {
  const c = await srv.client();
  await c.send(`(connect :id 1 :version "2.0" :from "${name}" :extensions ())`);
  return c;
}

serverTest("a look-alike of an online user's name is taken (username-taken)", async (srv) => {
  await srv.user("alice");
  const fake = await tryName(srv, `${CYRILLIC_A}lice`);
  const f = await expectFailure(fake, "username-taken", 1);
  assert.match(String(f.text), /looks like alice/);
  await fake.waitClosed();
  const other = await tryName(srv, "A1ICE");
  await expectFailure(other, "username-taken", 1);
  // The server's own name too.
  await expectFailure(
    await tryName(srv, srv.server.options.name.replace("e", "\u0435")),
    "username-taken",
    1,
  );
});

serverTest("a look-alike of a registered name is taken while its owner is away", async (srv) => {
  const alice = await srv.admin("alice");
  alice.close();
  await eventually(() => !srv.server.actor.users.has("alice"), "alice gone");
  await expectFailure(await tryName(srv, `${CYRILLIC_A}lice`), "username-taken", 1);
  // The owner logs in as ever.
  const back = await srv.user("alice", "alice-password");
  assert.equal(back.name, "alice");
});

serverTest(
  "once the look-alike's owner is gone and unregistered, the name is free",
  async (srv) => {
    const alice = await srv.user("alice");
    alice.close();
    await eventually(() => !srv.server.actor.users.has("alice"), "alice gone");
    const c = await srv.user(`${CYRILLIC_A}lice`);
    assert.equal(c.name, `${CYRILLIC_A}lice`);
    // And now the Latin one looks like it.
    await expectFailure(await tryName(srv, "alice"), "username-taken", 1);
  },
);

serverTest("a channel whose name looks like an existing one's is taken", async (srv) => {
  const c = await srv.user("alice");
  await c.send('(create :id 2 :channel "lobby")');
  await c.waitFor("join", (u) => u.id === 2);
  await c.send(`(create :id 3 :channel "l0bby")`);
  const f = await expectFailure(c, "channelname-taken", 3);
  assert.match(String(f.text), /looks like lobby/);
  await c.send(`(create :id 4 :channel "${srv.server.options.name.toUpperCase()}")`);
  await expectFailure(c, "channelname-taken", 4);
  await c.send('(create :id 5 :channel "lobby two")');
  assert.equal((await c.waitFor("join", (u) => u.id === 5)).channel, "lobby two");
});

serverTest("after many users came and went, look-alikes are still found", async (srv) => {
  // More stale names than live ones: the index is made anew on the way.
  for (let i = 0; i < 80; i++) {
    const c = await srv.user(`passer ${i}`);
    c.close();
    await eventually(() => !srv.server.actor.users.has(`passer ${i}`), "gone");
  }
  await srv.user("alice");
  await expectFailure(await tryName(srv, `${CYRILLIC_A}lice`), "username-taken", 1);
  const c = await srv.user("passer 1");
  assert.equal(c.name, "passer 1", "a stale name is free again");
});
