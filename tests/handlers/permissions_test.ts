/** §5.3.2 permissions, grant and deny, checked by view and by effect. */
import assert from "node:assert/strict";
import { isSym, type Update, type Value } from "../../protocol/mod.ts";
import type { RawClient } from "../helpers/raw.ts";
import { nextId } from "../helpers/raw.ts";
import { room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

/** The rule for `type` in a permissions reply, in a comparable form. */
function rule(reply: Update, type: string): string {
  for (const r of reply.permissions as Value[][]) {
    if (isSym(r[0]) && r[0].name === type) return show(r[1]);
  }
  return "T"; // no rule: anyone
}

function show(v: Value): string {
  if (isSym(v)) return v.name.toUpperCase();
  const [op, ...names] = v as Value[];
  return `(${(op as { name: string }).name} ${names.join(" ")})`.replace(/ \)$/, ")");
}

async function view(c: RawClient, channel = "room"): Promise<Update> {
  const id = nextId();
  await c.send(`(permissions :id ${id} :channel "${channel}")`);
  const r = await c.waitFor("permissions", (u) => u.id === id);
  return r;
}

serverTest("permissions: view the full rule set; others may not", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const r = await view(a);
  assert.equal(r.channel, "room");
  assert.equal(rule(r, "kick"), "(+ alice)");
  assert.equal(rule(r, "message"), "T");
  await b.send('(permissions :id 1 :channel "room")');
  assert.equal((await b.expect("insufficient-permissions"))["update-id"], 1);
});

serverTest(
  "permissions: change rules; each bad rule gets invalid-permissions, good ones apply",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await a.send(
      '(permissions :id 2 :channel "room" :permissions ((message (+ "alice")) (nonsense T) (join 5) (leave (- "bob"))))',
    );
    const f1 = await a.expect("invalid-permissions");
    const f2 = await a.expect("invalid-permissions");
    assert.equal(f1["update-id"], 2);
    assert.equal(f2["update-id"], 2);
    const r = await a.expect("permissions");
    assert.equal(r.id, 2);
    assert.equal(rule(r, "message"), "(+ alice)");
    assert.equal(rule(r, "leave"), "(- bob)");
    await b.send('(message :id 3 :channel "room" :text "muted?")');
    assert.equal((await b.expect("insufficient-permissions"))["update-id"], 3);
    await b.send('(leave :id 4 :channel "room")');
    await b.expect("insufficient-permissions");
  },
);

serverTest(
  "grant: T stays, NIL becomes (+ user), exclusion loses, inclusion gains",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    const grant = async (type: string) => {
      const id = nextId();
      await a.send(`(grant :id ${id} :channel "room" :target "bob" :update ${type})`);
      const echo = await a.waitFor("grant", (u) => u.id === id);
      assert.equal(echo.target, "bob");
    };
    // Inclusion gains the user: kick is (+ alice).
    await grant("kick");
    assert.equal(rule(await view(a), "kick"), "(+ alice bob)");
    // T stays T.
    await grant("message");
    assert.equal(rule(await view(a), "message"), "T");
    // NIL becomes (+ bob).
    await a.send('(permissions :id 5 :channel "room" :permissions ((join NIL)))');
    await a.waitFor("permissions");
    await grant("join");
    assert.equal(rule(await view(a), "join"), "(+ bob)");
    // An exclusion loses the user.
    await a.send('(permissions :id 6 :channel "room" :permissions ((users (- "bob" "carol"))))');
    await a.waitFor("permissions");
    await grant("users");
    assert.equal(rule(await view(a), "users"), "(- carol)");
    // Effect: bob may now kick.
    const c = await srv.user("carol");
    // (join is (+ bob) now, so alice pulls carol in.)
    await a.send('(pull :id 7 :channel "room" :target "carol")');
    await c.waitFor("join", (u) => u.channel === "room");
    await b.send('(kick :id 8 :channel "room" :target "carol")');
    assert.equal((await b.waitFor("kick")).id, 8);
  },
);

serverTest("deny: T becomes (- user), NIL stays, exclusion gains, inclusion loses", async (srv) => {
  const [a, b] = await room(srv, "room", "alice", "bob");
  const deny = async (type: string) => {
    const id = nextId();
    await a.send(`(deny :id ${id} :channel "room" :target "bob" :update ${type})`);
    await a.waitFor("deny", (u) => u.id === id);
  };
  await deny("message");
  assert.equal(rule(await view(a), "message"), "(- bob)");
  await deny("message");
  assert.equal(rule(await view(a), "message"), "(- bob)", "not added twice");
  await a.send(
    '(permissions :id 9 :channel "room" :permissions ((join NIL) (pull (+ "alice" "bob"))))',
  );
  await a.waitFor("permissions");
  await deny("join");
  assert.equal(rule(await view(a), "join"), "NIL");
  await deny("pull");
  assert.equal(rule(await view(a), "pull"), "(+ alice)");
  // Effect: bob can no longer send messages.
  await b.send('(message :id 10 :channel "room" :text "hi")');
  assert.equal((await b.waitFor("insufficient-permissions"))["update-id"], 10);
});

serverTest(
  "grant/deny: only the registrant; an unknown update type is invalid-permissions",
  async (srv) => {
    const [a, b] = await room(srv, "room", "alice", "bob");
    await b.send('(grant :id 11 :channel "room" :target "bob" :update kick)');
    assert.equal((await b.expect("insufficient-permissions"))["update-id"], 11);
    await a.send('(deny :id 12 :channel "room" :target "bob" :update frobnicate)');
    assert.equal((await a.expect("invalid-permissions"))["update-id"], 12);
  },
);
