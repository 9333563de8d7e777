/** §5.3.2 deny: each rule transition, by view and by effect. */
import assert from "node:assert/strict";
import { rule, view } from "../helpers/rules.ts";
import { nextId } from "../helpers/raw.ts";
import { room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

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
