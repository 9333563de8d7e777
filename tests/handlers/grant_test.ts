/** §5.3.2 grant: each rule transition, by view and by effect. */
import assert from "node:assert/strict";
import { rule, view } from "../helpers/rules.ts";
import { nextId } from "../helpers/raw.ts";
import { room } from "../helpers/scene.ts";
import { serverTest } from "../helpers/server.ts";

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
